/**
 * The server's REST endpoints beside KMIP: new encrypted databases, the version, access rights
 * and owned objects. Answers are checked before they are typed.
 * @module
 */
import { KmsRequestError } from './errors.js';
import { HttpTransport, type HttpConnectionOptions } from './http-transport.js';

/** An object the caller owns (`GET /access/owned`). */
export interface OwnedObject {
  readonly objectId: string;
  readonly state: string;
  /** The object's attributes as the server lists them (JSON TTLV-like). */
  readonly attributes: unknown;
  readonly isWrapped: boolean;
}

/** Someone's rights on an object (`GET /access/list/{id}`). */
export interface AccessGrant {
  readonly userId: string;
  readonly operations: readonly string[];
}

/** Rights others granted the caller (`GET /access/obtained`). */
export interface ObtainedAccess {
  readonly objectId: string;
  readonly ownerId: string;
  readonly state: string;
  readonly operations: readonly string[];
}

/** A grant or revocation. */
export interface AccessChange {
  readonly uniqueIdentifier: string;
  readonly userId: string;
  /** Operation types: create, decrypt, destroy, encrypt, export, get, getattributes, locate, revoke, rekey, sign, ... */
  readonly operations: readonly string[];
}

function bad(path: string): KmsRequestError {
  return new KmsRequestError(200, 'Invalid_Response', `${path} answered an unexpected shape`);
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(path);
  return v as Record<string, unknown>;
}

function str(o: Record<string, unknown>, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw bad(path);
  return v;
}

function strings(o: Record<string, unknown>, key: string, path: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) throw bad(path);
  return v;
}

function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw bad(path);
  return v;
}

/** REST calls to one server. */
export class KmsRestClient {
  readonly #http: HttpTransport;

  /** Connects on its own, or shares the HTTP connection of a KmsHttpClient (`client.transport`). */
  constructor(o: HttpConnectionOptions | HttpTransport) {
    this.#http = o instanceof HttpTransport ? o : new HttpTransport(o);
  }

  /** Creates an encrypted database (`sqlite-enc` servers only) and returns its secret: the only copy. */
  async newDatabase(): Promise<string> {
    const v = await this.#http.json('POST', '/new_database');
    if (typeof v !== 'string' || v === '') throw bad('/new_database');
    return v;
  }

  /** The server's version string. */
  async serverVersion(): Promise<string> {
    const v = await this.#http.json('GET', '/version');
    if (typeof v !== 'string') throw bad('/version');
    return v;
  }

  /** Grants a user operations on an object the caller owns. */
  async grantAccess(c: AccessChange): Promise<string> {
    return str(record(await this.#http.json('POST', '/access/grant', body(c)), '/access/grant'), 'success', '/access/grant');
  }

  /** Takes operations back. */
  async revokeAccess(c: AccessChange): Promise<string> {
    return str(record(await this.#http.json('POST', '/access/revoke', body(c)), '/access/revoke'), 'success', '/access/revoke');
  }

  /** Who holds which rights on an object the caller owns. */
  async listAccess(uniqueIdentifier: string): Promise<AccessGrant[]> {
    const path = `/access/list/${encodeURIComponent(uniqueIdentifier)}`;
    return array(await this.#http.json('GET', path), path).map((e) => {
      const o = record(e, path);
      return { userId: str(o, 'user_id', path), operations: strings(o, 'operations', path) };
    });
  }

  /** The objects the caller owns. */
  async ownedObjects(): Promise<OwnedObject[]> {
    const path = '/access/owned';
    return array(await this.#http.json('GET', path), path).map((e) => {
      const o = record(e, path);
      return { objectId: str(o, 'object_id', path), state: str(o, 'state', path), attributes: o['attributes'], isWrapped: o['is_wrapped'] === true };
    });
  }

  /** The rights others granted the caller. */
  async obtainedAccess(): Promise<ObtainedAccess[]> {
    const path = '/access/obtained';
    return array(await this.#http.json('GET', path), path).map((e) => {
      const o = record(e, path);
      return { objectId: str(o, 'object_id', path), ownerId: str(o, 'owner_id', path), state: str(o, 'state', path), operations: strings(o, 'operations', path) };
    });
  }

  /** Closes idle connections (a shared transport is closed by its owner too). */
  close(): void {
    this.#http.close();
  }
}

function body(c: AccessChange): unknown {
  return { unique_identifier: c.uniqueIdentifier, user_id: c.userId, operation_types: c.operations };
}

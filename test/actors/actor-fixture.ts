/**
 * A KmsActor over a temporary SQLite store (plain or SQLCipher), called the way the gateway calls
 * it: JSON TTLV bytes in, JSON TTLV bytes out, failures thrown as KmsError. Time is a manual clock.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KmsActor, type ActorOptions } from '../../src/actors/actor.js';
import { AeadRunner } from '../../src/crypto/aead-runner.js';
import { CachingStore } from '../../src/storage/caching-store.js';
import { silentLogger } from '../../src/lib/logger.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { createRequest, getRequest, parseResponse, textField, toJson } from '../helpers/kmip-requests.js';
import { rawKeyOf } from './helpers.js';
import type { CreateOptions } from '../helpers/kmip-requests.js';
import type { ResultReason } from '../../src/kmip/kmip-error.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';
import type { ErrorCode } from '../../src/protocol/wire-error.js';
import type { AuditRecord, RequestKind } from '../../src/protocol/messages.js';
import type { SqliteStore } from '../../src/storage/sqlite-store.js';

/** Which kind of database the actor serves. */
export type StoreKind = 'plain' | 'encrypted';

/** Both kinds, for suites that must hold on either. */
export const STORE_KINDS: readonly StoreKind[] = ['plain', 'encrypted'];

/** The user the gateway uses when no authentication is configured. */
export const DEFAULT_USER = 'admin';

/** The fixture clock's starting time (ms since the epoch). */
export const START_TIME = 1_700_000_000_000;

/** What an expected failure must look like; a bare reason means code KMIP_ERROR with that reason. */
export type ExpectedFailure = ResultReason | { readonly code: ErrorCode; readonly reason?: ResultReason; readonly message?: RegExp };

/** Fixture options. */
export interface FixtureOptions {
  /** Put the read cache the actor host uses in front of the store. */
  readonly cached?: boolean;
  /** What the worker configuration would tell the actor (privileged users, API token key, limits). */
  readonly actor?: ActorOptions;
}

/** Asserts that an error is the expected KmsError and returns it. */
function checkFailure(error: unknown, expected: ExpectedFailure): KmsError {
  assert.ok(error instanceof KmsError, `expected a KmsError, got ${String(error)}`);
  const want = typeof expected === 'string' ? { code: 'KMIP_ERROR' as const, reason: expected } : expected;
  assert.equal(error.code, want.code, `code of: ${error.message}`);
  assert.equal(error.reason, want.reason, `reason of: ${error.message}`);
  if (want.message !== undefined) assert.match(error.message, want.message);
  return error;
}

/** An actor, its store and its temp directory; `close` removes everything. */
export class ActorFixture {
  readonly dir: string;
  readonly file: string;
  /** The SQLite store itself (under the cache, when there is one). */
  readonly store: SqliteStore;
  readonly actor: KmsActor;
  /** The copy of the database key handed to the actor (which wipes it on close), or null. */
  readonly actorKey: Uint8Array | null;
  /** The audit records of the last request sent. */
  lastAudit: AuditRecord[] = [];
  #now = START_TIME;
  #closed = false;

  constructor(
    readonly kind: StoreKind,
    options: FixtureOptions = {},
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-actor-'));
    this.file = path.join(this.dir, kind === 'plain' ? 'kms.sqlite' : 'tenant.sqlite');
    try {
      const key = kind === 'encrypted' ? new Uint8Array(randomBytes(32)) : undefined;
      this.store = key === undefined ? openSqliteStore({ file: this.file, mode: 'open-or-create' }) : openSqliteStore({ file: this.file, key, mode: 'create-new' });
      this.actorKey = key === undefined ? null : Uint8Array.from(key);
      // An offload threshold no payload reaches keeps every cipher call inline: no threads here.
      const aead = new AeadRunner(Number.MAX_SAFE_INTEGER);
      const store = options.cached === true ? new CachingStore(this.store) : this.store;
      this.actor = new KmsActor(`test-${kind}`, store, this.actorKey, silentLogger, () => this.#now, aead, options.actor);
    } catch (error) {
      fs.rmSync(this.dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The clock the actor sees. */
  now(): number {
    return this.#now;
  }

  /** Moves the actor's clock forward. */
  advance(ms: number): void {
    this.#now += ms;
  }

  /** Sends raw bytes, as the gateway would; the answer must come synchronously (all work inline). */
  send(kind: RequestKind, body: Uint8Array, user = DEFAULT_USER): Uint8Array {
    this.lastAudit = [];
    const out = this.actor.handle(kind, user, body, this.lastAudit);
    if (out instanceof Promise) {
      out.catch(() => undefined);
      throw new Error('the actor answered asynchronously although no payload reaches the offload threshold');
    }
    return out;
  }

  /** Sends raw bytes and waits for the answer, for operations that finish on another thread (key generation). */
  async sendAsync(kind: RequestKind, body: Uint8Array, user = DEFAULT_USER): Promise<Uint8Array> {
    this.lastAudit = [];
    return await this.actor.handle(kind, user, body, this.lastAudit);
  }

  /** Runs a request that must succeed, synchronously or not, and returns the parsed response. */
  async callAsync(node: TtlvNode, user = DEFAULT_USER): Promise<TtlvStructure> {
    return parseResponse(await this.sendAsync('kmip', Buffer.from(toJson(node), 'utf8'), user));
  }

  /** Runs a request that must fail as expected, synchronously or not, and returns the error. */
  async callErrorAsync(node: TtlvNode, expected: ExpectedFailure, user = DEFAULT_USER): Promise<KmsError> {
    let response: Uint8Array;
    try {
      response = await this.sendAsync('kmip', Buffer.from(toJson(node), 'utf8'), user);
    } catch (error) {
      return checkFailure(error, expected);
    }
    assert.fail(`expected a failure, got ${Buffer.from(response).toString('utf8')}`);
  }

  /** Runs a request that must succeed and returns the parsed response. */
  call(node: TtlvNode, user = DEFAULT_USER): TtlvStructure {
    return parseResponse(this.send('kmip', Buffer.from(toJson(node), 'utf8'), user));
  }

  /** Runs a request that must fail as expected and returns the error. */
  callError(node: TtlvNode, expected: ExpectedFailure, user = DEFAULT_USER): KmsError {
    return this.sendError(Buffer.from(toJson(node), 'utf8'), expected, user);
  }

  /** Sends raw bytes that must fail as expected and returns the error. */
  sendError(body: Uint8Array, expected: ExpectedFailure, user = DEFAULT_USER): KmsError {
    let response: Uint8Array;
    try {
      response = this.send('kmip', body, user);
    } catch (error) {
      return checkFailure(error, expected);
    }
    assert.fail(`expected a failure, got ${Buffer.from(response).toString('utf8')}`);
  }

  /** The `owned` listing for a user, parsed. */
  owned(user = DEFAULT_USER): unknown {
    return JSON.parse(Buffer.from(this.send('owned', new Uint8Array(0), user)).toString('utf8'));
  }

  /** A non-KMIP request (grant, revoke, list-access, obtained) that must succeed, its JSON answer parsed. */
  access(kind: RequestKind, body: unknown, user = DEFAULT_USER): unknown {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(JSON.stringify(body ?? null), 'utf8');
    return JSON.parse(Buffer.from(this.send(kind, bytes, user)).toString('utf8'));
  }

  /** A non-KMIP request that must fail as expected; returns the error. */
  accessError(kind: RequestKind, body: unknown, expected: ExpectedFailure, user = DEFAULT_USER): KmsError {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(JSON.stringify(body ?? null), 'utf8');
    let response: Uint8Array;
    try {
      response = this.send(kind, bytes, user);
    } catch (error) {
      return checkFailure(error, expected);
    }
    assert.fail(`expected a failure, got ${Buffer.from(response).toString('utf8')}`);
  }

  /** Grants operations on an object, as its owner. */
  grant(uid: string, userId: string, operations: readonly string[], owner = DEFAULT_USER): void {
    this.access('grant', { unique_identifier: uid, user_id: userId, operation_types: operations }, owner);
  }

  /** Creates a symmetric key (AES-256 unless told otherwise) and returns its identifier. */
  create(o: CreateOptions = {}, user = DEFAULT_USER): string {
    return textField(this.call(createRequest(o), user), 'UniqueIdentifier');
  }

  /** The raw key bytes of an Active key, read back with Get. */
  keyBytes(uid: string, user = DEFAULT_USER): Uint8Array {
    return rawKeyOf(this.call(getRequest(uid), user));
  }

  /** Closes the actor and removes the temp directory (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.actor.close();
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Opens a fresh actor over a new temp store of the given kind. */
export function openActorFixture(kind: StoreKind = 'plain', options: FixtureOptions = {}): ActorFixture {
  return new ActorFixture(kind, options);
}

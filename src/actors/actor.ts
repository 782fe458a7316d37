/**
 * One actor = one open database. It decodes a request, runs the operation (or each item of a
 * Message batch, in order), and encodes the answer, in JSON TTLV or, for `kmip-binary`, binary
 * TTLV of any KMIP version; it also serves the access-management and
 * API-token requests, and records what each request did for the audit log. Requests reach it
 * one at a time.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { shown } from '../kmip/client-text.js';
import { isOperationName } from '../kmip/enums.js';
import { decodeRequestMessage, encodeResponseMessage, type BatchItem, type BatchResult } from '../kmip/messages.js';
import { BinaryMessageError, decodeBinaryRequest, type BinaryRequest } from '../kmip/binary/request-message.js';
import { encodeBinaryResponse } from '../kmip/binary/response-message.js';
import { binaryFailureResponse } from '../kmip/binary/failure-message.js';
import { peekBinaryVersion } from '../kmip/binary/credential.js';
import { levelOf } from '../kmip/binary/protocol-versions.js';
import { IdPlaceholder } from '../kmip/binary/id-placeholder.js';
import { DEFAULT_TTLV_LIMITS, encodeJsonTtlvBytes, parseJsonTtlv } from '../kmip/ttlv/json.js';
import { asStructure } from '../kmip/ttlv/read.js';
import { attributesToJson } from '../kmip/attributes-json.js';
import { KmsError } from '../protocol/wire-error.js';
import { zeroize } from '../crypto/zeroize.js';
import { AeadRunner } from '../crypto/aead-runner.js';
import { KeyCache } from './key-cache.js';
import { mapMaybe, sequence, type MaybePromise } from '../lib/maybe-async.js';
import { OPERATION_TABLE } from './dispatch.js';
import { classify } from './failures.js';
import { visibleAttributes } from './stored-object.js';
import { applyDueTransitions } from './lifecycle.js';
import { isStoredWrapped } from './asymmetric-keys.js';
import { withLegacyKeyFormat } from './legacy-key-format.js';
import { checkMayCreate } from './access-rules.js';
import { grantAccess, listAccess, obtainedAccess, parseAccessRequest, parseObjectId, revokeAccess } from './access-requests.js';
import { ApiTokenCheck } from './api-token.js';
import { auditRecord, failureResult, observe, operationObjectId } from './audit.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
import type { Logger } from '../lib/logger.js';
import type { AuditRecord, RequestKind } from '../protocol/messages.js';
import type { TtlvLimits } from '../kmip/ttlv/limits.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { OperationContext } from './context.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What the worker configuration tells an actor. */
export interface ActorOptions {
  /** When a list, only these users may create or import objects. */
  readonly privilegedUsers?: readonly string[] | null;
  /** The API token key's identifier, or null when API tokens are off. */
  readonly apiTokenId?: string | null;
  /** JSON TTLV decoding bounds for requests. */
  readonly ttlvLimits?: TtlvLimits;
}

/** An open database and the requests it serves. */
export class KmsActor {
  #key: Uint8Array | null;
  readonly #ownsAead: boolean;
  readonly #keys = new KeyCache();
  readonly #privileged: ReadonlySet<string> | null;
  readonly #apiToken: ApiTokenCheck;
  readonly #limits: TtlvLimits;
  private readonly aead: AeadRunner;

  constructor(
    readonly actorId: string,
    private readonly store: ObjectStore,
    key: Uint8Array | null,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    aead?: AeadRunner,
    options: ActorOptions = {},
  ) {
    this.#key = key;
    this.aead = aead ?? new AeadRunner();
    this.#ownsAead = aead === undefined;
    this.#privileged = options.privilegedUsers == null ? null : new Set(options.privilegedUsers);
    this.#apiToken = new ApiTokenCheck(options.apiTokenId ?? null);
    this.#limits = options.ttlvLimits ?? DEFAULT_TTLV_LIMITS;
  }

  /**
   * Serves one request and returns the response body (later, if the work went to another thread);
   * what it did is appended to `audit`, whether it succeeds or fails.
   */
  handle(kind: RequestKind, user: string, body: Uint8Array, audit: AuditRecord[] = []): MaybePromise<Uint8Array> {
    const ctx: OperationContext = { store: this.store, user, now: this.now, aead: this.aead, keys: this.#keys };
    if (kind === 'kmip') {
      this.#recorded(audit, 'kmip', noObject, () => { this.#applyDue(ctx); }, true);
      return mapMaybe(this.#kmip(ctx, body, audit), encodeJsonTtlvBytes);
    }
    if (kind === 'kmip-binary') return this.#kmipBinary({ ...ctx, dialect: 'kmip' }, body, audit);
    let objectId: string | null = null;
    return this.#recorded(audit, kind, () => objectId, (): Uint8Array => {
      // attach: reaching an open actor is the whole answer.
      if (kind === 'attach') return new Uint8Array(0);
      this.#applyDue(ctx);
      switch (kind) {
        case 'owned':
          return json(this.#owned(ctx));
        case 'obtained':
          return json(this.#orFailSync(() => obtainedAccess(ctx)));
        case 'grant':
        case 'revoke': {
          const req = this.#orFailSync(() => parseAccessRequest(body));
          objectId = req.uniqueIdentifier;
          return json(this.#orFailSync(() => (kind === 'grant' ? grantAccess(ctx, req) : revokeAccess(ctx, req))));
        }
        case 'list-access': {
          const uid = this.#orFailSync(() => parseObjectId(body));
          objectId = uid;
          return json(this.#orFailSync(() => listAccess(ctx, uid)));
        }
        case 'api-token': {
          objectId = this.#apiToken.tokenId;
          if (this.#apiToken.matches(ctx, body)) return Uint8Array.of(1);
          // A refusal is an answer, not a failure; recorded here so the audit log still shows it.
          audit.push(auditRecord(kind, objectId, 'Authentication_Not_Successful'));
          return Uint8Array.of(0);
        }
      }
    });
  }

  /** Dates that came due since the last request move their objects first, so every operation sees current states. */
  #applyDue(ctx: OperationContext): void {
    this.#orFailSync(() => {
      applyDueTransitions(ctx);
    });
  }

  /**
   * Runs fn and records its failure; its success too unless `failuresOnly` (a KMIP request's
   * preamble, whose operations record themselves) or fn already recorded an outcome.
   */
  #recorded<T>(audit: AuditRecord[], operation: string, objectId: () => string | null, fn: () => T, failuresOnly = false): T {
    const before = audit.length;
    let out: T;
    try {
      out = fn();
    } catch (err) {
      audit.push(auditRecord(operation, objectId(), failureResult(err)));
      throw err;
    }
    if (!failuresOnly && audit.length === before) audit.push(auditRecord(operation, objectId(), 'Success'));
    return out;
  }

  #kmip(ctx: OperationContext, body: Uint8Array, audit: AuditRecord[]): MaybePromise<TtlvNode> {
    const root = this.#recorded(audit, 'kmip', noObject, () => {
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        throw new KmsError('KMIP_ERROR', 'the request body is not valid UTF-8', 'Invalid_Message');
      }
      return this.#orFailSync(() => asStructure(parseJsonTtlv(text, this.#limits), 'request'));
    }, true);
    if (root.tag === 'Message') return this.#batch(ctx, root, audit);
    const operation = root.tag;
    if (!isOperationName(operation)) {
      audit.push(auditRecord(operation, null, 'Operation_Not_Supported'));
      throw new KmsError('UNKNOWN_OPERATION', `Operation: ${shown(operation)}`);
    }
    return observe(
      () => this.#orFail(() => {
        checkMayCreate(operation, ctx.user, this.#privileged);
        return OPERATION_TABLE[operation](ctx, root);
      }),
      (node) => { audit.push(auditRecord(operation, operationObjectId(operation, root, node), 'Success')); },
      (err) => { audit.push(auditRecord(operation, operationObjectId(operation, root), failureResult(err))); },
    );
  }

  #toKmsError(err: unknown): KmsError {
    const f = classify(err, this.logger);
    return f instanceof KmsError ? f : new KmsError('KMIP_ERROR', f.message, f.reason);
  }

  /** Runs fn; a KMIP failure, thrown now or later, becomes a KmsError carrying its reason. */
  #orFail<T>(fn: () => MaybePromise<T>): MaybePromise<T> {
    try {
      const out = fn();
      return out instanceof Promise ? out.catch((err: unknown) => { throw this.#toKmsError(err); }) : out;
    } catch (err) {
      throw this.#toKmsError(err);
    }
  }

  #batch(ctx: OperationContext, root: TtlvStructure, audit: AuditRecord[]): MaybePromise<TtlvNode> {
    const msg = this.#recorded(audit, 'Message', noObject, () => this.#orFailSync(() => decodeRequestMessage(root)), true);
    // Items run one after another, in order, each with its own result.
    const results = sequence(msg.items, (item) => this.#runItem(ctx, item, audit));
    return mapMaybe(results, (r) => encodeResponseMessage(msg, r, Math.floor(this.now() / 1000)));
  }

  /** Runs one batch item; its failure becomes its result. `invalid`: why it cannot run at all. */
  #runItem(ctx: OperationContext, item: BatchItem, audit: AuditRecord[], invalid?: KmipError): MaybePromise<BatchResult> {
    const failed = (err: unknown): BatchResult => {
      const f = classify(err, this.logger);
      const failure = f instanceof KmsError ? { reason: 'General_Failure' as const, message: f.message } : f;
      audit.push(auditRecord(item.operation, operationObjectId(item.operation, item.request), failure.reason));
      return { operation: item.operation, uniqueBatchItemId: item.uniqueBatchItemId, reason: failure.reason, message: failure.message };
    };
    try {
      if (invalid !== undefined) throw invalid;
      const op = item.operation;
      if (!isOperationName(op)) throw new KmipError('Operation_Not_Supported', `Operation: ${shown(op)}`);
      checkMayCreate(op, ctx.user, this.#privileged);
      const out = mapMaybe(OPERATION_TABLE[op](ctx, item.request), (node): BatchResult => {
        const payload = asStructure(node, 'response');
        audit.push(auditRecord(op, operationObjectId(op, item.request, node), 'Success'));
        return { operation: item.operation, uniqueBatchItemId: item.uniqueBatchItemId, payload };
      });
      return out instanceof Promise ? out.catch(failed) : out;
    } catch (err) {
      return failed(err);
    }
  }

  /** A binary TTLV request Message, answered in its version; a message that cannot be read gets a failure answer. */
  #kmipBinary(ctx: OperationContext, body: Uint8Array, audit: AuditRecord[]): MaybePromise<Uint8Array> {
    const seconds = (): number => Math.floor(this.now() / 1000);
    // `read`: the version the decoder read, wherever the header put it; the fixed-offset peek only when it read none.
    const answerFailure = (err: unknown, read?: BinaryRequest['protocolVersion']): Uint8Array => {
      const f = classify(err, this.logger);
      const reason = f instanceof KmsError ? (f.reason ?? 'General_Failure') : f.reason;
      if (err instanceof BinaryMessageError) return binaryFailureResponse(err.version, reason, f.message, seconds(), err.items);
      return binaryFailureResponse(read ?? peekBinaryVersion(body), reason, f.message, seconds());
    };
    let req: BinaryRequest;
    try {
      req = this.#recorded(audit, 'Message', noObject, () => {
        this.#applyDue(ctx);
        return decodeBinaryRequest(body, this.#limits);
      }, true);
    } catch (err) {
      return answerFailure(err);
    }
    let stopped = false;
    const placeholder = new IdPlaceholder();
    const results = sequence(req.items, (item): MaybePromise<BatchResult | undefined> => {
      if (stopped) return undefined;
      const request = withLegacyKeyFormat(ctx, item.operation, placeholder.fill(item.operation, item.request), levelOf(req.protocolVersion));
      return mapMaybe(this.#runItem(ctx, { ...item, request }, audit, item.invalid), (r) => {
        if ('payload' in r) placeholder.note(r.payload);
        else stopped = req.stopOnError;
        return r;
      });
    });
    const encode = (r: readonly (BatchResult | undefined)[]): Uint8Array => {
      try {
        return encodeBinaryResponse(req, r.filter((x) => x !== undefined), seconds(), (operation, err) => {
          // The client gets a fixed General Failure for this item; what went wrong is for the log.
          this.logger.error('a binary response item could not be encoded', { operation, reason: err instanceof KmipError ? err.reason : 'unknown' });
        });
      } catch (err) {
        return answerFailure(err, req.protocolVersion);
      }
    };
    return mapMaybe(results, encode);
  }

  #owned(ctx: OperationContext): unknown[] {
    return this.#orFailSync(() =>
      ctx.store.find({ owner: ctx.user }).flatMap((id) => {
        const rec = ctx.store.get(id);
        return rec === undefined ? [] : [{ object_id: rec.id, state: rec.state, attributes: attributesToJson(visibleAttributes(rec)), is_wrapped: isStoredWrapped(rec) }];
      }),
    );
  }

  #orFailSync<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw this.#toKmsError(err);
    }
  }

  /** Wipes the decoded keys, for when the database changed behind the actor's back (a restore). */
  forgetCachedKeys(): void {
    this.#keys.clear();
  }

  /** Closes the database and wipes the key. */
  close(): void {
    try {
      this.#keys.clear();
      this.store.close();
      if (this.#ownsAead) void this.aead.close();
    } finally {
      zeroize(this.#key);
      this.#key = null;
    }
  }
}

function noObject(): null {
  return null;
}

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/**
 * One actor = one open database. It decodes a request, runs the operation (or each item of a
 * Message batch, in order), and encodes the answer. Requests reach it one at a time.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { isOperationName } from '../kmip/enums.js';
import { decodeRequestMessage, encodeResponseMessage, type BatchResult } from '../kmip/messages.js';
import { encodeJsonTtlv, parseJsonTtlv } from '../kmip/ttlv/json.js';
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
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
import type { Logger } from '../lib/logger.js';
import type { RequestKind } from '../protocol/messages.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { OperationContext } from './context.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An open database and the requests it serves. */
export class KmsActor {
  #key: Uint8Array | null;
  readonly #ownsAead: boolean;
  readonly #keys = new KeyCache();
  private readonly aead: AeadRunner;

  constructor(
    readonly actorId: string,
    private readonly store: ObjectStore,
    key: Uint8Array | null,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    aead?: AeadRunner,
  ) {
    this.#key = key;
    this.aead = aead ?? new AeadRunner();
    this.#ownsAead = aead === undefined;
  }

  /** Serves one request and returns the response body (later, if the work went to another thread). */
  handle(kind: RequestKind, user: string, body: Uint8Array): MaybePromise<Uint8Array> {
    const ctx: OperationContext = { store: this.store, user, now: this.now, aead: this.aead, keys: this.#keys };
    if (kind === 'attach') return new Uint8Array(0); // reaching an open actor is the whole answer
    // Dates that came due since the last request move their objects first, so every operation sees current states.
    this.#orFailSync(() => {
      applyDueTransitions(ctx);
    });
    if (kind === 'owned') return Buffer.from(JSON.stringify(this.#owned(ctx)), 'utf8');
    return mapMaybe(this.#kmip(ctx, body), (node) => Buffer.from(encodeJsonTtlv(node), 'utf8'));
  }

  #kmip(ctx: OperationContext, body: Uint8Array): MaybePromise<TtlvNode> {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      throw new KmsError('KMIP_ERROR', 'the request body is not valid UTF-8', 'Invalid_Message');
    }
    const root = this.#orFailSync(() => asStructure(parseJsonTtlv(text), 'request'));
    if (root.tag === 'Message') return this.#batch(ctx, root);
    if (!isOperationName(root.tag)) throw new KmsError('UNKNOWN_OPERATION', `Operation: ${root.tag}`);
    const handler = OPERATION_TABLE[root.tag];
    return this.#orFail(() => handler(ctx, root));
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

  #batch(ctx: OperationContext, root: TtlvStructure): MaybePromise<TtlvNode> {
    const msg = this.#orFailSync(() => decodeRequestMessage(root));
    // Items run one after another, in order, each with its own result.
    const results = sequence(msg.items, (item): MaybePromise<BatchResult> => {
      const base = { operation: item.operation, uniqueBatchItemId: item.uniqueBatchItemId };
      const failed = (err: unknown): BatchResult => {
        const f = classify(err, this.logger);
        return f instanceof KmsError ? { ...base, reason: 'General_Failure', message: f.message } : { ...base, ...f };
      };
      try {
        if (!isOperationName(item.operation)) throw new KmipError('Operation_Not_Supported', `Operation: ${item.operation}`);
        const out = mapMaybe(OPERATION_TABLE[item.operation](ctx, item.request), (node): BatchResult => ({ ...base, payload: asStructure(node, 'response') }));
        return out instanceof Promise ? out.catch(failed) : out;
      } catch (err) {
        return failed(err);
      }
    });
    return mapMaybe(results, (r) => encodeResponseMessage(msg, r, Math.floor(this.now() / 1000)));
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

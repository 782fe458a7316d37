/**
 * Stand-ins for a WebSocket KMIP session's socket and backend, shared by the session tests.
 * @module
 */
import { KmipSession, type SessionContext, type SessionLimits } from '../../../src/gateway/ws/session.js';
import { formatDatabaseSecret } from '../../../src/gateway/auth/database-secret.js';
import { KmsError } from '../../../src/protocol/wire-error.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import type { KmsBackend } from '../../../src/gateway/routes.js';
import type { ActorTarget, NewDatabase } from '../../../src/supervisor/supervisor.js';
import type { DatabaseType } from '../../../src/config/schema.js';

/** The key of database 77. */
export const KEY = new Uint8Array(32).fill(0x42);
/** The secret of database 77. */
export const SECRET = formatDatabaseSecret(77n, KEY);

/** A backend that echoes request bodies, and can hold answers or refuse bindings. */
export class FakeBackend implements KmsBackend {
  readonly attached: string[] = [];
  readonly detached: string[] = [];
  readonly dispatched: string[] = [];
  attachError: KmsError | null = null;
  hold = false;
  readonly #held: (() => void)[] = [];

  dispatch(_t: ActorTarget, _k: string, _u: string, body: Uint8Array): Promise<Uint8Array> {
    this.dispatched.push(Buffer.from(body).toString());
    return new Promise((resolve) => {
      const answer = (): void => { resolve(body); };
      if (this.hold) this.#held.push(answer);
      else answer();
    });
  }

  attachSession(target: ActorTarget): Promise<void> {
    target.key?.fill(0);
    if (this.attachError) return Promise.reject(this.attachError);
    this.attached.push(target.actorId);
    return Promise.resolve();
  }

  detachSession(actorId: string): void {
    this.detached.push(actorId);
  }

  createDatabase(): Promise<NewDatabase> {
    return Promise.reject(new KmsError('INTERNAL', 'not here'));
  }

  release(): void {
    this.hold = false;
    for (const a of this.#held.splice(0)) a();
  }
}

/** A socket recording what it sends and how it ended. */
export class FakeSocket {
  readonly sent: string[] = [];
  buffered = 0;
  ended = null as { code: number; reason: string } | null;
  /** Text frames as their text (given as a string or as UTF-8 bytes), binary frames as hex. */
  send(frames: readonly { frame: string | Uint8Array; binary: boolean }[]): void {
    for (const { frame, binary } of frames) {
      if (typeof frame === 'string') this.sent.push(frame);
      else this.sent.push(Buffer.from(frame).toString(binary ? 'hex' : 'utf8'));
    }
  }
  bufferedAmount(): number { return this.buffered; }
  end(code: number, reason: string): void { this.ended = { code, reason }; }
  pings = 0;
  ping(): void { this.pings++; }
}

/** Small limits for the tests. */
export const LIMITS: SessionLimits = { maxInFlight: 2, maxMessageBytes: 1024, idleTimeoutMs: 60_000, helloTimeoutMs: 5_000, highWaterBytes: 1000, maxQueuedBytes: 4096 };

/** A session over fakes; `more` sets further context (an expiry, another clock). */
export function setup(databaseType: DatabaseType = 'sqlite-enc', limits: Partial<SessionLimits> = {}, more: Partial<Pick<SessionContext, 'expiresAt' | 'clock'>> = {}): { s: KmipSession; sock: FakeSocket; be: FakeBackend; clock: FakeClock } {
  const sock = new FakeSocket();
  const be = new FakeBackend();
  const clock = new FakeClock();
  const s = new KmipSession(sock, { backend: be, databaseType, user: 'admin', clock, limits: { ...LIMITS, ...limits }, ...more });
  return { s, sock, be, clock };
}

/** A text frame of a JSON value. */
export const frame = (o: unknown): ArrayBuffer => new TextEncoder().encode(JSON.stringify(o)).buffer;
/** A Get request frame with this id. */
export const req = (id: number): ArrayBuffer => frame({ id, request: { tag: 'Get', type: 'Structure', value: [{ tag: 'UniqueIdentifier', type: 'TextString', value: `k${id}` }] } });
/** The close code the session sent, if any. */
export const endCode = (sock: FakeSocket): number | undefined => sock.ended?.code;
/** Lets promise callbacks and immediates run. */
export const settle = async (): Promise<void> => { for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r)); };

/**
 * Bounds the connections still in their TLS handshake, in total and per address, apart from the
 * authenticated ones: a client with no certificate could otherwise take every connection slot
 * for the handshake timeout, again and again. A connection is pending from its first TCP byte
 * until its handshake completes or it closes, and is known by its address and port.
 * @module
 */

/** Why a connection was refused before any message. */
export type SocketRefusal = 'pending-handshakes' | 'pending-handshakes-per-address' | 'connections' | 'client-certificate';

/** Caps on connections whose handshake is not done. */
export interface HandshakeLimits {
  readonly maxPending: number;
  readonly maxPendingPerAddress: number;
}

/** The pending handshakes, by address. */
export class HandshakeGate {
  /** Pending connections: `address port` -> address. */
  readonly #pending = new Map<string, string>();
  readonly #perAddress = new Map<string, number>();

  constructor(private readonly limits: HandshakeLimits) {}

  /** Handshakes under way. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Records a new connection, or says why it is refused (and records nothing). */
  admit(address: string, port: number): SocketRefusal | null {
    if (this.#pending.size >= this.limits.maxPending) return 'pending-handshakes';
    const n = this.#perAddress.get(address) ?? 0;
    if (n >= this.limits.maxPendingPerAddress) return 'pending-handshakes-per-address';
    this.#pending.set(`${address} ${port}`, address);
    this.#perAddress.set(address, n + 1);
    return null;
  }

  /** The connection's handshake completed, or it closed: it is no longer pending (if it was). */
  settle(address: string, port: number): void {
    const key = `${address} ${port}`;
    if (!this.#pending.delete(key)) return;
    const n = (this.#perAddress.get(address) ?? 1) - 1;
    if (n <= 0) this.#perAddress.delete(address);
    else this.#perAddress.set(address, n);
  }
}

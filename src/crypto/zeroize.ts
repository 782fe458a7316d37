/**
 * Best-effort wiping of secret bytes once they are no longer needed.
 * @module
 */

/** Overwrites the bytes with zeros. */
export function zeroize(bytes: Uint8Array | null | undefined): void {
  bytes?.fill(0);
}

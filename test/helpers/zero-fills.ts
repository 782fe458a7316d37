/**
 * A spy on `fill(0)`: which buffers code wipes while it runs, so tests can check that key and
 * plaintext copies are zeroed rather than trusting it.
 * @module
 */
import { mock } from 'node:test';

/** Runs fn while recording every buffer that `proto.fill(0)` is called on (Buffer or Uint8Array prototype). */
export async function zeroFillsDuring(proto: object, fn: () => unknown): Promise<Uint8Array[]> {
  const wiped: Uint8Array[] = [];
  const original = Reflect.get(proto, 'fill') as (this: Uint8Array, ...args: unknown[]) => Uint8Array;
  const spy = mock.method(proto as { fill: typeof original }, 'fill', function (this: Uint8Array, ...args: unknown[]) {
    if (args[0] === 0) wiped.push(this);
    return original.apply(this, args);
  });
  try {
    await fn();
  } finally {
    spy.mock.restore();
  }
  return wiped;
}

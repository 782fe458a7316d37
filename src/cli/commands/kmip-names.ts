/**
 * KMIP enumeration names typed on the command line: `symmetric-key`, `SYMMETRIC_KEY` and
 * `SymmetricKey` all name the same value, plus a few ckms spellings (`aes`, `ec`, `parent`).
 * @module
 */
import { usageError } from '../cli-error.js';

const squash = (s: string): string => s.replace(/[-_\s]/g, '').toLowerCase();

/** The enumeration value `input` names (case, dashes and underscores ignored; `aliases` first). */
export function kmipName<T extends string>(input: string, allowed: readonly T[], option: string, aliases: Readonly<Record<string, T>> = {}): T {
  const key = squash(input);
  const alias = Object.entries(aliases).find(([a]) => squash(a) === key)?.[1];
  if (alias !== undefined) return alias;
  const hit = allowed.find((v) => squash(v) === key);
  if (hit === undefined) throw usageError(`${option}: unknown value ${JSON.stringify(input)} (one of ${allowed.join(', ')})`);
  return hit;
}

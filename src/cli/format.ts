/**
 * Helpers for the human-readable output: aligned "name: value" lines.
 * @module
 */

/** Aligned lines; undefined values are left out. */
export function fields(title: string, rows: readonly (readonly [string, string | number | boolean | undefined])[]): string {
  const shown = rows.filter((r): r is readonly [string, string | number | boolean] => r[1] !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return [title, ...shown.map(([k, v]) => `  ${`${k}:`.padEnd(width + 1)} ${String(v)}`)].join('\n');
}

/** Bytes as lowercase hex. */
export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/**
 * Records the keys, secrets and plaintexts the tests send and receive, so a last test can prove
 * none of them reached a server log or audit line. Active only when the test runner sets
 * KMS_TEST_LOG_DIR (scripts/run-tests.js); each test process appends to its own file there.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';

/** The directory the runner collects logs, audit trails and this ledger in, or undefined. */
export function testLogDir(): string | undefined {
  const dir = process.env['KMS_TEST_LOG_DIR'];
  return dir === undefined || dir === '' ? undefined : dir;
}

/** Shorter values would match by chance in a log full of hex identifiers. */
export const MIN_SECRET_BYTES = 12;

// ByteString tags that carry key material or plaintext in JSON TTLV (a Raw key's bytes sit under the tag ByteString).
const SECRET_TAGS = new Set(['Data', 'KeyMaterial', 'ByteString', 'Key', 'PrivateExponent', 'P', 'Q', 'PrimeExponentP', 'PrimeExponentQ', 'CRTCoefficient', 'D']);

const seen = new Set<string>();

/** Remembers one secret value (raw bytes). */
export function recordSecret(kind: string, bytes: Uint8Array): void {
  const dir = testLogDir();
  if (dir === undefined || bytes.length < MIN_SECRET_BYTES) return;
  const hex = Buffer.from(bytes).toString('hex');
  if (seen.has(hex)) return;
  seen.add(hex);
  fs.appendFileSync(path.join(dir, `secrets-${process.pid}.jsonl`), JSON.stringify({ kind, hex }) + '\n');
}

/**
 * Keeps the text of an error answer (status 400 and above) beside the server logs, so the final
 * scan proves no error text the suite received carried a secret either.
 */
export function recordErrorText(status: number, text: string): void {
  const dir = testLogDir();
  if (dir === undefined || status < 400 || text === '') return;
  fs.appendFileSync(path.join(dir, `answers-${process.pid}.log`), JSON.stringify({ status, text }) + '\n');
}

/** Remembers a header value that is itself a credential (database secret, bearer token). */
export function recordCredential(kind: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  recordSecret(kind, Buffer.from(value.replace(/^Bearer\s+/i, ''), 'utf8'));
}

function walk(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  const { tag, type, value } = o;
  if ((type === 'ByteString' || type === 'BigInteger') && typeof tag === 'string' && SECRET_TAGS.has(tag) && typeof value === 'string' && /^[0-9a-fA-F]*$/.test(value)) {
    recordSecret(`ttlv:${tag}`, Buffer.from(value.length % 2 === 0 ? value : `0${value}`, 'hex'));
  }
  if (Array.isArray(value)) walk(value);
}

/** Remembers every secret-bearing ByteString of a JSON TTLV text (request or response); other text is ignored. */
export function recordTtlvSecrets(text: string | Uint8Array | undefined): void {
  if (testLogDir() === undefined || text === undefined) return;
  const s = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
  if (!s.startsWith('{')) return;
  try {
    walk(JSON.parse(s));
  } catch {
    // not JSON TTLV (a malformed-input test): nothing to record
  }
}

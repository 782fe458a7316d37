/**
 * Runs after every other test file (scripts/run-tests.js, second phase): scans every server log
 * and audit line the suite wrote, and the text of every error answer the HTTP helpers received,
 * for each key, secret and plaintext the tests used, raw, in hex and in base64, and finds none.
 * @module
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

interface Ledgered {
  readonly kind: string;
  readonly bytes: Buffer;
}

/** The encoded forms (hex, base64) a leaked value could take in a log line. */
export function encodedForms(bytes: Buffer): string[] {
  const b64 = bytes.toString('base64');
  return [...new Set([bytes.toString('hex'), bytes.toString('hex').toUpperCase(), b64, b64.replace(/=+$/, ''), bytes.toString('base64url')])];
}

/** The value itself, when it is printable text (raw random bytes cannot appear in a text log). */
export function rawForm(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) && /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}

const TOKEN = /[A-Za-z0-9+/=_-]{16,}/g;

/**
 * The first ledgered value found in any file, or undefined. Encoded forms are looked up in a set
 * against every same-length window of the log's hex/base64-looking tokens (a plain substring search
 * per secret would take minutes over the suite's logs); printable values are searched directly.
 */
export function findLeak(secrets: readonly Ledgered[], files: ReadonlyMap<string, string>): string | undefined {
  const encoded = new Map<string, string>();
  const raw: { kind: string; text: string }[] = [];
  for (const s of secrets) {
    for (const form of encodedForms(s.bytes)) encoded.set(form, s.kind);
    const text = rawForm(s.bytes);
    if (text !== undefined) raw.push({ kind: s.kind, text });
  }
  const lengths = [...new Set([...encoded.keys()].map((f) => f.length))];
  for (const [file, text] of files) {
    for (const m of text.matchAll(TOKEN)) {
      const token = m[0];
      for (const len of lengths) {
        for (let i = 0; i + len <= token.length; i++) {
          const kind = encoded.get(token.slice(i, i + len));
          if (kind !== undefined) return `${kind} (${token.slice(i, i + 8)}...) appears in ${path.basename(file)}`;
        }
      }
    }
    for (const r of raw) if (text.includes(r.text)) return `${r.kind} (printable) appears in ${path.basename(file)}`;
  }
  return undefined;
}

function readLedger(dir: string): Ledgered[] {
  const out: Ledgered[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('secrets-'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (line === '') continue;
      const entry = JSON.parse(line) as { kind: string; hex: string };
      out.push({ kind: entry.kind, bytes: Buffer.from(entry.hex, 'hex') });
    }
  }
  return out;
}

function readLogs(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.log') || n.endsWith('.jsonl')) ) {
    if (f.startsWith('secrets-')) continue;
    files.set(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8'));
  }
  return files;
}

describe('secrets in logs', () => {
  it('detects a planted secret in each form, so a clean result means something', () => {
    const secret = { kind: 'planted', bytes: Buffer.from('00112233445566778899aabbccddeeff', 'hex') };
    for (const form of encodedForms(secret.bytes)) {
      assert.ok(findLeak([secret], new Map([['x.log', `INFO something ${form} happened`]])), form);
      assert.ok(findLeak([secret], new Map([['x.jsonl', `{"k":"abc${form}def"}`]])), `${form} inside a longer token`);
    }
    const plaintext = { kind: 'plaintext', bytes: Buffer.from('Hello, world! secret text') };
    assert.ok(findLeak([plaintext], new Map([['x.log', 'data=Hello, world! secret text']])));
    assert.equal(findLeak([secret, plaintext], new Map([['x.log', 'INFO nothing to see']])), undefined);
  });

  it('finds no key, secret or plaintext of the suite in any server log, audit line or error answer', () => {
    const dir = process.env['KMS_TEST_LOG_DIR'];
    assert.ok(dir !== undefined && dir !== '', 'run through "npm test": KMS_TEST_LOG_DIR names the collected logs');
    const secrets = readLedger(dir);
    const logs = readLogs(dir);
    const lines = [...logs.values()].reduce((n, t) => n + t.split('\n').length - 1, 0);
    const auditLines = [...logs].filter(([f]) => f.endsWith('.audit.jsonl')).reduce((n, [, t]) => n + t.split('\n').length - 1, 0);
    // An empty scan would prove nothing: the suite must have used secrets and written logs.
    assert.ok(secrets.length >= 100, `only ${secrets.length} secrets were recorded`);
    assert.ok(auditLines >= 100, `only ${auditLines} audit lines were written`);
    assert.ok(lines > auditLines, 'no server log lines were written');
    const answers = [...logs].filter(([f]) => path.basename(f).startsWith('answers-')).reduce((n, [, t]) => n + t.split('\n').length - 1, 0);
    // The fault runs speak raw HTTP and WebSocket for the most part; the main suite keeps hundreds.
    assert.ok(answers >= 10, `only ${answers} error answers were kept`);
    const leak = findLeak(secrets, logs);
    console.log(`secrets-in-logs: ${secrets.length} secrets looked for in ${lines} log, audit and error-answer lines (${answers} error answers); leaks found: ${leak === undefined ? 0 : 'at least 1'}`);
    assert.equal(leak, undefined, leak);
  });
});

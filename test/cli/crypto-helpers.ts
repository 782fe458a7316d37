/**
 * Helpers for the key and file encryption CLI tests: keys made directly through the typed client
 * (so each test starts from a known key without depending on other commands), identifiers read
 * from command output, and checks of a failed command's status and message.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { KmsHttpClient } from '../../src/client/http-client.js';
import { Kms } from '../../src/client/kms.js';
import type { CryptographicAlgorithm, RecommendedCurve } from '../../src/kmip/enums.js';
import type { LauncherResult } from '../helpers/launcher.js';
import type { CliFixture } from './cli-fixture.js';

/** Runs fn with a typed client of the fixture's server and database. */
export async function withKms<T>(f: CliFixture, fn: (kms: Kms) => Promise<T>): Promise<T> {
  const kms = new Kms(new KmsHttpClient({ url: f.server.url, ...(f.secret === undefined ? {} : { databaseSecret: f.secret }) }));
  try {
    return await fn(kms);
  } finally {
    await kms.close();
  }
}

/** A new symmetric key (AES-256 unless told), tagged as asked; returns its identifier. */
export async function newSymKey(f: CliFixture, o: { algorithm?: CryptographicAlgorithm; tags?: readonly string[] } = {}): Promise<string> {
  const algorithm = o.algorithm ?? 'AES';
  const r = await withKms(f, (kms) => kms.create({ attributes: { cryptographicAlgorithm: algorithm, cryptographicLength: 256, ...(o.tags === undefined ? {} : { tags: o.tags }) } }));
  return r.uniqueIdentifier;
}

/** A key pair linked both ways: RSA-2048, or an EC pair on the curve (P-256 unless told). */
export async function newKeyPair(f: CliFixture, family: 'rsa' | 'ec', curve: RecommendedCurve = 'P256'): Promise<{ privateId: string; publicId: string }> {
  const common =
    family === 'rsa'
      ? { cryptographicAlgorithm: 'RSA' as const, cryptographicLength: 2048 }
      : { cryptographicAlgorithm: (curve === 'CURVE25519' ? 'ECDH' : 'EC') as CryptographicAlgorithm, cryptographicDomainParameters: { recommendedCurve: curve } };
  const r = await withKms(f, (kms) => kms.createKeyPair({ commonAttributes: common }));
  return { privateId: r.privateKeyUniqueIdentifier, publicId: r.publicKeyUniqueIdentifier };
}

/** The identifier a command printed on a `Unique identifier:` line. */
export function printedId(stdout: string): string {
  const id = /(?:Unique identifier|New unique identifier): (\S+)/.exec(stdout)?.[1];
  assert.ok(id !== undefined, `no identifier in: ${stdout}`);
  return id;
}

/** Asserts a command failed with the status, in one stderr line and without a stack trace. */
export function failed(r: LauncherResult, status: number, message?: RegExp): void {
  assert.equal(r.status, status, `expected exit ${status}, got ${String(r.status)}: ${r.stderr}${r.stdout}`);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `expected one line, got: ${r.stderr}`);
  assert.match(r.stderr, /^error: /);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  if (message !== undefined) assert.match(r.stderr, message);
}

/** Asserts no file is at the path. */
export function absent(path: string): void {
  assert.equal(existsSync(path), false, `${path} should not exist`);
}

/** The SHA-256 of a file, read as a stream. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => h.update(chunk))
      .on('error', reject)
      .on('end', () => { resolve(h.digest('hex')); });
  });
}

/**
 * Asserts that what `encryptId` encrypts, `decryptId` decrypts (through the typed client, so a
 * key's usability is checked without spawning the CLI): AES-GCM, RSA-OAEP or ECIES by key type.
 */
export async function assertPaired(f: CliFixture, family: 'sym' | 'rsa' | 'ec', encryptId: string, decryptId: string): Promise<void> {
  const data = Buffer.from(`checked with ${encryptId} and ${decryptId}`);
  await withKms(f, async (kms) => {
    const e = await kms.encrypt({ uniqueIdentifier: encryptId, data });
    const d = await kms.decrypt({
      uniqueIdentifier: decryptId,
      data: e.data,
      ...(e.nonce === undefined ? {} : { nonce: e.nonce }),
      ...(e.tag === undefined ? {} : { tag: e.tag }),
    });
    assert.deepEqual(Buffer.from(d.data), data, `${family}: ${decryptId} does not decrypt what ${encryptId} encrypted`);
  });
}

/**
 * PyKMIP 0.10's ProxyKmipClient (Debian's python3-pykmip, an independently written client)
 * against our binary KMIP socket server at KMIP 1.2, 1.4 and 2.0: every step of
 * test/interop/pykmip_client.py must pass, on a plain database and, with a Username and Password
 * credential naming the database, on an encrypted one. Without PyKMIP these tests fail. The
 * database secret, and the keys and plaintexts the script reports, go in the secret ledger.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { secretParts } from '../helpers/http-client.js';
import { recordCredential, recordSecret } from '../helpers/secret-ledger.js';
import { httpsRequest } from '../helpers/tls-client.js';
import { makeTestPki, type TestPki } from '../helpers/pki.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { assertPyKmipInstalled, interopScript, jsonLines, runPython } from './python.js';

/** Every step the script reports, in order: a run that stops early fails too. */
const STEPS = [
  'DiscoverVersions', 'Query', 'Create', 'Get', 'GetAttributes', 'GetAttributeList', 'Locate', 'Activate',
  'EncryptDecrypt client IV', 'EncryptDecrypt server IV', 'Register', 'Get registered', 'Activate HMAC key', 'MAC',
  'CreateKeyPair', 'Get public key', 'Get private key', 'Activate key pair', 'Sign', 'SignatureVerify',
  'Revoke', 'Destroy', 'Get missing',
];

const VERSIONS = ['1.2', '1.4', '2.0'] as const;

/** The server's TLS: its certificate, and client certificates required from our CA. */
function tlsArgs(pki: TestPki): string[] {
  return ['--https-cert-file', pki.server.certFile, '--https-key-file', pki.server.keyFile, '--authority-cert-file', pki.ca.certFile];
}

function socketPortOf(server: TestServer | undefined): number {
  const port = server?.socketPort;
  assert.ok(port !== undefined && port > 0, 'the test server exposes no socket port');
  return port;
}

/** Puts the values a step reported in its "secrets" field (name -> hex) in the ledger; returns their names. */
function recordStepSecrets(line: Record<string, unknown>): string[] {
  const secrets = line['secrets'];
  if (typeof secrets !== 'object' || secrets === null) return [];
  const names: string[] = [];
  for (const [name, hex] of Object.entries(secrets)) {
    if (typeof hex !== 'string' || !/^(?:[0-9a-f]{2})+$/.test(hex)) continue;
    recordSecret(`pykmip:${name}`, Buffer.from(hex, 'hex'));
    names.push(name);
  }
  return names;
}

/** Runs the PyKMIP client script and asserts that it reported every step, all passed, and the keys it handled. */
async function assertAllSteps(pki: TestPki, port: number, version: string, credential?: { username: string; password: string }): Promise<void> {
  const args = [
    '--host', '127.0.0.1', '--port', String(port),
    '--cert', pki.alice.certFile, '--key', pki.alice.keyFile, '--ca', pki.ca.certFile,
    '--version', version,
    ...(credential === undefined ? [] : ['--username', credential.username]),
  ];
  // The password (a database secret) goes through the environment, not the command line.
  const run = await runPython(interopScript('pykmip_client.py'), args, credential === undefined ? {} : { env: { KMIP_PASSWORD: credential.password } });
  const lines = jsonLines(run.stdout);
  const revealed = lines.flatMap(recordStepSecrets);
  const failed = lines.filter((l) => l['ok'] !== true).map((l) => `  ${String(l['step'])}: ${String(l['detail'])}`);
  assert.deepEqual(failed, [], `PyKMIP at KMIP ${version}: ${failed.length} failed step(s)\n${failed.join('\n')}\n${run.stderr.slice(-2000)}`);
  assert.deepEqual(lines.map((l) => l['step']), STEPS, `PyKMIP at KMIP ${version} did not run every step\n${run.stderr.slice(-2000)}`);
  assert.equal(run.code, 0, `the script exited with ${String(run.code)}\n${run.stderr.slice(-2000)}`);
  // The ledger must hear of the keys, or the final scan would look for nothing of this run.
  assert.deepEqual([...new Set(revealed)].sort(), ['aes-key', 'hmac-key', 'plaintext', 'rsa-private-key']);
}

/** POST /new_database over the server's HTTPS front (client certificate required), for its secret. */
async function newDatabaseSecret(server: TestServer | undefined, pki: TestPki): Promise<string> {
  assert.ok(server !== undefined, 'no server');
  const url = `${server.url.replace(/^http:/, 'https:')}/new_database`;
  const r = await httpsRequest(url, { ca: pki.ca.cert, cert: pki.alice.cert, key: pki.alice.key }, { method: 'POST' });
  assert.equal(r.status, 200, `new_database answered ${r.status}`);
  const secret: unknown = JSON.parse(r.text);
  assert.equal(typeof secret, 'string');
  recordCredential('database-secret', secret as string);
  recordSecret('database-key', Buffer.from(secretParts(secret as string).keyHex, 'hex'));
  return secret as string;
}

let pki: TestPki | undefined;

// A named failure when PyKMIP is missing; the suites below then stop in their hooks.
it('finds PyKMIP importable by /usr/bin/python3 (apt-get install -y python3-pykmip)', () => {
  assertPyKmipInstalled();
});

after(() => { if (pki !== undefined) removeDir(pki.dir); });

/** The suites' PKI, made on first use once PyKMIP is known to be there (else this throws). */
function thePki(): TestPki {
  assertPyKmipInstalled();
  pki ??= makeTestPki();
  return pki;
}

describe('PyKMIP client against the socket server, plain database', () => {
  let server: TestServer | undefined;
  before(async () => { server = await startTestServer({ databaseType: 'sqlite', socketServer: true, extraArgs: tlsArgs(thePki()) }); });
  after(async () => {
    if (server === undefined) return;
    await server.stop();
    removeDir(server.rootDir);
  });

  for (const version of VERSIONS) {
    it(`passes every ProxyKmipClient step at KMIP ${version}`, async () => {
      await assertAllSteps(thePki(), socketPortOf(server), version);
    });
  }
});

describe('PyKMIP client against the socket server, encrypted databases', () => {
  let server: TestServer | undefined;
  before(async () => { server = await startTestServer({ databaseType: 'sqlite-enc', socketServer: true, extraArgs: tlsArgs(thePki()) }); });
  after(async () => {
    if (server === undefined) return;
    await server.stop();
    removeDir(server.rootDir);
  });

  it('passes every step with the database secret as the Username and Password credential', async () => {
    const secret = await newDatabaseSecret(server, thePki());
    await assertAllSteps(thePki(), socketPortOf(server), '1.4', { username: 'alice', password: secret });
  });
});

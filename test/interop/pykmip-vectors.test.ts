/**
 * The requests PyKMIP 0.10 really sent (test/fixtures/vectors/pykmip-0.10, KMIP 1.2 and 2.0),
 * replayed in their recorded order to our socket server, with the identifiers the recording's
 * server gave swapped for the ones ours gives, so later requests find the objects earlier ones
 * made. Every answer must decode in PyKMIP's strict message classes, echo the request's protocol
 * version and operation, and succeed where the recorded sequence made that possible.
 * @module
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../src/kmip/ttlv/binary.js';
import { encodeJsonTtlv } from '../../src/kmip/ttlv/json.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';
import { makeTestPki, type TestPki } from '../helpers/pki.js';
import { repoRoot } from '../helpers/repo-root.js';
import { recordTtlvSecrets } from '../helpers/secret-ledger.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { assertPyKmipInstalled, interopScript, jsonLines, runPython } from './python.js';
import { TtlvConnection } from './ttlv-connection.js';

/** The recorded exchanges, kept in the repository. */
const VECTORS = join(repoRoot(), 'test', 'fixtures', 'vectors', 'pykmip-0.10');

/** Puts the key material and plaintexts of a binary message in the ledger (the logs are scanned for them). */
function recordSecrets(message: Uint8Array): void {
  try {
    recordTtlvSecrets(encodeJsonTtlv(decodeBinaryTtlv(message)));
  } catch {
    // An answer our codec rejects is reported by PyKMIP's decoder below.
  }
}

/** One recorded exchange, e.g. `004-Create`. */
interface Recorded {
  readonly name: string;
  readonly request: Uint8Array;
  readonly response: Uint8Array;
}

function readHex(file: string): Uint8Array {
  return Uint8Array.from(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
}

function recorded(dir: string): Recorded[] {
  return readdirSync(dir).filter((f) => f.endsWith('-request.hex')).sort().map((f) => {
    const name = f.slice(0, -'-request.hex'.length);
    return { name, request: readHex(join(dir, f)), response: readHex(join(dir, `${name}-response.hex`)) };
  });
}

const ID_TAGS = new Set(['UniqueIdentifier', 'PrivateKeyUniqueIdentifier', 'PublicKeyUniqueIdentifier']);

/** Every identifier a message carries, in document order. */
function identifiers(node: TtlvNode): string[] {
  if (node.type === 'Structure') return node.value.flatMap(identifiers);
  return node.type === 'TextString' && ID_TAGS.has(node.tag) ? [node.value] : [];
}

/** The tree with every identifier the recording's server made replaced by ours. */
function remap(node: TtlvNode, ids: ReadonlyMap<string, string>): TtlvNode {
  if (node.type === 'Structure') return { ...node, value: node.value.map((c) => remap(c, ids)) };
  if (node.type === 'TextString' && ID_TAGS.has(node.tag)) return { ...node, value: ids.get(node.value) ?? node.value };
  return node;
}

/**
 * Exchanges whose answer must be a success: those needing no earlier object, and those whose
 * objects and states the recorded sequence itself sets up (Create, then Activate, ...).
 */
const MUST_SUCCEED = new Set([
  'DiscoverVersions', 'Query', 'Create', 'CreateKeyPair', 'Register',
  '005-Get', 'GetAttributes', 'GetAttributeList', 'Locate', 'Activate', 'Encrypt', '027-Get', '028-Get', 'Revoke', 'Destroy',
]);

function mustSucceed(name: string): boolean {
  return MUST_SUCCEED.has(name) || MUST_SUCCEED.has(name.replace(/^\d+-/, ''));
}

interface DecodedItem {
  readonly operation: unknown;
  readonly status: unknown;
  readonly reason: unknown;
  readonly message: unknown;
}

function itemsOf(line: Record<string, unknown> | undefined): DecodedItem[] {
  const items = line?.['items'];
  return Array.isArray(items) ? (items as DecodedItem[]) : [];
}

let pki: TestPki | undefined;
let server: TestServer | undefined;

// A named failure when PyKMIP is missing; the suite below then stops in its hook.
it('finds PyKMIP importable by /usr/bin/python3 (apt-get install -y python3-pykmip)', () => {
  assertPyKmipInstalled();
});

describe('recorded PyKMIP requests answered by our socket server', () => {
  before(async () => {
    assertPyKmipInstalled();
    pki = makeTestPki();
    server = await startTestServer({
      databaseType: 'sqlite',
      socketServer: true,
      extraArgs: ['--https-cert-file', pki.server.certFile, '--https-key-file', pki.server.keyFile, '--authority-cert-file', pki.ca.certFile],
    });
  });
  after(async () => {
    if (server !== undefined) {
      await server.stop();
      removeDir(server.rootDir);
    }
    if (pki !== undefined) removeDir(pki.dir);
  });

  for (const version of ['1.2', '2.0']) {
    it(`answers every recorded KMIP ${version} request in a form PyKMIP decodes`, async () => {
      const pairs = recorded(join(VECTORS, `kmip-${version}`));
      assert.ok(pairs.length >= 19, `only ${pairs.length} recorded exchanges`);
      const port = server?.socketPort;
      assert.ok(pki !== undefined && port !== undefined && port > 0, 'the test server exposes no socket port');
      const conn = await TtlvConnection.open({ host: '127.0.0.1', port, ca: pki.ca.cert, cert: pki.alice.cert, key: pki.alice.key });
      const ids = new Map<string, string>();
      const answers: Buffer[] = [];
      try {
        for (const p of pairs) {
          const request = encodeBinaryTtlv(remap(decodeBinaryTtlv(p.request), ids));
          recordSecrets(request);
          const answer = await conn.request(request);
          recordSecrets(answer);
          answers.push(answer);
          // Pair the recording's identifiers with ours, position by position.
          const theirs = identifiers(decodeBinaryTtlv(p.response));
          let mine: string[] = [];
          try {
            mine = identifiers(decodeBinaryTtlv(answer));
          } catch {
            // An answer our own codec rejects is reported by PyKMIP below.
          }
          theirs.forEach((id, i) => { const m = mine[i]; if (m !== undefined && !ids.has(id)) ids.set(id, m); });
        }
      } finally {
        await conn.close();
      }

      const script = interopScript('decode_response.py');
      const expected = jsonLines((await runPython(script, ['--version', version], { stdin: pairs.map((p) => Buffer.from(p.response).toString('hex')).join('\n') })).stdout);
      const ours = await runPython(script, ['--version', version], { stdin: answers.map((a) => a.toString('hex')).join('\n') });
      const decoded = jsonLines(ours.stdout);
      assert.equal(decoded.length, pairs.length, ours.stderr);
      const [major, minor] = version.split('.').map(Number);

      const problems: string[] = [];
      pairs.forEach((p, i) => {
        const d = decoded[i];
        if (d?.['ok'] !== true) {
          problems.push(`${p.name}: PyKMIP cannot decode our answer: ${String(d?.['error'])}`);
          return;
        }
        const item = itemsOf(d)[0];
        const want = itemsOf(expected[i])[0];
        if (JSON.stringify(d['version']) !== JSON.stringify([major, minor])) problems.push(`${p.name}: answered with version ${JSON.stringify(d['version'])}`);
        if (itemsOf(d).length !== 1 || item === undefined) {
          problems.push(`${p.name}: ${itemsOf(d).length} batch items`);
          return;
        }
        if (item.operation !== want?.operation) problems.push(`${p.name}: operation ${String(item.operation)}, expected ${String(want?.operation)}`);
        if (p.name.endsWith('003-Get')) {
          if (item.status !== 'OPERATION_FAILED' || item.reason !== 'ITEM_NOT_FOUND') problems.push(`${p.name}: ${String(item.status)} / ${String(item.reason)}, expected Item Not Found`);
        } else if (mustSucceed(p.name) && item.status !== 'SUCCESS') {
          problems.push(`${p.name}: ${String(item.status)} ${String(item.reason)} ${JSON.stringify(item.message)}`);
        }
      });
      assert.deepEqual(problems, [], `KMIP ${version}:\n${problems.join('\n')}`);
    });
  }
});

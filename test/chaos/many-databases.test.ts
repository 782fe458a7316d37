/**
 * Ten thousand encrypted databases through one server with the default cap of 100 open actors:
 * each is created and activated by a Create, the cap holds at every check, memory stays bounded
 * (no per-database growth once the cap is reached), and a well-behaved client is answered throughout.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { bytesField, createRequest, decryptRequest, encryptRequest, textField } from '../helpers/kmip-requests.js';
import { httpRequest, kmipOk, newDatabase } from '../helpers/http-client.js';
import { recordCredential, recordSecret } from '../helpers/secret-ledger.js';
import { makeTempRoot, removeDir } from '../helpers/test-server.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const DATABASES = 10_000;
const MAX_OPEN_ACTORS = 100;
const CONCURRENCY = 8;
/** Databases between two checks of the cap, the memory and the well-behaved client. */
const CHECK_EVERY = 500;
const MiB = 1024 * 1024;

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m?.[1] === undefined) throw new Error('no VmRSS for the server process');
  return Number(m[1]) * 1024;
}

async function openActors(url: string): Promise<number> {
  const r = await httpRequest(`${url}/metrics`);
  const m = /^kms_actors_open(?:\{[^}]*\})? (\d+)$/m.exec(r.text);
  if (m?.[1] === undefined) throw new Error('no kms_actors_open in /metrics');
  return Number(m[1]);
}

describe('10,000 databases', () => {
  let root = '';
  let server: ServerProcess | undefined;

  before(async () => {
    root = makeTempRoot();
    server = await startServerProcess({ rootDir: root, databaseType: 'sqlite-enc', extraArgs: ['--max-open-actors', String(MAX_OPEN_ACTORS), '--new-database-rate-limit', '0'] });
  });

  after(async () => {
    await server?.kill();
    if (root !== '') removeDir(root);
  });

  it('keeps at most 100 actors open and its memory flat while 10,000 databases are created and used', { timeout: 600_000 }, async () => {
    assert.ok(server !== undefined);
    const url = server.url;
    // The well-behaved client: one database written first, read back at every check.
    const mine = await newDatabase(url);
    recordCredential('database secret', mine);
    const plaintext = randomBytes(24);
    recordSecret('plaintext', plaintext);
    const uid = textField(await kmipOk(url, createRequest(), mine), 'UniqueIdentifier');
    const enc = await kmipOk(url, encryptRequest(uid, plaintext), mine);
    const check = async (): Promise<void> => {
      const out = await kmipOk(url, decryptRequest(uid, bytesField(enc, 'Data'), bytesField(enc, 'IvCounterNonce'), bytesField(enc, 'AuthenticatedEncryptionTag')), mine);
      assert.deepEqual(Buffer.from(bytesField(out, 'Data')), plaintext);
    };

    const rss: number[] = [];
    let made = 0;
    let maxOpen = 0;
    for (let done = 0; done < DATABASES; done += CHECK_EVERY) {
      const target = Math.min(DATABASES, done + CHECK_EVERY);
      const runners = Array.from({ length: CONCURRENCY }, async () => {
        while (made < target) {
          made++;
          const secret = await newDatabase(url);
          recordCredential('database secret', secret);
          await kmipOk(url, createRequest(), secret);
        }
      });
      await Promise.all(runners);
      const open = await openActors(url);
      maxOpen = Math.max(maxOpen, open);
      assert.ok(open <= MAX_OPEN_ACTORS, `${String(open)} actors open after ${String(made)} databases`);
      await check();
      rss.push(rssBytes(server.pid));
    }
    assert.equal(fs.readdirSync(`${root}/sqlite-data`).filter((n) => n.endsWith('.sqlite')).length, DATABASES + 1);
    const at = (n: number): number => rss[n / CHECK_EVERY - 1] ?? Number.NaN;
    const summary = `open actors at most ${String(maxOpen)}; RSS ${(at(2_000) / MiB).toFixed(0)} MiB at 2,000 databases, ${(at(DATABASES) / MiB).toFixed(0)} MiB at ${String(DATABASES)}`;
    console.log(`many-databases: ${summary}`);
    assert.equal(maxOpen, MAX_OPEN_ACTORS, 'the cap was never reached: the test proved nothing');
    // Past the cap, each new database replaces an evicted one: memory must not grow with the count
    // (less than 16 KiB per database over the last 8,000, which allocator noise stays well under).
    assert.ok(at(DATABASES) - at(2_000) < 128 * MiB, `memory grew with the database count: ${summary}`);
    assert.ok(at(DATABASES) < 400 * MiB, summary);
  });
});

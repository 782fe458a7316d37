/**
 * Exhaustion: a client that sends too much, nests too deep, holds thousands of idle connections,
 * trickles its headers or floods database creation gets refused or cut off, while a well-behaved
 * client of the same server is answered throughout, and the server's memory stays bounded.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { bytesField, createRequest, decryptRequest, encryptRequest, textField } from '../helpers/kmip-requests.js';
import { kmipOk, newDatabase, postKmip, SECRET_HEADER } from '../helpers/http-client.js';
import { recordCredential, recordSecret } from '../helpers/secret-ledger.js';
import { makeTempRoot, removeDir } from '../helpers/test-server.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** The server's resident memory, from /proc. */
function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m?.[1] === undefined) throw new Error('no VmRSS for the server process');
  return Number(m[1]) * 1024;
}

const MiB = 1024 * 1024;

/** Resolves once the socket is closed; rejects if that takes longer than `ms` (a guard, not a delay). */
function closedWithin(socket: net.Socket, ms: number): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => { reject(new Error(`still open after ${ms} ms`)); }, ms);
    socket.once('close', () => {
      clearTimeout(guard);
      resolve();
    });
  });
}

/** Opens a raw TCP connection to the server. */
function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => { resolve(s); });
    s.once('error', reject);
  });
}

/** The status code and body of the first answer on a raw connection. */
function firstAnswer(socket: net.Socket): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(got);
      const length = /content-length: *(\d+)/i.exec(m?.[2] ?? '');
      if (m?.[1] !== undefined && length?.[1] !== undefined && (m[3] ?? '').length >= Number(length[1])) resolve({ status: Number(m[1]), text: (m[3] ?? '').slice(0, Number(length[1])) });
    });
    socket.once('close', () => { reject(new Error(`closed before an answer: ${JSON.stringify(got.slice(0, 200))}`)); });
    socket.once('error', () => { /* the close follows */ });
  });
}

describe('exhaustion', () => {
  let root = '';
  let server: ServerProcess | undefined;
  let secret = '';
  let uid = '';
  const plaintext = randomBytes(32);
  let sealed: { data: Uint8Array; nonce: Uint8Array; tag: Uint8Array } | undefined;
  let served = 0;

  /** What a well-behaved client does: a decrypt of the data written at the start, checked. */
  async function wellBehaved(): Promise<void> {
    assert.ok(server !== undefined && sealed !== undefined);
    const out = await kmipOk(server.url, decryptRequest(uid, sealed.data, sealed.nonce, sealed.tag), secret);
    assert.deepEqual(Buffer.from(bytesField(out, 'Data')), plaintext);
    served++;
  }

  before(async () => {
    root = makeTempRoot();
    // A small body limit, so that "never buffers past the limit" shows in the memory figures.
    server = await startServerProcess({ rootDir: root, databaseType: 'sqlite-enc', extraArgs: ['--max-body-size', '1m'] });
    secret = await newDatabase(server.url);
    recordCredential('database secret', secret);
    recordSecret('plaintext', plaintext);
    uid = textField(await kmipOk(server.url, createRequest(), secret), 'UniqueIdentifier');
    const enc = await kmipOk(server.url, encryptRequest(uid, plaintext), secret);
    sealed = { data: bytesField(enc, 'Data'), nonce: bytesField(enc, 'IvCounterNonce'), tag: bytesField(enc, 'AuthenticatedEncryptionTag') };
  });

  after(async () => {
    await server?.kill();
    if (root !== '') removeDir(root);
  });

  it('answers 413 to a body declared larger than the limit without reading it, drops a length past 999,999,999 unread, and keeps serving', async () => {
    assert.ok(server !== undefined);
    const s = await connect(server.port);
    const answer = firstAnswer(s);
    s.write(`POST /kmip/2_1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${SECRET_HEADER}: ${secret}\r\nContent-Length: ${String(500 * MiB)}\r\n\r\n{`);
    assert.equal((await answer).status, 413);
    s.destroy();
    // uWebSockets.js reads at most nine digits of Content-Length: a longer one is a malformed request, closed at once.
    const huge = await connect(server.port);
    huge.on('error', () => {});
    huge.write(`POST /kmip/2_1 HTTP/1.1\r\nHost: x\r\nContent-Length: ${String(5 * 1024 * MiB)}\r\n\r\n{`);
    await closedWithin(huge, 10_000);
    await wellBehaved();
  });

  it('cuts a streamed body off at the limit: 48 MiB sent, 413, memory grows by far less than was sent', async () => {
    assert.ok(server !== undefined);
    const rss = rssBytes(server.pid);
    const s = await connect(server.port);
    const answer = firstAnswer(s);
    s.write(`POST /kmip/2_1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${SECRET_HEADER}: ${secret}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.alloc(MiB, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    // The server may close the connection once it has refused: later writes then fail, which is fine.
    s.on('error', () => {});
    for (let i = 0; i < 48 && !s.destroyed; i++) {
      if (!s.write(frame)) await new Promise<void>((resolve) => { s.once('drain', resolve); s.once('close', resolve); });
    }
    assert.equal((await answer).status, 413);
    s.destroy();
    const grown = rssBytes(server.pid) - rss;
    assert.ok(grown < 24 * MiB, `the server grew by ${(grown / MiB).toFixed(1)} MiB for a 1 MiB limit`);
    await wellBehaved();
  });

  it('refuses nesting far past the depth limit with a clear 4xx, in JSON arrays and in TTLV structures', async () => {
    assert.ok(server !== undefined);
    const arrays = '['.repeat(200_000) + ']'.repeat(200_000);
    let ttlv = '{"tag":"UniqueIdentifier","type":"TextString","value":"x"}';
    for (let i = 0; i < 5_000; i++) ttlv = `{"tag":"Attributes","type":"Structure","value":[${ttlv}]}`;
    for (const body of [arrays, ttlv]) {
      const r = await postKmip(server.url, body, secret);
      assert.ok(r.status >= 400 && r.status < 500, `status ${String(r.status)}`);
      assert.ok(r.text.length > 0 && r.text.length < 300, `a short clear error, got ${JSON.stringify(r.text.slice(0, 80))}`);
    }
    await wellBehaved();
  });

  it('keeps serving with 3,000 idle connections open, and closes them by its idle timeout', async () => {
    assert.ok(server !== undefined);
    const rss = rssBytes(server.pid);
    const idle: net.Socket[] = [];
    for (let i = 0; i < 3_000; i++) idle.push(await connect(server.port));
    for (const s of idle) s.on('error', () => {});
    for (let i = 0; i < 20; i++) await wellBehaved();
    const grown = rssBytes(server.pid) - rss;
    assert.ok(grown < 64 * MiB, `3,000 idle connections cost ${(grown / MiB).toFixed(1)} MiB`);
    // uWebSockets.js closes a connection that sends no complete request within about 10 s.
    await Promise.all(idle.map((s) => closedWithin(s, 60_000)));
    await wellBehaved();
  });

  it('closes connections whose headers trickle in a byte at a time, and serves others meanwhile', async () => {
    assert.ok(server !== undefined);
    const slow: net.Socket[] = [];
    for (let i = 0; i < 200; i++) {
      const s = await connect(server.port);
      s.on('error', () => {});
      s.write('POST /kmip/2_1 HTTP/1.1\r\nHost: x\r\nX-Trickle: ');
      slow.push(s);
    }
    const trickle = setInterval(() => { for (const s of slow) if (!s.destroyed) s.write('a'); }, 500);
    try {
      const answered: string[] = [];
      for (const s of slow) s.on('data', (d: Buffer) => { answered.push(d.toString('latin1', 0, 12)); });
      for (let i = 0; i < 20; i++) await wellBehaved();
      await Promise.all(slow.map((s) => closedWithin(s, 60_000)));
      // Cut off, not served: no request ever completed on them.
      assert.ok(answered.every((a) => !a.startsWith('HTTP/1.1 200')), 'a trickled request was served');
    } finally {
      clearInterval(trickle);
    }
    await wellBehaved();
  });

  it('refuses a flood of /new_database past the default 60 a minute with 429, creating nothing more, and keeps serving', async () => {
    assert.ok(server !== undefined);
    const url = server.url;
    const dataDir = `${root}/sqlite-data`;
    const before = fs.readdirSync(dataDir).filter((n) => n.endsWith('.sqlite')).length;
    const statuses = await Promise.all(Array.from({ length: 300 }, async () => {
      const res = await fetch(`${url}/new_database`, { method: 'POST', headers: { connection: 'close' } });
      const text = await res.text();
      if (res.status === 200) recordCredential('database secret', JSON.parse(text) as string);
      else assert.equal(res.status, 429, text);
      return res.status;
    }));
    const created = statuses.filter((c) => c === 200).length;
    // The burst (this server already made one database), plus what refills while the flood runs.
    assert.ok(created >= 55 && created <= 64, `${String(created)} databases created by the flood`);
    assert.equal(fs.readdirSync(dataDir).filter((n) => n.endsWith('.sqlite')).length, before + created);
    await wellBehaved();
  });

  it('served the well-behaved client through every abuse above', () => {
    assert.ok(served >= 45, `only ${String(served)} well-behaved requests ran`);
  });
});

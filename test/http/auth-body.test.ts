/**
 * Request bodies and authentication: the body of a caller not yet authenticated is barely held,
 * a refused caller's body is dropped and its connection closed, and an admitted caller's large body
 * arrives whole even when it was sent while the identity provider's key set was being fetched.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { httpRequest } from '../helpers/http-client.js';
import { JwksServer } from '../helpers/jwks-server.js';
import { startStubGateway, trusting, until, type StubGateway } from './auth-fixture.js';

const MiB = 1024 * 1024;

/** A POST to /kmip/2_1 over a raw connection that sends only part of its declared body. */
interface PartialPost {
  /** Everything the server sent back. */
  received(): string;
  readonly closed: () => boolean;
  /** Ends the connection from the client side. */
  destroy(): void;
}

function partialPost(url: string, headers: Record<string, string>, declared: number, sent: number): PartialPost {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let text = '';
  let closed = false;
  socket.on('data', (d: Buffer) => { text += d.toString('latin1'); });
  socket.on('error', () => undefined); // the server may reset a connection whose body it leaves unread
  socket.on('close', () => { closed = true; });
  const head = [`POST /kmip/2_1 HTTP/1.1`, `host: ${hostname}:${port}`, 'content-type: application/json', `content-length: ${declared}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  socket.write(head);
  socket.write(Buffer.alloc(sent, 0x20));
  return { received: () => text, closed: () => closed, destroy: () => { socket.destroy(); } };
}

describe('request bodies of callers not yet authenticated', () => {
  let idp: JwksServer;
  let gw: StubGateway;
  before(async () => {
    idp = await JwksServer.start();
    gw = await startStubGateway({ auth: trusting(idp), maxBodySize: 16 * MiB });
  });
  after(async () => {
    gw.close();
    await idp.close();
  });

  it('answers 401 to an unauthenticated large body that never completes, closes the connection and dispatches nothing', async () => {
    const calls = gw.backend.calls.length;
    const post = partialPost(gw.url, { authorization: 'Bearer not.a.token' }, 16 * MiB, 2 * MiB);
    try {
      await until(() => {
        if (gw.clock.pending > 0) gw.clock.advance(10); // the 401 waits for the failure delay
        return post.closed();
      }, 'the server closes the refused connection');
      assert.match(post.received(), /^HTTP\/1\.1 401 /);
      assert.equal(gw.backend.calls.length, calls, 'nothing reached the actor');
      assert.equal(gw.audit.at(-1)?.result, 'Unauthorized');
    } finally {
      post.destroy();
    }
  });

  it('serves a large body sent while the key set was still being fetched, whole', async () => {
    idp.hold();
    const token = await idp.mint({ now: gw.clock.now(), claims: { email: 'gus@example.com' } });
    const body = `[${' '.repeat(3 * MiB)}]`;
    const pending = httpRequest(`${gw.url}/kmip/2_1`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    await until(() => idp.waiting > 0, 'the gateway asks for the key set');
    // Let the upload run into the pending-body bound while the key set is held.
    for (let i = 0; i < 2_000; i++) await new Promise<void>((r) => setImmediate(r));
    idp.release();
    const r = await pending;
    assert.equal(r.status, 200, r.text);
    const call = gw.backend.calls.at(-1);
    assert.equal(call?.user, 'gus@example.com');
    assert.equal(call?.body.length, body.length);
  });
});

/**
 * The transport ceiling for `npm run bench`: a bare uWS server that echoes a POST body, and on
 * /ws answers the session's ready frame then echoes each frame, the most any HTTP or WebSocket
 * service on this stack can do for the same round trip. Prints `port=<n>` once listening.
 * @module
 */
import uWS from 'uWebSockets.js';
import { assertNativeUws } from '../src/gateway/server.js';

assertNativeUws();
uWS
  .App()
  .post('/*', (res) => {
    let aborted = false;
    const parts: Buffer[] = [];
    res.onAborted(() => { aborted = true; });
    res.onData((chunk, last) => {
      parts.push(Buffer.from(chunk.slice(0)));
      if (last && !aborted) res.cork(() => { res.writeHeader('content-type', 'application/json').end(Buffer.concat(parts)); });
    });
  })
  .ws('/ws', {
    maxPayloadLength: 16 * 1024 * 1024,
    open: (ws) => { ws.send('{"type":"ready"}'); },
    message: (ws, message, isBinary) => { ws.send(message, isBinary); },
  })
  .listen('127.0.0.1', 0, (socket) => {
    if (socket === false) process.exit(1);
    process.stdout.write(`port=${uWS.us_socket_local_port(socket)}\n`);
  });

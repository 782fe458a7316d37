/**
 * The baseline for `npm run bench`: a bare uWS server that echoes a POST body, the ceiling any
 * HTTP service on this stack can reach. Prints `port=<n>` once listening.
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
  .listen('127.0.0.1', 0, (socket) => {
    if (socket === false) process.exit(1);
    process.stdout.write(`port=${uWS.us_socket_local_port(socket)}\n`);
  });

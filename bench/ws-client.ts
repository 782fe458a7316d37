/**
 * The WebSocket load generator as its own process, so the client's CPU is not the harness's:
 * `node ws-client.js <json options>` runs {@link wsPipelined} and prints its result as one JSON line.
 * The secret and request come on stdin, not argv, so they never show in a process list.
 * @module
 */
import { wsPipelined } from './ws-load.js';

interface Input {
  readonly url: string;
  readonly secret: string;
  readonly requestJson: string;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly sessions: number;
  readonly window: number;
}

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;
const result = await wsPipelined(input.url, input.secret, input.requestJson, input);
process.stdout.write(JSON.stringify(result) + '\n');

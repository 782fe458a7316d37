/**
 * Runs wrk (one thread: the machine has two cores and the server needs them) against a POST
 * endpoint, either one fixed request or one picked at random per request from a list, so the
 * many-database scenario still uses wrk's C client rather than a slower Node one.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWrkOutput, type WrkRun } from './wrk-output.js';

/** One request wrk may send: a body and the database secret it goes with. */
export interface WrkRequest {
  readonly body: string;
  readonly secret?: string;
}

let scripts = 0;

/**
 * The Lua script: a fixed request, or (with several, or when `dynamic`) a uniformly random pick
 * per request. `dynamic` lets a one-request baseline pay the same per-request Lua cost as its list.
 */
export function wrkScript(requests: readonly WrkRequest[], dynamic = false): string {
  const lines = ['wrk.method = "POST"', 'wrk.headers["Content-Type"] = "application/json"'];
  const first = requests[0];
  if (first === undefined) throw new Error('wrk needs at least one request');
  if (requests.length === 1 && !dynamic) {
    lines.push(`wrk.body = ${JSON.stringify(first.body)}`);
    if (first.secret !== undefined) lines.push(`wrk.headers["KmsDatabaseSecret"] = ${JSON.stringify(first.secret)}`);
  } else {
    lines.push(
      `local secrets = {${requests.map((r) => JSON.stringify(r.secret ?? '')).join(',\n')}}`,
      `local bodies = {${requests.map((r) => JSON.stringify(r.body)).join(',\n')}}`,
      'math.randomseed(os.time())',
      'request = function()',
      '  local i = math.random(#bodies)',
      '  wrk.headers["KmsDatabaseSecret"] = secrets[i]',
      '  return wrk.format(nil, nil, nil, bodies[i])',
      'end',
    );
  }
  return lines.join('\n') + '\n';
}

/** Whether wrk is on the PATH. */
export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** Runs wrk for `seconds` with `connections` keep-alive connections; the script goes to `dir`. */
export function runWrk(url: string, requests: readonly WrkRequest[], o: { connections: number; seconds: number; dir: string; dynamic?: boolean }): WrkRun {
  const script = join(o.dir, `wrk-${++scripts}.lua`);
  writeFileSync(script, wrkScript(requests, o.dynamic));
  const r = spawnSync('wrk', ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--timeout', '10s', '--latency', '-s', script, url], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`wrk failed (${String(r.status)}): ${r.stderr}`);
  return parseWrkOutput(r.stdout);
}

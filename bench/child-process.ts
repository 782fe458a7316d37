/**
 * The servers a benchmark starts: waiting for the line that says they listen, and stopping them.
 * @module
 */
import type { ChildProcess } from 'node:child_process';

/** Resolves with the port the first output line matching `pattern` names (its first group). */
export function started(child: ChildProcess, pattern: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer): void => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m) resolve(Number(m[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => { reject(new Error(`process exited early (${String(code)}): ${seen}`)); });
  });
}

/** Sends SIGTERM to each and waits until all have exited. */
export async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => { if (c.exitCode !== null) r(null); else c.once('exit', r); })));
}

/**
 * A one-line progress bar on stderr for long file work, redrawn at most ten times a second.
 * @module
 */

/** Reports work done. */
export interface Progress {
  advance(bytes: number): void;
  done(): void;
}

/** Does nothing: for pipes, logs and --quiet. */
export const NO_PROGRESS: Progress = { advance: () => undefined, done: () => undefined };

function size(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

/** A bar drawn with carriage returns; `now` is injectable for tests. */
export function terminalProgress(label: string, total: number, write: (s: string) => void, now: () => number = Date.now): Progress {
  const started = now();
  let doneBytes = 0;
  let drawnAt = 0;
  const draw = (): void => {
    const frac = total > 0 ? Math.min(1, doneBytes / total) : 1;
    const width = 30;
    const filled = Math.round(frac * width);
    const secs = Math.max(0.001, (now() - started) / 1000);
    write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${size(doneBytes)}/${size(total)} ${size(doneBytes / secs)}/s`);
  };
  return {
    advance(bytes: number): void {
      doneBytes += bytes;
      const t = now();
      if (t - drawnAt >= 100) {
        drawnAt = t;
        draw();
      }
    },
    done(): void {
      draw();
      write('\n');
    },
  };
}

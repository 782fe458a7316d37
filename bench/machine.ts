/**
 * The machine a run measured: CPU model and count, memory, Node and kernel versions.
 * @module
 */
import { cpus, totalmem, release, type } from 'node:os';
import { readFileSync } from 'node:fs';

/** Where the figures come from. */
export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kernel: string;
}

/** The first `model name` of a /proc/cpuinfo text, if any. */
export function cpuModelFrom(cpuinfo: string): string | undefined {
  return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
}

/** Describes this machine. */
export function describeMachine(): Machine {
  let model: string | undefined;
  try {
    model = cpuModelFrom(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    // Not Linux: os.cpus() still names the CPU.
  }
  const list = cpus();
  return {
    cpuModel: model ?? list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: `${type()} ${release()}`,
  };
}

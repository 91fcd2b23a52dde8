import { readdirSync, readFileSync } from 'node:fs';
import { isRunning as isRunningProcess } from '../../src/exec/process-identity.js';

/** Alive means running: a zombie is dead for our purposes (PID 1 here may never reap it). */
export const isRunning = (pid: number): boolean => isRunningProcess({ pid });

/**
 * Running processes whose argv contains `marker`, found through this machine's /proc. A process
 * in a run's PID namespace reports its own PID there (`$$`, `$!`), which means nothing here, so
 * tests find the processes a run left by a marker in their command line instead.
 */
export function runningWith(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== process.pid && commandLine(pid).includes(marker) && isRunning(pid));
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** A sleep duration no other process on the machine uses: its argv is the marker for `runningWith`. */
export const uniqueSleep = (): string => `${1000 + Math.floor(Math.random() * 1000)}.${process.pid}${Math.floor(Math.random() * 1e6)}`;

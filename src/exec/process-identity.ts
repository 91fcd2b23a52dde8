import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * A process as another process can recognise it later: its pid, and on Linux when it started.
 * A pid alone is not enough: the kernel reuses pids, so a record naming a dead server's pid can
 * point at an unrelated process that started since.
 */
export const ProcessIdentity = z.object({
  pid: z.number().int(),
  /** Start time in clock ticks since boot (/proc/PID/stat field 22); absent off Linux. */
  started: z.string().optional(),
});
export type ProcessIdentity = z.infer<typeof ProcessIdentity>;

/** The state letter and start time of a process, from /proc; undefined when it has no entry there. */
function procStat(pid: number): { state: string; started: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces and ')': fields follow the last one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', started: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

let self: ProcessIdentity | undefined;

/** This process, as it would be recognised by `isRunning`. */
export function selfIdentity(): ProcessIdentity {
  if (!self) {
    const started = process.platform === 'linux' ? procStat(process.pid)?.started : undefined;
    self = { pid: process.pid, ...(started ? { started } : {}) };
  }
  return self;
}

/**
 * Whether the process still runs: it exists (EPERM: not ours to signal, but there), is not a
 * zombie waiting to be reaped (a dead server whose parent never waits for it), and, when its
 * start time is known, is the same process and not a later one given the same pid.
 */
export function isRunning(identity: ProcessIdentity): boolean {
  try {
    process.kill(identity.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  const stat = procStat(identity.pid);
  // Signal 0 reached it but /proc does not show it (hidepid, no /proc mounted): it runs.
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return identity.started === undefined || identity.started === stat.started;
}

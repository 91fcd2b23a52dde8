import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** How long a group gets to exit after SIGTERM before SIGKILL. */
export const KILL_GRACE_MS = 2_000;
const POLL_MS = 50;
// SIGKILL cannot be ignored, but delivery and teardown still take a moment.
const KILL_SETTLE_MS = 1_000;

/** Sends `signal` to every process in the group; false when there is nothing (left) to signal. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    // ESRCH: the group is gone. EPERM: nothing in it is ours any more. Either way, nothing to do.
    return false;
  }
}

/**
 * True while some member of the group is still running. Zombies do not count: where PID 1 does not
 * reap orphans (containers without an init), a dead grandchild stays a zombie forever and
 * `kill(-pgid, 0)` alone would report the group alive.
 */
export function groupIsAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  return hasRunningMember(pgid);
}

function hasRunningMember(pgid: number): boolean {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return true;
  }
  // Synchronous on purpose: procfs reads never touch a disk, and this runs only while stopping a group.
  return pids.some((pid) => {
    const member = readStat(pid);
    return member !== undefined && member.pgid === pgid && member.state !== 'Z' && member.state !== 'X';
  });
}

function readStat(pid: string): { state: string; pgid: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited while we looked
  }
  // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses, so split after the last ')'.
  const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return state === undefined ? undefined : { state, pgid: Number(pgrp) };
}

/**
 * Stops every process in the group: SIGTERM, up to `graceMs` to exit, then SIGKILL. Resolves when
 * no running member is left (or SIGKILL had its moment). Safe to call on a group that is gone.
 */
export async function terminateGroup(pgid: number, graceMs = KILL_GRACE_MS): Promise<void> {
  if (!groupIsAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  if (await exitsWithin(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await exitsWithin(pgid, KILL_SETTLE_MS);
}

async function exitsWithin(pgid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    await delay(POLL_MS);
    if (!groupIsAlive(pgid)) return true;
  }
  return false;
}

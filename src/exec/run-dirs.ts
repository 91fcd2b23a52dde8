import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from './process-identity.js';

const OWNED = /^skvm-run-(\d+)-/;

/** A fresh run folder named for this process, so a later server can tell whose it was. */
export function makeRunDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), `skvm-run-${process.pid}-`));
}

/**
 * Removes run folders left by processes that are gone: a server killed with SIGKILL has no
 * chance to clean up its runs, so the next one does. Folders of live processes are never touched.
 */
export async function sweepOrphanRunDirs(dir = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const owner = OWNED.exec(name)?.[1];
    if (!owner || isRunning({ pid: Number(owner) })) continue;
    await rm(join(dir, name), { recursive: true, force: true }).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

import { access, constants, stat } from 'node:fs/promises';
import { delimiter, resolve } from 'node:path';
import { describeSpawnError } from './spawn-error.js';

/**
 * Finds the file `command` names, the way execvp would on the child's PATH, so a launcher in
 * front of it (the sandbox) cannot turn "command not found" into the launcher's own exit code.
 * Returns the absolute path, or the same one-line spawn error a direct spawn would give.
 */
export async function resolveCommand(command: string, pathVariable: string | undefined, cwd: string): Promise<{ path: string } | { spawnError: string }> {
  const candidates = command.includes('/') ? [resolve(cwd, command)] : (pathVariable ?? '').split(delimiter).map((dir) => resolve(cwd, dir || '.', command));
  let denied = false;
  for (const candidate of candidates) {
    const verdict = await executable(candidate);
    if (verdict === 'yes') return { path: candidate };
    denied ||= verdict === 'denied';
  }
  return { spawnError: await describeSpawnError({ code: denied ? 'EACCES' : 'ENOENT' }, command, cwd) };
}

async function executable(path: string): Promise<'yes' | 'denied' | 'missing'> {
  try {
    if (!(await stat(path)).isFile()) return 'denied';
  } catch {
    return 'missing';
  }
  try {
    await access(path, constants.X_OK);
    return 'yes';
  } catch {
    return 'denied';
  }
}

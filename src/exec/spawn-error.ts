import { stat } from 'node:fs/promises';

/** One line a model or a person can act on, for a process that could not be started. */
export async function describeSpawnError(error: unknown, command: string, cwd: string): Promise<string> {
  const code = errnoCode(error);
  // Node reports a missing cwd as ENOENT of the command, which would send people after the wrong thing.
  if ((code === 'ENOENT' || code === 'ENOTDIR') && !(await isDirectory(cwd))) {
    return `working directory not found: ${cwd}`;
  }
  if (code === 'ENOENT') return `command not found: ${command}`;
  if (code === 'EACCES') return `permission denied: ${command} (not executable, or a directory)`;
  return `could not start ${command}: ${errorMessage(error)}`;
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

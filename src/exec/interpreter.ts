import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ExecError } from './exec-error.js';

/** How to run a script: `command` with `args`, the script path being the last arg. */
export type Interpreter = { command: string; args: string[] };

// The extension wins over a shebang: skill scripts often carry shebangs from another machine
// (`#!/usr/bin/python`, a pyenv path) while the extension says plainly what they are.
const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.py': 'python3',
  '.sh': 'bash',
  '.bash': 'bash',
  '.js': process.execPath,
  '.mjs': process.execPath,
  '.cjs': process.execPath,
};

/**
 * Chooses the interpreter for a script from its extension, else from its first line's shebang.
 * Pure: the caller reads the first line (or uses `interpreterForFile`).
 * Throws EXEC_UNKNOWN_INTERPRETER when neither says how to run it.
 */
export function interpreterFor(path: string, firstLine = ''): Interpreter {
  const byExtension = BY_EXTENSION[extname(path).toLowerCase()];
  if (byExtension !== undefined) return { command: byExtension, args: [path] };
  const shebang = parseShebang(firstLine);
  if (shebang !== undefined) return { command: shebang.command, args: [...shebang.args, path] };
  throw new ExecError(
    'EXEC_UNKNOWN_INTERPRETER',
    `${path}: no interpreter for "${extname(path) || '(no extension)'}" files and no usable "#!" line`,
    `use one of ${Object.keys(BY_EXTENSION).join(', ')} or start the file with a line like "#!/usr/bin/env python3"`,
  );
}

/**
 * `#!/bin/bash -e` -> bash with ["-e"]; `#!/usr/bin/env python3` and `#!/usr/bin/env -S node --flag`
 * -> the named program. Words are split on whitespace like `env -S`, which is what authors mean
 * even where the kernel would pass the rest of the line as one argument.
 */
function parseShebang(line: string): Interpreter | undefined {
  if (!line.startsWith('#!')) return undefined;
  const words = line.slice(2).trim().split(/\s+/).filter(Boolean);
  if (words[0] !== undefined && basename(words[0]) === 'env') words.shift();
  if (words[0] === '-S') words.shift();
  const [command, ...args] = words;
  if (command === undefined || command.startsWith('-')) return undefined;
  return { command, args };
}

// A shebang line longer than this is not one anyone relies on (Linux itself stops at 256).
const HEAD_BYTES = 256;

/** `interpreterFor` with the first line read from disk. */
export async function interpreterForFile(path: string): Promise<Interpreter> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    const firstLine = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
    return interpreterFor(path, firstLine);
  } finally {
    await file.close();
  }
}

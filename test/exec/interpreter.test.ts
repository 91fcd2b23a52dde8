import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecError, interpreterFor, interpreterForFile } from '../../src/exec/index.js';

describe('interpreterFor', () => {
  it('runs .py with python3, .sh with bash and .js/.mjs/.cjs with this node', () => {
    expect(interpreterFor('scripts/a.py')).toEqual({ command: 'python3', args: ['scripts/a.py'] });
    expect(interpreterFor('scripts/a.sh')).toEqual({ command: 'bash', args: ['scripts/a.sh'] });
    for (const ext of ['js', 'mjs', 'cjs']) {
      expect(interpreterFor(`a.${ext}`)).toEqual({ command: process.execPath, args: [`a.${ext}`] });
    }
  });

  it('prefers a known extension over a stale shebang', () => {
    expect(interpreterFor('a.py', '#!/usr/bin/python2')).toEqual({ command: 'python3', args: ['a.py'] });
  });

  it('matches extensions case-insensitively', () => {
    expect(interpreterFor('A.PY').command).toBe('python3');
  });

  it('honours an env shebang for a file without a known extension', () => {
    expect(interpreterFor('bin/tool', '#!/usr/bin/env python3')).toEqual({ command: 'python3', args: ['bin/tool'] });
  });

  it('honours an absolute shebang with flags', () => {
    expect(interpreterFor('bin/tool', '#!/bin/bash -eu')).toEqual({ command: '/bin/bash', args: ['-eu', 'bin/tool'] });
  });

  it('splits an env -S shebang into words', () => {
    expect(interpreterFor('tool', '#!/usr/bin/env -S node --no-warnings')).toEqual({
      command: 'node',
      args: ['--no-warnings', 'tool'],
    });
  });

  it('throws EXEC_UNKNOWN_INTERPRETER naming the file for an unknown type without shebang', () => {
    const attempt = () => interpreterFor('scripts/tool.rb', 'puts 1');
    expect(attempt).toThrow(ExecError);
    expect(attempt).toThrow(/^EXEC_UNKNOWN_INTERPRETER: scripts\/tool\.rb: no interpreter for "\.rb"/);
  });

  it('rejects an empty or flag-only shebang', () => {
    expect(() => interpreterFor('tool', '#!')).toThrow(/EXEC_UNKNOWN_INTERPRETER/);
    expect(() => interpreterFor('tool', '#!/usr/bin/env -i')).toThrow(/EXEC_UNKNOWN_INTERPRETER/);
  });
});

describe('interpreterForFile', () => {
  it('reads the shebang from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skvm-interp-'));
    try {
      const path = join(dir, 'tool');
      await writeFile(path, '#!/usr/bin/env bash\r\necho hi\n');
      expect(await interpreterForFile(path)).toEqual({ command: 'bash', args: [path] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { runningWith, uniqueSleep } from '../helpers/process.js';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_ALLOWLIST, ENV_FIXED, ExecError, runProcess, type RunRequestInput } from '../../src/exec/index.js';

// Generous: these prove behaviour, not speed, and must pass on a loaded 2-core machine.
const SLOW = 120_000;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skvm-exec-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function run(command: string, args: string[], extra: Partial<RunRequestInput> = {}) {
  return runProcess({ command, args, cwd: dir, ...extra });
}


function pidsIn(text: string): number[] {
  return [...text.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
}

describe('runProcess', () => {
  it('returns exit code, stdout and stderr of a script', async () => {
    const path = await script('ok.sh', 'echo "hello $1"\necho "warn" >&2\nexit 3\n');
    const result = await run('bash', [path, 'world']);
    expect(result).toMatchObject({
      exitCode: 3,
      signal: null,
      stdout: 'hello world\n',
      stderr: 'warn\n',
      stdoutTruncated: false,
      stderrTruncated: false,
      timedOut: false,
      cancelled: false,
      outputFlood: false,
    });
    expect(result.spawnError).toBeUndefined();
  }, SLOW);

  it('passes shell metacharacters, newlines and options through as verbatim argv', async () => {
    const path = await script('argv.py', 'import json, sys\nprint(json.dumps(sys.argv[1:]))\n');
    const args = [
      '; rm -rf /tmp/x',
      '$(touch pwned)',
      '`touch pwned-backtick`',
      'line one\nline two',
      '--option',
      '-c',
      '',
      '| cat > pwned-pipe',
      '&& touch pwned-and',
      '*',
      'it\'s "quoted"',
      'ünïcødé ✓',
    ];
    const result = await run('python3', [path, ...args]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(args);
    const leftovers = (await readdir(dir)).filter((name) => name.startsWith('pwned'));
    expect(leftovers).toEqual([]);
  }, SLOW);

  it('writes stdin and closes it', async () => {
    const path = await script('upper.py', 'import sys\nsys.stdout.write(sys.stdin.read().upper())\n');
    const result = await run('python3', [path], { stdin: 'shout ünïcødé\n' });
    expect(result.stdout).toBe('SHOUT ÜNÏCØDÉ\n');
  }, SLOW);

  it('gives a script that reads stdin EOF when no stdin is passed, not a hang', async () => {
    const path = await script('read.py', 'import sys\ndata = sys.stdin.read()\nprint(f"read {len(data)} chars")\n');
    const result = await run('python3', [path], { timeoutMs: 60_000 });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'read 0 chars\n', timedOut: false });
  }, SLOW);

  it('returns the traceback of a crashing python script', async () => {
    const path = await script('crash.py', 'def f():\n    raise ValueError("boom")\nf()\n');
    const result = await run('python3', [path]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Traceback (most recent call last)');
    expect(result.stderr).toContain('ValueError: boom');
    expect(result.spawnError).toBeUndefined();
  }, SLOW);

  it('reports a missing interpreter as spawnError instead of rejecting', async () => {
    const result = await run('python4', ['x.py']);
    expect(result.spawnError).toBe('command not found: python4');
    expect(result).toMatchObject({ exitCode: null, signal: null, stdout: '', stderr: '' });
  }, SLOW);

  it('reports a non-executable file as a permission spawnError', async () => {
    const path = await script('not-exec.sh', 'echo hi\n');
    await chmod(path, 0o644);
    const result = await run(path, []);
    expect(result.spawnError).toMatch(/^permission denied: /);
  }, SLOW);

  it('reports a missing working directory as such, not as a missing command', async () => {
    const cwd = join(dir, 'no-such-dir');
    const result = await runProcess({ command: 'bash', args: ['-c', 'true'], cwd });
    expect(result.spawnError).toBe(`working directory not found: ${cwd}`);
  }, SLOW);

  it('rejects an invalid request with EXEC_BAD_REQUEST naming the fields', async () => {
    const bad = runProcess({ command: 'bash', args: ['a\0b'], cwd: 'relative', timeoutMs: 10_000_000 });
    await expect(bad).rejects.toBeInstanceOf(ExecError);
    await expect(bad).rejects.toThrow(/EXEC_BAD_REQUEST: .*args\.0: .*cwd: .*timeoutMs: /);
  });

  it('on timeout kills the whole process group, grandchildren included', async () => {
    const sleep = uniqueSleep();
    const path = await script('sleepy.sh', `sleep ${sleep} &\necho "pid=$!"\nwait\n`);
    const result = await run('bash', [path], { timeoutMs: 4_000 });
    expect(result.timedOut).toBe(true);
    expect(result.cancelled).toBe(false);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(pidsIn(result.stdout)).toHaveLength(1); // the grandchild did start
    expect(runningWith(sleep)).toEqual([]);
  }, SLOW);

  it('on timeout kills a forked python child too', async () => {
    const path = await script(
      'fork.py',
      [
        'import os, sys, time',
        'pid = os.fork()',
        'if pid == 0:',
        '    time.sleep(100)',
        '    os._exit(0)',
        'print(f"pid={pid}", flush=True)',
        'time.sleep(100)',
      ].join('\n'),
    );
    const result = await run('python3', [path], { timeoutMs: 4_000 });
    expect(result.timedOut).toBe(true);
    expect(pidsIn(result.stdout)).toHaveLength(1);
    expect(runningWith(path)).toEqual([]);
  }, SLOW);

  it('SIGKILLs a group that ignores SIGTERM', async () => {
    const sleep = uniqueSleep();
    const path = await script('stubborn.sh', `trap "" TERM\nsleep ${sleep} &\necho "pid=$!"\nwhile true; do sleep 1; done\n`);
    const result = await run('bash', [path], { timeoutMs: 3_000 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(pidsIn(result.stdout)).toHaveLength(1);
    expect(runningWith(sleep)).toEqual([]);
    expect(runningWith(path)).toEqual([]);
  }, SLOW);

  it('cancels a running script when the AbortSignal fires', async () => {
    const ready = join(dir, 'ready-cancel');
    const sleep = uniqueSleep();
    const path = await script('cancel.sh', `sleep ${sleep} &\necho "pid=$!"\ntouch "${ready}"\nwait\n`);
    const controller = new AbortController();
    const pending = runProcess({ command: 'bash', args: [path], cwd: dir, timeoutMs: 600_000 }, { signal: controller.signal });
    while (!existsSync(ready)) await delay(50);
    expect(runningWith(sleep)).toHaveLength(1);
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ cancelled: true, timedOut: false, exitCode: null });
    expect(runningWith(sleep)).toEqual([]);
  }, SLOW);

  it('does not start anything when the signal is already aborted', async () => {
    const marker = join(dir, 'should-not-exist');
    const result = await runProcess(
      { command: 'touch', args: [marker], cwd: dir },
      { signal: AbortSignal.abort() },
    );
    expect(result.cancelled).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('stops a run whose signal is aborted while it is being launched', async () => {
    const sleep = uniqueSleep();
    const controller = new AbortController();
    // Past the first look at the signal, before the process exists: the abort fires in between.
    const pending = runProcess({ command: 'sleep', args: [sleep], cwd: dir, timeoutMs: 600_000 }, { signal: controller.signal });
    controller.abort();
    const result = await pending;
    expect(result.cancelled).toBe(true);
    expect(runningWith(sleep)).toEqual([]);
  }, SLOW);

  it('resolves when a background grandchild keeps stdout open after the script exits, and kills it', async () => {
    const sleep = uniqueSleep();
    const path = await script('leak.sh', `sleep ${sleep} &\necho "pid=$!"\nexit 0\n`);
    const result = await run('bash', [path]);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(pidsIn(result.stdout)).toHaveLength(1);
    expect(runningWith(sleep)).toEqual([]);
  }, SLOW);

  it('without the sandbox, resolves when a process that left the group (setsid) keeps stdout open', async () => {
    const path = await script(
      'escape.py',
      [
        'import os, time',
        'pid = os.fork()',
        'if pid == 0:',
        '    os.setsid()',
        '    time.sleep(3600)', // outlives the test timeout: only destroying the pipes lets the run resolve
        '    os._exit(0)',
        'print(f"pid={pid}", flush=True)',
      ].join('\n'),
    );
    // The process-group fallback: in a PID namespace the escaped process dies with the run (test/exec/sandbox.test.ts).
    const result = await runProcess({ command: 'python3', args: [path], cwd: dir }, { sandbox: false });
    const escaped = runningWith(path);
    try {
      expect(result.exitCode).toBe(0);
      expect(result.sandbox?.isolation).toBe('process-group');
      expect(escaped).toHaveLength(1);
    } finally {
      for (const pid of escaped) process.kill(pid, 'SIGKILL');
    }
  }, SLOW);

  it('caps a 100 MB flood on both streams with bounded memory in this process', async () => {
    const path = await script(
      'flood.py',
      [
        'import sys',
        'chunk = b"x" * (1 << 20)',
        'for _ in range(100):',
        '    sys.stdout.buffer.write(chunk)',
        '    sys.stderr.buffer.write(chunk)',
      ].join('\n'),
    );
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 10);
    const result = await run('python3', [path]).finally(() => clearInterval(sampler));
    const limit = 1024 * 1024;
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stderrTruncated).toBe(true);
    expect(result.outputFlood).toBe(true);
    expect(result.stdout).toBe(`${'x'.repeat(limit)}\n[skvm: output truncated after ${limit} bytes]`);
    expect(result.stderr.startsWith('x'.repeat(limit))).toBe(true);
    const mib = (bytes: number) => Math.round(bytes / (1024 * 1024));
    console.info(`flood: rss +${mib(peakRss - before.rss)} MiB, heap +${mib(peakHeap - before.heapUsed)} MiB`);
    expect(peakRss - before.rss).toBeLessThan(200 * 1024 * 1024);
    expect(peakHeap - before.heapUsed).toBeLessThan(200 * 1024 * 1024);
  }, SLOW);

  it('drains output past the cap without killing a script that stays under the flood limit', async () => {
    const path = await script('chatty.py', 'import sys\nsys.stdout.write("y" * (5 * 1024 * 1024))\nprint("done", file=sys.stderr)\n');
    const result = await run('python3', [path], { maxOutputBytes: 1024 * 1024 });
    expect(result).toMatchObject({ exitCode: 0, stdoutTruncated: true, stderrTruncated: false, outputFlood: false });
    expect(result.stdout.length).toBe(1024 * 1024 + '\n[skvm: output truncated after 1048576 bytes]'.length);
    expect(result.stderr).toBe('done\n');
  }, SLOW);

  it('kills a group whose output passes 64x the cap', async () => {
    const result = await run('yes', [], { maxOutputBytes: 1024 });
    expect(result).toMatchObject({ outputFlood: true, stdoutTruncated: true, timedOut: false, exitCode: null });
  }, SLOW);

  it('shows the child only allowlisted variables plus the ones the request adds', async () => {
    process.env['SKVM_TEST_SECRET'] = 'hunter2';
    process.env['NODE_OPTIONS'] = '--require /nonexistent.js';
    try {
      const result = await run('env', [], { env: { SKVM_EXTRA: 'visible' } });
      const vars = new Map(
        result.stdout
          .trimEnd()
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
      );
      expect(vars.has('SKVM_TEST_SECRET')).toBe(false);
      expect(vars.has('NODE_OPTIONS')).toBe(false);
      expect(vars.get('SKVM_EXTRA')).toBe('visible');
      expect(vars.get('PYTHONIOENCODING')).toBe('utf-8');
      expect(vars.get('PATH')).toBe(process.env['PATH']);
      const allowed = new Set<string>([...ENV_ALLOWLIST, ...Object.keys(ENV_FIXED), 'SKVM_EXTRA']);
      expect([...vars.keys()].filter((name) => !allowed.has(name))).toEqual([]);
    } finally {
      delete process.env['SKVM_TEST_SECRET'];
      delete process.env['NODE_OPTIONS'];
    }
  }, SLOW);

  it('keeps the output of 50 concurrent runs apart', async () => {
    const path = await script('id.sh', 'echo "out-$1"\necho "err-$1" >&2\nexit $(( $1 % 7 ))\n');
    const ids = Array.from({ length: 50 }, (_, index) => index);
    const results = await Promise.all(ids.map((id) => run('bash', [path, String(id)])));
    results.forEach((result, id) => {
      expect(result).toMatchObject({ stdout: `out-${id}\n`, stderr: `err-${id}\n`, exitCode: id % 7 });
    });
  }, SLOW);
});

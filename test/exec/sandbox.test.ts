import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, type RunRequestInput } from '../../src/exec/index.js';
import { runningWith, uniqueSleep } from '../helpers/process.js';

// Generous: these prove behaviour, not speed, and must pass on a loaded 2-core machine.
const SLOW = 120_000;
const SECRET = `FAKE_SECRET_${process.pid}_${Date.now()}`;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skvm-sandbox-'));
  // The secret sits in this process's environment, as an API key would in the server's.
  process.env.FAKE_SECRET = SECRET;
});

afterAll(async () => {
  delete process.env.FAKE_SECRET;
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const bash = (code: string, extra: Partial<RunRequestInput> = {}) => runProcess({ command: 'bash', args: ['-c', code], cwd: dir, ...extra });

describe('the sandbox around skill processes (Linux, namespaces available as here and in CI)', () => {
  it('reports a user+PID namespace with the default limits', async () => {
    const result = await bash('true');
    expect(result.sandbox).toEqual({ isolation: 'pid-namespace', userNamespace: true, limits: { memoryMb: 2048, cpuSeconds: 300 } });
  }, SLOW);

  it("cannot read the parent's environment through /proc, even as root and after trying to unmount its /proc", async () => {
    const code = [
      'tr "\\0" "\\n" < /proc/$PPID/environ',
      'umount /proc 2>/dev/null; echo "umount-status=$?"',
      'cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null | tr "\\0" "\\n"',
      `tr "\\0" "\\n" < /proc/${process.pid}/environ 2>/dev/null`,
      'echo "processes: $(ls -d /proc/[0-9]* | wc -l)"',
    ].join('\n');
    const result = await bash(code);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stdout).toMatch(/umount-status=[1-9]/);
    // bash, the init, and the pipeline's own processes: nothing of the machine's.
    expect(Number(/processes: (\d+)/.exec(result.stdout)?.[1])).toBeLessThan(10);
  }, SLOW);

  it('has no capabilities, also when the server runs as root', async () => {
    const result = await bash('grep -E "^Cap(Eff|Prm|Bnd):" /proc/self/status');
    expect(result.stdout.trim().split('\n')).toEqual(['CapPrm:\t0000000000000000', 'CapEff:\t0000000000000000', 'CapBnd:\t0000000000000000']);
  }, SLOW);

  it('ends `setsid sleep &` with the run', async () => {
    const sleep = uniqueSleep();
    const result = await bash(`setsid sleep ${sleep} &\nsleep 0.3\necho started`);
    expect(result.stdout).toBe('started\n');
    expect(runningWith(sleep)).toEqual([]);
  }, SLOW);

  it('ends a python double fork that called os.setsid() with the run, also on timeout', async () => {
    const path = await script(
      'daemon.py',
      [
        'import os, sys, time',
        'if os.fork() == 0:',
        '    os.setsid()',
        '    if os.fork() == 0:',
        '        time.sleep(3600)',
        '    os._exit(0)',
        'time.sleep(0.3)',
        'print("forked", flush=True)',
        'if len(sys.argv) > 1: time.sleep(3600)',
      ].join('\n'),
    );
    const ended = await runProcess({ command: 'python3', args: [path], cwd: dir });
    expect(ended.stdout).toBe('forked\n');
    expect(runningWith(path)).toEqual([]);
    const timedOut = await runProcess({ command: 'python3', args: [path, 'wait'], cwd: dir, timeoutMs: 2_000 });
    expect(timedOut).toMatchObject({ timedOut: true, stdout: 'forked\n' });
    expect(runningWith(path)).toEqual([]);
  }, SLOW);

  it('stops a process at the CPU limit and says so', async () => {
    const result = await withVariable('SKVM_RUN_CPU_SECONDS', '1', () => bash('while :; do :; done', { timeoutMs: 60_000 }));
    expect(result).toMatchObject({ limitHit: 'cpu', signal: 'SIGXCPU', timedOut: false, sandbox: { limits: { cpuSeconds: 1 } } });
  }, SLOW);

  it('refuses memory beyond the limit and says so', async () => {
    const code = 'data = bytearray(300 * 1024 * 1024)\nprint("allocated")';
    const run = () => runProcess({ command: 'python3', args: ['-c', code], cwd: dir });
    const limited = await withVariable('SKVM_RUN_MEMORY_MB', '128', run);
    expect(limited).toMatchObject({ limitHit: 'memory', stdout: '', sandbox: { limits: { memoryMb: 128 } } });
    expect(limited.stderr).toContain('MemoryError');
    expect(await run()).toMatchObject({ exitCode: 0, stdout: 'allocated\n' });
  }, SLOW);

  it('stops a Node child that queues output in a tight loop at the memory limit, long before its timeout', async () => {
    // The loop never yields, so Node never flushes its queued writes: the server sees no flood,
    // the child's own memory grows. The memory limit is what ends it.
    const code = 'const s = "x".repeat(1 << 16); for (;;) process.stdout.write(s);';
    const run = () => runProcess({ command: process.execPath, args: ['-e', code], cwd: dir, timeoutMs: 100_000 });
    const result = await withVariable('SKVM_RUN_MEMORY_MB', '256', run);
    expect(result.timedOut).toBe(false);
    expect(result.exitCode ?? result.signal).not.toBe(0);
  }, SLOW);

  it('names a bad limit variable', async () => {
    await expect(withVariable('SKVM_RUN_MEMORY_MB', 'lots', () => bash('true'))).rejects.toThrow(/EXEC_BAD_LIMIT: SKVM_RUN_MEMORY_MB="lots"/);
  });
});

async function withVariable<T>(name: string, value: string, work: () => Promise<T>): Promise<T> {
  process.env[name] = value;
  try {
    return await work();
  } finally {
    delete process.env[name];
  }
}

import { execFile } from 'node:child_process';
import { z } from 'zod';
import { log } from '../log.js';
import { childEnv } from './env-allowlist.js';
import { prlimitArgs, resourceLimits, ResourceLimits } from './resource-limits.js';

/** `SKVM_SANDBOX=off` runs skill processes without namespaces (the process-group fallback). */
export const SANDBOX_VARIABLE = 'SKVM_SANDBOX';

/** What isolated a run, reported with every run that started a process. */
export const SandboxReport = z.object({
  /**
   * `pid-namespace`: the process has its own PID namespace and /proc (it sees no other process
   * of the machine) and every descendant dies with it. `process-group`: the fallback where
   * namespaces are unavailable; descendants that leave the group (setsid) can outlive the run.
   */
  isolation: z.enum(['pid-namespace', 'process-group']),
  /** The namespace sits in a user namespace of its own (no capability outside it). */
  userNamespace: z.boolean(),
  /** Limits applied to every process of the run; null where util-linux prlimit is missing. */
  limits: ResourceLimits.nullable(),
});
export type SandboxReport = z.infer<typeof SandboxReport>;

/** The argv before the command, and what it gives the run. */
export type Launcher = { prefix: string[]; report: SandboxReport };

type Shape = 'user-namespace' | 'pid-namespace' | 'limits-only' | 'bare';

// --kill-child: if the outer unshare dies (SIGKILL to the run's group), the namespace's init dies and takes every process in it along.
const PID_NAMESPACE = ['--pid', '--fork', '--mount-proc', '--kill-child'];
// Root inside keeps no capability: with CAP_SYS_ADMIN it could unmount the private /proc and see the machine's.
const DROP_CAPABILITIES = ['setpriv', '--bounding-set=-all', '--inh-caps=-all', '--'];
// PID 1 of a namespace ignores every signal it has no handler for (SIGTERM, SIGXCPU): timeout(1)
// without a duration is PID 1 instead, forwards SIGTERM/SIGINT to the command, and exits with its status.
const NAMESPACE_INIT = ['timeout', '--foreground', '0'];

function launcherFor(shape: Shape, limits: ResourceLimits, root: boolean): Launcher {
  const limit = ['prlimit', ...prlimitArgs(limits), '--'];
  const inside = [...(root ? DROP_CAPABILITIES : []), ...limit, ...NAMESPACE_INIT];
  switch (shape) {
    case 'user-namespace':
      return { prefix: ['unshare', '--user', '--map-current-user', ...PID_NAMESPACE, '--', ...inside], report: { isolation: 'pid-namespace', userNamespace: true, limits } };
    case 'pid-namespace':
      return { prefix: ['unshare', ...PID_NAMESPACE, '--', ...inside], report: { isolation: 'pid-namespace', userNamespace: false, limits } };
    case 'limits-only':
      return { prefix: limit, report: { isolation: 'process-group', userNamespace: false, limits } };
    case 'bare':
      return { prefix: [], report: { isolation: 'process-group', userNamespace: false, limits: null } };
  }
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** The best shape this machine supports, probed once per process by running `true` through each. */
let probed: Promise<Shape> | undefined;

async function probeShape(): Promise<Shape> {
  const wanted: Shape[] = process.platform === 'linux' && process.env[SANDBOX_VARIABLE] !== 'off' ? ['user-namespace', 'pid-namespace'] : [];
  for (const shape of [...wanted, 'limits-only' as const]) {
    // Default limits: a bad limit variable is reported by the run that reads it, not cached here.
    const { prefix } = launcherFor(shape, resourceLimits({}), isRoot());
    if (await runsTrue(prefix)) return shape;
  }
  return 'bare';
}

function runsTrue(prefix: string[]): Promise<boolean> {
  const [command = 'true', ...args] = [...prefix, 'true'];
  return new Promise((resolve) => {
    execFile(command, args, { env: childEnv(process.env), timeout: 10_000 }, (error) => resolve(error === null));
  });
}

/**
 * How the next process should be launched: the strongest isolation the machine allows, with the
 * limits the environment sets now. The first call probes (a few ms) and logs what it found.
 */
export async function sandboxLauncher(): Promise<Launcher> {
  probed ??= probeShape().then((shape) => {
    if (shape !== 'user-namespace') log.warn({ shape }, 'skill processes run without a user+PID namespace (see "What a skill can and cannot do" in the README)');
    return shape;
  });
  return launcherFor(await probed, resourceLimits(), isRoot());
}

/** A plain launch: what the benchmark compares the sandbox against. */
export const plainLauncher = (): Launcher => launcherFor('bare', resourceLimits(), isRoot());

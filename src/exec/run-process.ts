import type { Options, ResultPromise } from 'execa';
import { constants } from 'node:os';
import { childEnv } from './env-allowlist.js';
import { captureStream, OutputCap } from './output-cap.js';
import { trackGroup } from './live-runs.js';
import { terminateGroup } from './process-group.js';
import { resolveCommand } from './resolve-command.js';
import { limitHit } from './resource-limits.js';
import { parseRunRequest, type RunRequest, type RunRequestInput } from './run-request.js';
import { notStarted, type RunResult } from './run-result.js';
import { plainLauncher, sandboxLauncher, type Launcher } from './sandbox.js';
import { describeSpawnError } from './spawn-error.js';

/**
 * How long to keep reading after the direct child exits. A grandchild that still holds the pipes
 * after this is killed with the group, so a forgotten `cmd &` cannot keep a run open forever.
 */
export const DRAIN_MS = 500;

/**
 * A stream that produces this many times `maxOutputBytes` gets its process group killed (the
 * result says `outputFlood`). Up to that point the excess is read and discarded, so a merely chatty
 * script finishes normally; beyond it the bytes would be thrown away anyway and an endless writer
 * (`yes`) would burn a core until the timeout.
 */
export const OUTPUT_FLOOD_FACTOR = 64;

const signalNumbers = constants.signals;

export type RunOptions = {
  signal?: AbortSignal;
  /** false: no namespace and no limits, only the process group (what the sandbox benchmark compares against). */
  sandbox?: boolean;
};

type StopReason = 'timeout' | 'cancel' | 'flood';

/** The argv that runs the request: the launcher's prefix, then the command as a resolved path. */
type Launch = { argv: [string, ...string[]]; launcher: Launcher };

/**
 * Runs `command` with `args` as argv (no shell), in its own process group and, where the machine
 * allows, its own user and PID namespace (src/exec/sandbox.ts), with an allowlisted environment,
 * memory and CPU limits, a timeout and capped output. Resolves for every outcome of the process,
 * including one that cannot start (`spawnError`); rejects only for an invalid request
 * (EXEC_BAD_REQUEST) or limit variable (EXEC_BAD_LIMIT). When it resolves, nothing the run
 * started is still running in its namespace (or, in the fallback, its process group).
 */
export async function runProcess(input: RunRequestInput, opts: RunOptions = {}): Promise<RunResult> {
  const req = parseRunRequest(input);
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  if (opts.signal?.aborted) return notStarted({ cancelled: true, durationMs: 0 });

  const launch = await launchFor(req, opts.sandbox === false ? plainLauncher() : await sandboxLauncher());
  if ('spawnError' in launch) return notStarted({ spawnError: launch.spawnError, durationMs: elapsed() });
  let child: ResultPromise;
  try {
    child = spawnChild(launch.argv, req, await loadExeca());
  } catch (error) {
    return notStarted({ spawnError: await describeSpawnError(error, req.command, req.cwd), durationMs: elapsed() });
  }
  if (child.pid === undefined) {
    // With `reject: false` a spawn failure resolves, carrying the underlying error as `cause`.
    const failure: { cause?: unknown } = await child;
    const spawnError = await describeSpawnError(failure.cause ?? failure, req.command, req.cwd);
    return notStarted({ spawnError, durationMs: elapsed() });
  }
  const untrack = trackGroup(child.pid);
  try {
    const outcome = await supervise(child, child.pid, req, launch.launcher, opts.signal);
    const result = { ...outcome, sandbox: launch.launcher.report, durationMs: elapsed() };
    const hit = limitHit(result);
    return hit === undefined ? result : { ...result, limitHit: hit };
  } finally {
    untrack();
  }
}

/** With a launcher in front, the command is resolved here: a missing one must read as such, not as the launcher's exit 127. */
async function launchFor(req: RunRequest, launcher: Launcher): Promise<Launch | { spawnError: string }> {
  if (launcher.prefix.length === 0) return { argv: [req.command, ...req.args], launcher };
  const found = await resolveCommand(req.command, childEnv(process.env, req.env).PATH, req.cwd);
  if ('spawnError' in found) return found;
  return { argv: [...(launcher.prefix as [string, ...string[]]), found.path, ...req.args], launcher };
}

/** execa is a large share of a server's startup; it loads with the first process run. */
let execaModule: Promise<typeof import('execa')> | undefined;
const loadExeca = () => (execaModule ??= import('execa'));

function spawnChild([command, ...args]: Launch['argv'], req: RunRequest, { execa }: typeof import('execa')): ResultPromise {
  const options: Options = {
    cwd: req.cwd,
    env: childEnv(process.env, req.env),
    extendEnv: false,
    shell: false,
    // A new process group (and session): one signal to -pid reaches every descendant that stays in it.
    detached: true,
    // We read the pipes ourselves: execa's maxBuffer would discard everything once exceeded.
    buffer: false,
    reject: false,
    windowsHide: true,
    ...(req.stdin === undefined ? { stdin: 'ignore' as const } : { input: req.stdin }),
  };
  const child = execa(command, args, options);
  child.catch(() => undefined); // we never await it after a successful spawn; it must not reject unseen
  return child;
}

async function supervise(
  child: ResultPromise,
  pgid: number,
  req: RunRequest,
  launcher: Launcher,
  signal: AbortSignal | undefined,
): Promise<Omit<RunResult, 'durationMs' | 'sandbox'>> {
  const exit = waitForExit(child);
  const stopper = new GroupStopper(pgid);
  const stdout = new OutputCap(req.maxOutputBytes);
  const stderr = new OutputCap(req.maxOutputBytes);
  const floodBytes = req.maxOutputBytes * OUTPUT_FLOOD_FACTOR;
  const feed = (cap: OutputCap) => (chunk: Buffer) => {
    cap.push(chunk);
    if (cap.seenBytes <= floodBytes || stopper.reason !== undefined) return;
    stopper.stop('flood');
    // Stop reading at once: a writer then blocks on the full pipe (or gets EPIPE) instead of
    // producing more while the group is being terminated.
    for (const stream of [child.stdout, child.stderr]) stream?.destroy();
  };
  const pipes = Promise.all([
    child.stdout ? captureStream(child.stdout, feed(stdout)) : undefined,
    child.stderr ? captureStream(child.stderr, feed(stderr)) : undefined,
  ]);
  const disarm = armStops(req.timeoutMs, signal, (reason) => stopper.stop(reason));
  const exited = await exit;
  disarm(); // the run is over: a late timeout or abort must not relabel a finished process
  await closePipes(child, pipes, stopper);
  const { exitCode, exitSignal } = launcher.report.isolation === 'pid-namespace' ? signalThroughInit(exited, stopper.reason !== undefined, launcher.report.limits !== null) : exited;
  return {
    exitCode,
    signal: exitSignal,
    stdout: stdout.text(),
    stderr: stderr.text(),
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
    timedOut: stopper.reason === 'timeout',
    cancelled: stopper.reason === 'cancel',
    outputFlood: stopper.reason === 'flood',
  };
}

/**
 * In a PID namespace the command runs under an init (timeout(1), PID 1) that cannot itself die
 * by a signal, so a command killed by signal N comes back as exit code 128+N, the shell's
 * convention. Read it back as the signal where one is known to have been sent: the stop's
 * SIGTERM, or the CPU limit's SIGXCPU. Any other 128+N stays an exit code, as a shell reports it.
 */
function signalThroughInit(exited: Exited, stopped: boolean, limited: boolean): Exited {
  const sent = [...(stopped ? (['SIGTERM'] as const) : []), ...(limited ? (['SIGXCPU'] as const) : [])];
  const match = sent.find((name) => exited.exitCode === 128 + signalNumbers[name]);
  return match === undefined ? exited : { exitCode: null, exitSignal: match };
}

type Exited = { exitCode: number | null; exitSignal: string | null };

// 'exit', not 'close': 'close' waits for the pipes, which a grandchild may hold open indefinitely.
function waitForExit(child: ResultPromise): Promise<Exited> {
  return new Promise((resolve) => {
    child.once('exit', (exitCode: number | null, exitSignal: NodeJS.Signals | null) => resolve({ exitCode, exitSignal }));
  });
}

function armStops(timeoutMs: number, signal: AbortSignal | undefined, stop: (reason: StopReason) => void): () => void {
  const timer = setTimeout(() => stop('timeout'), timeoutMs);
  const onAbort = (): void => stop('cancel');
  signal?.addEventListener('abort', onAbort, { once: true });
  // Aborted while the launcher was prepared (after runProcess's first look): no event will come.
  if (signal?.aborted) stop('cancel');
  return () => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
}

/**
 * After the direct child exits: let the pipes drain, stop whatever is left in the group, and if
 * something outside the group (it called setsid) still holds a pipe, stop listening to it.
 */
async function closePipes(child: ResultPromise, pipes: Promise<unknown>, stopper: GroupStopper): Promise<void> {
  const drained = await settlesWithin(pipes, DRAIN_MS);
  await stopper.finish();
  if (drained || (await settlesWithin(pipes, DRAIN_MS))) return;
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
  await pipes;
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Terminates the group once, remembering why; later reasons do not overwrite the first. */
class GroupStopper {
  reason: StopReason | undefined;
  readonly #pgid: number;
  #stopping: Promise<void> | undefined;

  constructor(pgid: number) {
    this.#pgid = pgid;
  }

  stop(reason: StopReason): void {
    if (this.#stopping !== undefined) return;
    this.reason = reason;
    this.#stopping = terminateGroup(this.#pgid);
  }

  /** Waits for a stop in progress, or sweeps up processes the child left behind. */
  finish(): Promise<void> {
    return this.#stopping ?? terminateGroup(this.#pgid);
  }
}

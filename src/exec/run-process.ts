import type { Options, ResultPromise } from 'execa';
import { childEnv } from './env-allowlist.js';
import { captureStream, OutputCap } from './output-cap.js';
import { terminateGroup, trackGroup } from './process-group.js';
import { parseRunRequest, type RunRequest, type RunRequestInput } from './run-request.js';
import { notStarted, type RunResult } from './run-result.js';
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

export type RunOptions = { signal?: AbortSignal };

type StopReason = 'timeout' | 'cancel' | 'flood';

/**
 * Runs `command` with `args` as argv (no shell), in its own process group, with an allowlisted
 * environment, a timeout and capped output. Resolves for every outcome of the process, including
 * one that cannot start (`spawnError`); rejects only for an invalid request (EXEC_BAD_REQUEST).
 * When it resolves, nothing the run started is still running in its process group.
 */
export async function runProcess(input: RunRequestInput, opts: RunOptions = {}): Promise<RunResult> {
  const req = parseRunRequest(input);
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  if (opts.signal?.aborted) return notStarted({ cancelled: true, durationMs: 0 });

  let child: ResultPromise;
  try {
    child = spawnChild(req, await loadExeca());
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
    return { ...(await supervise(child, child.pid, req, opts.signal)), durationMs: elapsed() };
  } finally {
    untrack();
  }
}

/** execa is a large share of a server's startup; it loads with the first process run. */
let execaModule: Promise<typeof import('execa')> | undefined;
const loadExeca = () => (execaModule ??= import('execa'));

function spawnChild(req: RunRequest, { execa }: typeof import('execa')): ResultPromise {
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
  const child = execa(req.command, req.args, options);
  child.catch(() => undefined); // we never await it after a successful spawn; it must not reject unseen
  return child;
}

async function supervise(
  child: ResultPromise,
  pgid: number,
  req: RunRequest,
  signal: AbortSignal | undefined,
): Promise<Omit<RunResult, 'durationMs'>> {
  const exit = waitForExit(child);
  const stopper = new GroupStopper(pgid);
  const stdout = new OutputCap(req.maxOutputBytes);
  const stderr = new OutputCap(req.maxOutputBytes);
  const floodBytes = req.maxOutputBytes * OUTPUT_FLOOD_FACTOR;
  const feed = (cap: OutputCap) => (chunk: Buffer) => {
    cap.push(chunk);
    if (cap.seenBytes > floodBytes) stopper.stop('flood');
  };
  const pipes = Promise.all([
    child.stdout ? captureStream(child.stdout, feed(stdout)) : undefined,
    child.stderr ? captureStream(child.stderr, feed(stderr)) : undefined,
  ]);
  const disarm = armStops(req.timeoutMs, signal, (reason) => stopper.stop(reason));
  const { exitCode, exitSignal } = await exit;
  disarm(); // the run is over: a late timeout or abort must not relabel a finished process
  await closePipes(child, pipes, stopper);
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

// 'exit', not 'close': 'close' waits for the pipes, which a grandchild may hold open indefinitely.
function waitForExit(child: ResultPromise): Promise<{ exitCode: number | null; exitSignal: string | null }> {
  return new Promise((resolve) => {
    child.once('exit', (exitCode: number | null, exitSignal: NodeJS.Signals | null) => resolve({ exitCode, exitSignal }));
  });
}

function armStops(timeoutMs: number, signal: AbortSignal | undefined, stop: (reason: StopReason) => void): () => void {
  const timer = setTimeout(() => stop('timeout'), timeoutMs);
  const onAbort = (): void => stop('cancel');
  signal?.addEventListener('abort', onAbort, { once: true });
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

import { rmSync } from 'node:fs';
import { constants } from 'node:os';
import { log } from '../log.js';
import { signalGroup } from './process-group.js';

/** How long a stopping server waits for its own shutdown work before it exits anyway. */
const SHUTDOWN_GRACE_MS = 5_000;

const groups = new Set<number>();
const runDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', endAllRuns);
}

const remember = <T>(set: Set<T>, value: T): (() => void) => {
  installExitHook();
  set.add(value);
  return () => set.delete(value);
};

/**
 * Remembers a running group so it is SIGKILLed if this process exits first: detached children do
 * not die with their parent, and a server that quits must not leave model-written code running.
 * Returns the function that forgets it.
 */
export const trackGroup = (pgid: number): (() => void) => remember(groups, pgid);

/** Remembers a run's scratch folder so it is removed if this process exits before the run ends. */
export const trackRunDir = (dir: string): (() => void) => remember(runDirs, dir);

/** SIGKILLs every running group and removes every run folder. Synchronous: safe in an 'exit' handler. */
export function endAllRuns(): void {
  for (const group of groups) signalGroup(group, 'SIGKILL');
  groups.clear();
  for (const dir of runDirs) rmSync(dir, { recursive: true, force: true });
  runDirs.clear();
}

/**
 * Makes SIGTERM, SIGINT and SIGHUP end this process through `process.exit`: Node's default for
 * them exits without the 'exit' event, which would orphan every run. Runs end first, then
 * `shutdown` (bounded by SHUTDOWN_GRACE_MS); a second signal exits at once.
 */
export function exitOnSignals(shutdown: () => Promise<void> = async () => undefined): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const code = 128 + constants.signals[signal];
    if (stopping) process.exit(code);
    stopping = true;
    log.info({ signal, runs: groups.size }, 'stopping: ending every run');
    endAllRuns();
    const grace = setTimeout(() => process.exit(code), SHUTDOWN_GRACE_MS);
    grace.unref();
    void shutdown().then(
      () => process.exit(0),
      () => process.exit(code),
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
}

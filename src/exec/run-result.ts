import { z } from 'zod';
import { SandboxReport } from './sandbox.js';

export const RunResult = z.object({
  /** null when the process was killed by a signal or never started. */
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  stdoutTruncated: z.boolean(),
  stderrTruncated: z.boolean(),
  timedOut: z.boolean(),
  cancelled: z.boolean(),
  /** The process group was killed because a stream passed OUTPUT_FLOOD_FACTOR x maxOutputBytes. */
  outputFlood: z.boolean(),
  durationMs: z.number().nonnegative(),
  /** Set when the process could not be started at all, e.g. "command not found: python4". */
  spawnError: z.string().optional(),
  /** How the run was isolated and limited; absent when no process started. */
  sandbox: SandboxReport.optional(),
  /** A resource limit ended the run: `cpu` (SIGXCPU) or `memory` (an allocation the limit refused). */
  limitHit: z.enum(['cpu', 'memory']).optional(),
});
export type RunResult = z.infer<typeof RunResult>;

/** The process started, exited 0, and nothing stopped it (timeout, cancel, output flood). */
export const runSucceeded = (r: RunResult): boolean => r.exitCode === 0 && !r.timedOut && !r.cancelled && !r.spawnError && !r.outputFlood && !r.limitHit;

/** The result of a run that never produced a process. */
export function notStarted(fields: Pick<RunResult, 'durationMs'> & Partial<RunResult>): RunResult {
  return {
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    timedOut: false,
    cancelled: false,
    outputFlood: false,
    ...fields,
  };
}

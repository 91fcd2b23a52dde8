import { z } from 'zod';
import { ExecError } from './exec-error.js';

/** Environment variables that raise (or lower) the limits every skill process runs under. */
export const MEMORY_LIMIT_VARIABLE = 'SKVM_RUN_MEMORY_MB';
export const CPU_LIMIT_VARIABLE = 'SKVM_RUN_CPU_SECONDS';
export const DEFAULT_MEMORY_LIMIT_MB = 2048;
/** Per process; the default run timeout (60 s) ends a single-threaded run long before this. */
export const DEFAULT_CPU_LIMIT_SECONDS = 300;
/** SIGXCPU at the soft limit lets a process report; SIGKILL follows this much CPU later. */
const CPU_HARD_MARGIN_SECONDS = 2;

export const ResourceLimits = z.object({
  /** RLIMIT_DATA: heap and other private writable memory, checked by the kernel at each allocation. */
  memoryMb: z.number().int().positive(),
  /** RLIMIT_CPU of each process, in seconds of CPU time (not wall time). */
  cpuSeconds: z.number().int().positive(),
});
export type ResourceLimits = z.infer<typeof ResourceLimits>;

const Setting = z.coerce.number().int().positive();

/** The limits from the environment, or their defaults; a bad value is an error naming the variable. */
export function resourceLimits(env: NodeJS.ProcessEnv = process.env): ResourceLimits {
  return {
    memoryMb: setting(env, MEMORY_LIMIT_VARIABLE, DEFAULT_MEMORY_LIMIT_MB),
    cpuSeconds: setting(env, CPU_LIMIT_VARIABLE, DEFAULT_CPU_LIMIT_SECONDS),
  };
}

function setting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const parsed = Setting.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ExecError('EXEC_BAD_LIMIT', `${name}="${raw}" must be a positive whole number`, `unset ${name} for the default (${fallback})`);
}

/** util-linux prlimit arguments that apply `limits` to the command that follows them. */
export function prlimitArgs(limits: ResourceLimits): string[] {
  const bytes = limits.memoryMb * 1024 * 1024;
  return [`--data=${bytes}`, `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + CPU_HARD_MARGIN_SECONDS}`];
}

// What runtimes print when an allocation fails: the kernel refuses memory with ENOMEM, and each
// runtime reports that in its own words (Python, Node/V8, C++, libc).
const OUT_OF_MEMORY = /MemoryError|out of memory|Cannot allocate memory|std::bad_alloc|Allocation failed/i;

/**
 * Which limit ended a run, if one did. CPU is certain: the kernel's SIGXCPU at the soft limit.
 * Memory is recognized from the process's own report of a failed allocation, since RLIMIT_DATA
 * makes the allocation fail rather than sending a signal.
 */
export function limitHit(result: { exitCode: number | null; signal: string | null; stderr: string }): 'cpu' | 'memory' | undefined {
  if (result.signal === 'SIGXCPU') return 'cpu';
  if (result.exitCode !== 0 && OUT_OF_MEMORY.test(result.stderr)) return 'memory';
  return undefined;
}

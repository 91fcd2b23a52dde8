import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { ExecError } from './exec-error.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const MAX_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** Two streams at this cap is the most memory one run may hold for output. */
export const MAX_OUTPUT_BYTES_LIMIT = 64 * 1024 * 1024;

// execve() cannot carry NUL bytes; refusing them here names the field instead of failing inside spawn().
const hasNoNul = (value: string): boolean => !value.includes('\0');
const Arg = z.string().refine(hasNoNul, 'must not contain NUL bytes');
const EnvName = z.string().regex(/^[^=\0]+$/, 'must be a non-empty name without "=" or NUL');

export const RunRequest = z.object({
  /** The executable, resolved on the child's PATH. Never interpreted by a shell. */
  command: Arg.min(1),
  /** Passed verbatim as argv[1..]. */
  args: z.array(Arg).default([]),
  // A relative cwd would depend on wherever the server happened to start.
  cwd: z.string().refine(isAbsolute, 'must be an absolute path'),
  /** Written to the child's stdin, which is then closed. Absent: stdin is /dev/null. */
  stdin: z.string().optional(),
  /** Merged over the allowlisted parent environment (see ENV_ALLOWLIST). */
  env: z.record(EnvName, Arg).optional(),
  timeoutMs: z.number().int().min(1).max(MAX_TIMEOUT_MS).default(DEFAULT_TIMEOUT_MS),
  /** Per stream. */
  maxOutputBytes: z.number().int().min(1).max(MAX_OUTPUT_BYTES_LIMIT).default(DEFAULT_MAX_OUTPUT_BYTES),
});
export type RunRequest = z.infer<typeof RunRequest>;
/** What callers may pass: fields with defaults are optional. */
export type RunRequestInput = z.input<typeof RunRequest>;

/** Validates a request, throwing EXEC_BAD_REQUEST with every offending field named. */
export function parseRunRequest(input: unknown): RunRequest {
  const parsed = RunRequest.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`);
  throw new ExecError('EXEC_BAD_REQUEST', `invalid run request: ${problems.join('; ')}`, 'see RunRequest in src/exec/run-request.ts');
}

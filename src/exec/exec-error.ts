export type ExecErrorCode = 'EXEC_BAD_REQUEST' | 'EXEC_UNKNOWN_INTERPRETER' | 'EXEC_BAD_LIMIT';

/**
 * A mistake by the caller of this module (a malformed request, a script we cannot run), as a value
 * with a code. Failures of the process itself are never thrown: they come back in `RunResult`.
 */
export class ExecError extends Error {
  readonly code: ExecErrorCode;
  readonly hint: string | undefined;

  constructor(code: ExecErrorCode, detail: string, hint?: string) {
    super(`${code}: ${detail}`);
    this.name = 'ExecError';
    this.code = code;
    this.hint = hint;
  }
}

import type { Code } from "./codes.js";
import type { Diagnostic } from "./diagnostic.js";

export interface At {
  line?: number;
  /** The rule that was broken, or how to fix it. */
  hint?: string;
}

/** Collects diagnostics about one file, so each check states only what is specific to it. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly file?: string) {}

  error(code: Code, message: string, at: At = {}): void {
    this.push("error", code, message, at);
  }

  warning(code: Code, message: string, at: At = {}): void {
    this.push("warning", code, message, at);
  }

  info(code: Code, message: string, at: At = {}): void {
    this.push("info", code, message, at);
  }

  private push(severity: Diagnostic["severity"], code: Code, message: string, at: At): void {
    const d: Diagnostic = { code, severity, message };
    if (this.file !== undefined) d.file = this.file;
    if (at.line !== undefined && at.line > 0) d.line = at.line;
    if (at.hint !== undefined) d.hint = at.hint;
    this.diagnostics.push(d);
  }
}

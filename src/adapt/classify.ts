import { posix } from "node:path";
import type { Classification, FailureClass } from "./failure.js";

/** What the classifier reads: a finished run's real output. */
export interface FailedRun {
  exitCode: number | null;
  timedOut: boolean;
  stderr: string;
  stdout?: string;
  /** Set when no process started (src/exec's one-line reason, e.g. `command not found: jq`). */
  spawnError?: string;
}

interface Rule {
  class: FailureClass;
  pattern: RegExp;
  /** Group 1 of the pattern is the subject unless this says otherwise. */
  subject?: (m: RegExpExecArray) => string | undefined;
  /** Applies only when the whole output also says this (e.g. the error came from subprocess). */
  when?: RegExp;
}

const npmPackage = (specifier: string): string | undefined => {
  if (/^(\.|\/|node:|file:)/.test(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
};

/**
 * Ordered: the first rule that matches decides. Narrow causes (a missing module) come before the
 * broad ones that share their words (an ImportError is also an error in the code).
 */
const RULES: readonly Rule[] = [
  // Python: `ModuleNotFoundError: No module named 'yaml.x'` (Python 2 and old ImportErrors have no quotes).
  { class: "missing-python-module", pattern: /^(?:ModuleNotFoundError|ImportError): No module named '?([A-Za-z_][\w.]*)'?/m, subject: (m) => m[1]!.split(".")[0] },
  // Node ESM: `Cannot find package 'x' imported from ...`; CJS: `Cannot find module 'x'` with a bare specifier.
  { class: "missing-npm-package", pattern: /Cannot find package '([^']+)' imported from/, subject: (m) => npmPackage(m[1]!) },
  { class: "missing-npm-package", pattern: /Cannot find module '((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^']*)?'(?! imported)/, subject: (m) => npmPackage(m[1]!) },
  { class: "file-not-found", pattern: /Cannot find module '([^']+)'/ },
  // Shells: `bash: line 1: jq: command not found`, dash's `sh: 1: jq: not found`; spawn failures.
  { class: "command-not-found", pattern: /^(?:[^:\n]*: )?(?:line \d+: )?([^\s:]+): command not found$/m },
  { class: "command-not-found", pattern: /^(?:sh|dash|\/bin\/sh): \d+: ([^\s:]+): not found$/m },
  { class: "command-not-found", pattern: /^command not found: (\S+)/m },
  { class: "command-not-found", pattern: /Error: spawn (\S+) ENOENT/ },
  { class: "command-not-found", pattern: /FileNotFoundError: \[Errno 2\] No such file or directory: '([^'/]+)'\s*$/m, when: /subprocess\.py/ },
  { class: "permission-denied", pattern: /PermissionError: \[Errno 13\] Permission denied: '([^']+)'/ },
  { class: "permission-denied", pattern: /EACCES: permission denied, \w+ '([^']+)'/ },
  { class: "permission-denied", pattern: /^(?:[^:\n]*: )?(?:line \d+: )?([^:\n]+): Permission denied$/m },
  { class: "permission-denied", pattern: /^permission denied: (\S+)/m },
  { class: "network", pattern: /(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|getaddrinfo|urllib\.error\.URLError|ConnectionRefusedError|ConnectionResetError|socket\.gaierror|TypeError: fetch failed|Temporary failure in name resolution|Name or service not known|Could not resolve host|Failed to establish a new connection|Connection refused|Network is unreachable)/ },
  { class: "file-not-found", pattern: /FileNotFoundError: \[Errno 2\] No such file or directory: '([^']+)'/ },
  { class: "file-not-found", pattern: /ENOENT: no such file or directory, \w+ '([^']+)'/ },
  { class: "file-not-found", pattern: /^(?:[^:\n]*: )?(?:line \d+: )?([^:\n]+): No such file or directory$/m },
  { class: "file-not-found", pattern: /can't open file '([^']+)': \[Errno 2\]/ },
  // A value the program could not convert: the type of a parameter, not the program, is wrong.
  { class: "bad-parameter-type", pattern: /^ValueError: (?:invalid literal for int\(\) with base \d+|could not convert string to float): '([^']*)'/m },
  // The model's own code: the interpreter names the error kind.
  { class: "code-error", pattern: /^(SyntaxError|IndentationError|TabError|NameError|AttributeError|TypeError|KeyError|IndexError|ZeroDivisionError|UnboundLocalError|ValueError|ReferenceError|RangeError|ImportError)\b/m },
  { class: "code-error", pattern: /(?:^|: )(syntax error near unexpected token|syntax error: unexpected end of file)/m },
];

/**
 * Reads why a run failed from what it printed (Python tracebacks, Node error codes, shell
 * messages), never from guesses; a run whose output says nothing known is `unknown`. A missing
 * file is `bundled` when the path, taken relative to the skill, names one of its files.
 */
export function classifyFailure(run: FailedRun, bundledFiles: ReadonlySet<string> = new Set()): Classification {
  if (run.timedOut) return { class: "timeout", evidence: "the run timed out and was killed" };
  const text = [run.spawnError ?? "", tail(run.stderr), tail(run.stdout ?? "")].join("\n");
  for (const rule of RULES) {
    const m = rule.pattern.exec(text);
    if (!m || (rule.when && !rule.when.test(text))) continue;
    const subject = rule.subject ? rule.subject(m) : m[1];
    // A rule that reads its subject (a package name) and finds none does not apply (`./x` is a file, not a package).
    if (rule.subject && subject === undefined) continue;
    const classification: Classification = { class: rule.class, ...(subject ? { subject } : {}), evidence: lineOf(text, m.index) };
    if (rule.class === "file-not-found" && subject) classification.bundled = isBundledRelative(subject, bundledFiles);
    return classification;
  }
  if (run.exitCode === 127) return { class: "command-not-found", evidence: "exit code 127 (the shell found no such command)" };
  if (run.exitCode === 126) return { class: "permission-denied", evidence: "exit code 126 (not executable)" };
  return { class: "unknown", evidence: lastLine(text) || `exit code ${run.exitCode}` };
}

/** A relative path (`./` allowed) that names a bundled file. */
export function isBundledRelative(path: string, bundledFiles: ReadonlySet<string>): boolean {
  if (posix.isAbsolute(path)) return false;
  return bundledFiles.has(posix.normalize(path));
}

const TAIL_CHARS = 16 * 1024;
const tail = (text: string): string => (text.length > TAIL_CHARS ? text.slice(-TAIL_CHARS) : text);

function lineOf(text: string, at: number): string {
  const start = text.lastIndexOf("\n", at) + 1;
  const end = text.indexOf("\n", at);
  return text.slice(start, end < 0 ? undefined : end).trim().slice(0, 300);
}

const lastLine = (text: string): string => text.trim().split("\n").at(-1)?.trim().slice(0, 300) ?? "";

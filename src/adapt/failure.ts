import { z } from "zod";

/** What went wrong, read off the process's own output (see classify.ts). */
export const FailureClass = z.enum([
  "missing-python-module",
  "missing-npm-package",
  "command-not-found",
  "file-not-found",
  "permission-denied",
  "timeout",
  "bad-parameter-type",
  "code-error",
  "network",
  "unknown",
]);
export type FailureClass = z.infer<typeof FailureClass>;

/** A class with what it is about (`module`, `package`, `command`, `path`, `error`...) and the line that shows it. */
export const Classification = z.object({
  class: FailureClass,
  /** The subject: a module, package, command or path; absent when the class has none. */
  subject: z.string().optional(),
  /** For a missing file: whether it is one of the skill's bundled files, reached through a relative path. */
  bundled: z.boolean().optional(),
  /** The output line the class was read from. */
  evidence: z.string(),
});
export type Classification = z.infer<typeof Classification>;

export const FailureSource = z.enum(["run_script", "run_code", "template", "workflow"]);
export type FailureSource = z.infer<typeof FailureSource>;

/** One failed run, as stored (bounded: see failure-log.ts for the caps). */
export const FailureRecord = z.object({
  id: z.string(),
  at: z.string(),
  skill: z.string(),
  source: FailureSource,
  /** The script path, template id, workflow node id, or `code` for run_code. */
  target: z.string(),
  /** run_code: the program (its start, when long). */
  code: z.string().optional(),
  lang: z.string().optional(),
  /** Parameters of a template call, as given. */
  params: z.record(z.string(), z.unknown()).optional(),
  exitCode: z.number().nullable(),
  timedOut: z.boolean(),
  stderrTail: z.string(),
  /** The MCP client (name/version) and the session's capability profile, when known. */
  client: z.string().optional(),
  profile: z.string().optional(),
  classification: Classification,
});
export type FailureRecord = z.infer<typeof FailureRecord>;

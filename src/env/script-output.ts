import type { z } from "zod";
import type { RunResult } from "../exec/index.js";

export type ScriptOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Reads the one JSON object a generated script prints as its last stdout line. Exit codes 0 and 1
 * both carry an answer (1 = not ready / something failed); anything else is a crash, and a
 * crash, timeout or garbage becomes an error the caller can show instead of a wrong verdict.
 */
export function parseScriptOutput<S extends z.ZodType>(schema: S, result: RunResult, what: string): ScriptOutcome<z.infer<S>> {
  if (result.spawnError) return { ok: false, error: `${what} could not start: ${result.spawnError}` };
  if (result.timedOut) return { ok: false, error: `${what} timed out after ${Math.round(result.durationMs / 1000)} s and was killed` };
  if (result.cancelled) return { ok: false, error: `${what} was cancelled` };
  const line = result.stdout.trimEnd().split("\n").at(-1) ?? "";
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, error: `${what} ${exitText(result)} without a JSON report${stderrTail(result)}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `${what} printed an invalid report (${issue?.path.join(".") || "(root)"}: ${issue?.message})` };
  }
  return { ok: true, value: parsed.data };
}

const exitText = (r: RunResult): string => (r.exitCode === null ? `was killed by ${r.signal ?? "a signal"}` : `exited with ${r.exitCode}`);

function stderrTail(r: RunResult): string {
  const tail = r.stderr.trim().split("\n").slice(-3).join(" | ").slice(0, 400);
  return tail ? `: ${tail}` : "";
}

import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { RunResult as RunResultSchema, runSucceeded, type RunResult } from "../exec/index.js";

/** What every tool that runs a process returns as structured content (more fields may follow). */
export const RunOutput = {
  exitCode: z.number().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  timedOut: z.boolean(),
  durationMs: z.number(),
  /** Which isolation and limits the run had (src/exec/sandbox.ts). */
  sandbox: RunResultSchema.shape.sandbox,
  limitHit: RunResultSchema.shape.limitHit,
};

/** One line saying how a run ended: exit code, signal, timeout, cancellation or a failed start. */
export function runStatus(r: RunResult): string {
  if (r.spawnError) return `could not start: ${r.spawnError}`;
  if (r.timedOut) return "timed out and was killed";
  if (r.cancelled) return "cancelled";
  if (r.outputFlood) return "flooded its output and was killed";
  if (r.limitHit) return `stopped at its ${r.limitHit} limit (exit code ${r.exitCode ?? `signal ${r.signal}`})`;
  return `exit code ${r.exitCode ?? `signal ${r.signal}`}`;
}

/** The tool result of a run: a status line, notes, stdout and stderr; the same as structured content. */
export function renderRun(label: string, r: RunResult, extra: { notes?: string[]; structured?: Record<string, unknown> } = {}): CallToolResult {
  const text = [`${label}: ${runStatus(r)} (${Math.round(r.durationMs)} ms)`, ...(extra.notes ?? []), section("stdout", r.stdout, r.stdoutTruncated), section("stderr", r.stderr, r.stderrTruncated)]
    .filter(Boolean)
    .join("\n");
  return {
    ...(runSucceeded(r) ? {} : { isError: true }),
    content: [{ type: "text" as const, text }],
    structuredContent: { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut, durationMs: r.durationMs, sandbox: r.sandbox, limitHit: r.limitHit, ...extra.structured },
  };
}

const section = (name: string, text: string, truncated: boolean): string =>
  text ? `--- ${name}${truncated ? " (truncated)" : ""} ---\n${text.trimEnd()}` : "";

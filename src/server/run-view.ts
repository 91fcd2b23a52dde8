import type { CallToolResult } from "@modelcontextprotocol/server";
import { z } from "zod";
import { RunResult as RunResultSchema, runSucceeded, type RunResult } from "../exec/index.js";
import { jsonStringBytes, jsonStringPrefix } from "../json-size/index.js";

/**
 * Bytes (as escaped JSON) each of stdout and stderr may take in a result's text: 1 MiB of
 * control characters escapes to 6 MiB, and stdio clients drop any message over 10 MiB.
 */
const STREAM_TEXT_BYTES = 2 * 1024 * 1024;
/** Streams up to this size (escaped, both together) are also sent whole as structured content. */
const STRUCTURED_STREAM_BYTES = 64 * 1024;
/** Beyond it, structured content carries only this much of each: the text has them in full. */
const STRUCTURED_PREVIEW_BYTES = 4 * 1024;

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
  outputInText: z.boolean().optional().describe("stdout and stderr here are only their start; the text content has them as far as the output caps allow"),
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
  // Large streams go once, in the text: sending them twice would double the response.
  const small = jsonStringBytes(r.stdout, STRUCTURED_STREAM_BYTES) + jsonStringBytes(r.stderr, STRUCTURED_STREAM_BYTES) <= STRUCTURED_STREAM_BYTES;
  const streams = small
    ? { stdout: r.stdout, stderr: r.stderr }
    : { stdout: jsonStringPrefix(r.stdout, STRUCTURED_PREVIEW_BYTES), stderr: jsonStringPrefix(r.stderr, STRUCTURED_PREVIEW_BYTES), outputInText: true };
  return {
    ...(runSucceeded(r) ? {} : { isError: true }),
    content: [{ type: "text" as const, text }],
    structuredContent: { exitCode: r.exitCode, ...streams, timedOut: r.timedOut, durationMs: r.durationMs, sandbox: r.sandbox, limitHit: r.limitHit, ...extra.structured },
  };
}

/** One stream for the text, cut where its escaped size would pass the stream's share. */
function section(name: string, text: string, truncated: boolean): string {
  const whole = text.trimEnd();
  if (!whole) return "";
  const shown = jsonStringPrefix(whole, STREAM_TEXT_BYTES);
  const cut = truncated || shown.length < whole.length;
  return `--- ${name}${cut ? " (truncated)" : ""} ---\n${shown}`;
}

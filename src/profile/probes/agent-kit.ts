import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { clip, finalAnswer } from "../graders/answer.js";
import { fail, type Outcome, type Turn, type Verdict } from "../probe.js";

// Small pieces the agent-mode families share: reference tool calls and workspace checks.

type Call = NonNullable<Turn["toolCalls"]>[number];

export const read = (path: string): Call => ({ name: "read_file", arguments: { path } });
export const write = (path: string, content: string): Call => ({ name: "write_file", arguments: { path, content } });
export const run = (command: string, ...args: string[]): Call => ({ name: "run_command", arguments: { command, args } });
/** One turn of tool calls. */
export const calls = (...cs: Call[]): Turn => ({ toolCalls: cs });
export const done = (text = "Done."): Turn => ({ text });

/** A file the model left in its workspace, or undefined. */
export async function leftFile(outcome: Outcome, path: string): Promise<string | undefined> {
  if (!outcome.workspace) return undefined;
  return readFile(join(outcome.workspace, path), "utf8").catch(() => undefined);
}

/** The file must exist with exactly `want` (one trailing newline either way is forgiven). */
export async function expectFile(outcome: Outcome, path: string, want: string): Promise<Verdict | undefined> {
  const got = await leftFile(outcome, path);
  if (got === undefined) return fail(`${path} was not written`);
  const norm = (s: string) => s.replace(/\n$/, "");
  return norm(got) === norm(want) ? undefined : fail(`${path}: expected ${clip(want)}, got ${clip(got)}`);
}

export function expectAnswer(outcome: Outcome, want: string): Verdict | undefined {
  const got = finalAnswer(outcome.text);
  if (got === undefined) return fail("no ANSWER: line in the final reply");
  return got === want ? undefined : fail(`answered ${clip(got)}, expected ${clip(want)}`);
}

/** The most calls of `name` the model made in one turn: batching shows as several per turn. */
export const widestTurn = (outcome: Outcome, name: string): number => {
  const perTurn = new Map<number, number>();
  for (const c of outcome.calls) if (c.name === name) perTurn.set(c.turn, (perTurn.get(c.turn) ?? 0) + 1);
  return Math.max(0, ...perTurn.values());
};

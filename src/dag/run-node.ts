import { isAbsolute, relative, resolve } from "node:path";
import { bindSkillDir, SKILL_DIR_TOKEN, type NodeRun, type WorkflowNode } from "../compiler/index.js";
import { interpreterForFile, runProcess, type RunResult } from "../exec/index.js";
import { inputEnv, substituteArgs, type InputValues } from "./inputs.js";
import type { OutputBudget } from "./output-budget.js";
import { sharedPool } from "./pool.js";
import { withRedirects } from "./redirects.js";
import type { Slots } from "./slots.js";
import { runTemplate, type SkillTemplates } from "./template-node.js";

/** A node's run time limit when the workflow sets none. */
export const DEFAULT_NODE_TIMEOUT_MS = 300_000;

export interface NodeContext {
  skillDir: string;
  cwd: string;
  /** Environment additions for processes (the skill's venv/prefix, SKVM_SKILL_DIR). */
  env: Record<string, string>;
  inputs: InputValues;
  /** The skill's JIT templates, for `template` nodes. */
  templates?: SkillTemplates;
  /** Outputs of the nodes this one depends on, by id. */
  deps: Record<string, unknown>;
  slots: Slots;
  signal: AbortSignal;
  /** Called once, when the node gets its first slot and really starts. */
  onStart: () => void;
  /** The run's output bytes left; every result is charged (default: a budget of its own). */
  outputs?: OutputBudget;
}

export interface NodeOutcome {
  status: "succeeded" | "failed" | "cancelled";
  output?: unknown;
  error?: string;
  items?: number;
}

type Attempt = { ok: true; output: unknown } | { ok: false; error: string; cancelled: boolean };

/** Runs a runnable node (not an instruction): once, or once per item of a data-parallel map. */
export async function runNode(node: WorkflowNode, ctx: NodeContext): Promise<NodeOutcome> {
  if (!node.forEach) return finish(await inSlot(ctx, () => runOnce(node, ctx, ctx.inputs)));
  const value = ctx.inputs[node.forEach.over] ?? [];
  const items = Array.isArray(value) ? value : [value];
  const as = node.forEach.as;
  if (items.length === 0) ctx.onStart();
  const attempts = await Promise.all(items.map((item) => inSlot(ctx, () => runOnce(node, ctx, { ...ctx.inputs, [as]: item }, item))));
  const failed = attempts.flatMap((a, i) => (a.ok ? [] : [{ ...a, i }]));
  if (failed.length === 0) return { status: "succeeded", output: attempts.map((a) => (a.ok ? a.output : null)), items: items.length };
  const first = failed[0] as { error: string; cancelled: boolean; i: number };
  const status = failed.every((f) => f.cancelled) ? "cancelled" : "failed";
  return { status, error: `${failed.length} of ${items.length} items failed; item ${first.i} (${JSON.stringify(items[first.i])}): ${first.error}`, items: items.length };
}

const finish = (a: Attempt): NodeOutcome =>
  a.ok ? { status: "succeeded", output: a.output } : { status: a.cancelled ? "cancelled" : "failed", error: a.error };

async function inSlot(ctx: NodeContext, work: () => Promise<Attempt>): Promise<Attempt> {
  const release = await ctx.slots.acquire(ctx.signal);
  if (!release) return { ok: false, error: "cancelled before it started", cancelled: true };
  try {
    ctx.onStart();
    const attempt = await work();
    const refusal = attempt.ok ? ctx.outputs?.charge(attempt.output) : undefined;
    return refusal ? { ok: false, error: refusal, cancelled: false } : attempt;
  } finally {
    release();
  }
}

function runOnce(node: WorkflowNode, ctx: NodeContext, inputs: InputValues, item?: string): Promise<Attempt> {
  const timeoutMs = node.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS;
  const run: NodeRun = node.run;
  if (run.kind === "js") return runTransform(run.code, ctx, inputs, item, timeoutMs);
  if (run.kind === "instruction") return Promise.resolve({ ok: false, error: "an instruction is the model's to do", cancelled: false });
  if (run.kind === "template") return runTemplate(run, ctx, inputs, timeoutMs).then((r) => (typeof r === "string" ? { ok: false, error: r, cancelled: false } : processAttempt(r, timeoutMs)));
  return runCommand(run, ctx, inputs, timeoutMs);
}

async function runCommand(run: Extract<NodeRun, { kind: "script" | "code" }>, ctx: NodeContext, inputs: InputValues, timeoutMs: number): Promise<Attempt> {
  const argv = run.kind === "script" ? await scriptArgv(run, ctx, inputs) : CODE_RUNNERS[run.lang](bindSkillDirIn(run.lang, run.code, ctx.skillDir));
  if (typeof argv === "string") return { ok: false, error: argv, cancelled: false };
  const [command, ...args] = argv as [string, ...string[]];
  const env = { ...ctx.env, ...inputEnv(inputs), ...(run.kind === "script" ? run.env : {}) };
  const result = await runProcess({ command, args, cwd: ctx.cwd, env, timeoutMs }, { signal: ctx.signal });
  return processAttempt(result, timeoutMs);
}

/** The argv of a script node (inputs filled in, bundled paths under the skill), or why it cannot run. */
async function scriptArgv(run: Extract<NodeRun, { kind: "script" }>, ctx: NodeContext, inputs: InputValues): Promise<string[] | string> {
  const path = resolve(ctx.skillDir, run.script);
  const rel = relative(ctx.skillDir, path);
  // workflow.json is an artifact on disk; it must not point a run outside the skill.
  if (rel.startsWith("..") || isAbsolute(rel)) return `script "${run.script}" is outside the skill folder`;
  const inSkill = (word: string) => word.replaceAll(SKILL_DIR_TOKEN, ctx.skillDir);
  try {
    const interpreter = await interpreterForFile(path);
    const argv = [interpreter.command, ...interpreter.args, ...substituteArgs(run.args, inputs).map(inSkill)];
    const redirects = (run.redirects ?? []).map((r) => ({ ...r, path: inSkill(substituteArgs([r.path], inputs).join(" ")) }));
    return withRedirects(argv, redirects);
  } catch (err) {
    return (err as Error).message;
  }
}

/** The skill folder in place of its token: quoted as a shell word for bash, as string-literal text for Python and JS. */
function bindSkillDirIn(lang: "shell" | "python" | "node", code: string, skillDir: string): string {
  if (lang === "shell") return bindSkillDir(code, skillDir);
  return code.replaceAll(SKILL_DIR_TOKEN, JSON.stringify(skillDir).slice(1, -1).replace(/'/g, "\\'"));
}

const CODE_RUNNERS = {
  shell: (code: string) => ["bash", "-e", "-c", code],
  python: (code: string) => ["python3", "-c", code],
  node: (code: string) => [process.execPath, "-e", code],
} as const;

function processAttempt(r: RunResult, timeoutMs: number): Attempt {
  if (r.exitCode === 0 && !r.cancelled && !r.timedOut) return { ok: true, output: parseOutput(r.stdout) };
  if (r.cancelled) return { ok: false, error: "cancelled; its process group was killed", cancelled: true };
  const tail = r.stderr.trim().split("\n").slice(-5).join("\n");
  const why = r.spawnError
    ? `could not start: ${r.spawnError}`
    : r.timedOut
      ? `timed out after ${timeoutMs} ms and was killed`
      : r.outputFlood
        ? "killed for flooding its output"
        : `exit code ${r.exitCode ?? `signal ${r.signal}`}`;
  return { ok: false, error: tail ? `${why}: ${tail}` : why, cancelled: false };
}

/** JSON when the node printed JSON (most skill scripts do), else its text. */
function parseOutput(stdout: string): unknown {
  const text = stdout.trim();
  if (!/^[[{"]/.test(text)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function runTransform(code: string, ctx: NodeContext, inputs: InputValues, item: string | undefined, timeoutMs: number): Promise<Attempt> {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
  try {
    const task = { code, inputs, deps: ctx.deps, maxResultBytes: ctx.outputs?.left, ...(item === undefined ? {} : { item }) };
    const output = await (await sharedPool()).run(task, { signal });
    return { ok: true, output };
  } catch (err) {
    if (ctx.signal.aborted) return { ok: false, error: "cancelled; its worker was stopped", cancelled: true };
    if (signal.aborted) return { ok: false, error: `timed out after ${timeoutMs} ms; its worker was stopped`, cancelled: false };
    const e = err as { code?: string; message?: string };
    return { ok: false, error: `${e.code ? `${e.code}: ` : ""}${e.message ?? String(err)}`, cancelled: false };
  }
}

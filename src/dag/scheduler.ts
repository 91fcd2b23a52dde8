import { graphProblems, type Workflow, type WorkflowNode } from "../compiler/index.js";
import { criticalPath } from "./critical-path.js";
import { resolveInputs, type InputValues } from "./inputs.js";
import { OutputBudget } from "./output-budget.js";
import { WorkflowLoadError } from "./load-workflow.js";
import type { FailurePolicy, NodeReport, NodeStatus, WorkflowReport } from "./report.js";
import { runNode } from "./run-node.js";
import { chooseConcurrency, type ConcurrencyChoice } from "./concurrency.js";
import { Slots } from "./slots.js";
import type { SkillTemplates } from "./template-node.js";

export interface WorkflowEvent {
  type: "started" | "finished";
  node: string;
  status?: NodeStatus;
  durationMs?: number;
  /** Nodes finished (any status) out of `total`. */
  done: number;
  total: number;
  /** Monotonic progress in nodes: a start counts half a node, its finish the other half. */
  progress: number;
}

export interface RunWorkflowOptions {
  skill: string;
  skillDir: string;
  /** Absolute working directory for every process node. */
  cwd: string;
  env?: Record<string, string>;
  inputs?: InputValues;
  /** `continue` (default): independent branches finish after a failure; `cancel`: the first failure stops the run. */
  policy?: FailurePolicy;
  /** Cancels the whole run: running processes' groups are killed, workers stopped. */
  signal?: AbortSignal;
  /** A cap on nodes at once (`--concurrency`); without it the machine's contention now decides (see chooseConcurrency). */
  concurrency?: number;
  /** The skill's JIT templates, for `template` nodes. */
  templates?: SkillTemplates;
  onEvent?: (event: WorkflowEvent) => void;
}

/**
 * Runs a workflow DAG: every node whose dependencies succeeded starts at once, bounded only by
 * the shared slots (cores not busy). A failed node fails its dependents (skipped, with the
 * reason); instruction nodes are the model's part and block what depends on them. Throws
 * WorkflowInputError before anything runs when the inputs are wrong, and WorkflowLoadError for a
 * graph that could never finish (a cycle, an unknown dependency: workflow.json may be edited by hand).
 */
export async function runWorkflow(workflow: Workflow, opts: RunWorkflowOptions): Promise<WorkflowReport> {
  const problem = graphProblems(workflow.nodes)[0];
  if (problem) throw new WorkflowLoadError("WORKFLOW_INVALID", `${opts.skill}: ${problem.message}`, problem.hint);
  const inputs = resolveInputs(workflow, opts.inputs);
  const policy = opts.policy ?? "continue";
  const concurrency = await chooseConcurrency(opts.concurrency);
  const run = new Run(workflow, { ...opts, inputs, policy, concurrency });
  return run.start();
}

type Resolved = Omit<RunWorkflowOptions, "concurrency"> & { inputs: InputValues; policy: FailurePolicy; concurrency: ConcurrencyChoice };

class Run {
  readonly #nodes: Map<string, WorkflowNode>;
  readonly #dependents = new Map<string, WorkflowNode[]>();
  readonly #reports = new Map<string, NodeReport>();
  readonly #outputs = new Map<string, unknown>();
  readonly #waitingOn = new Map<string, number>();
  readonly #abort = new AbortController();
  readonly #outputBudget = new OutputBudget();
  readonly #slots: Slots;
  readonly #t0 = performance.now();
  #running = 0;
  #progress = 0;
  #finish: (() => void) | undefined;

  constructor(
    readonly workflow: Workflow,
    readonly opts: Resolved,
  ) {
    this.#nodes = new Map(workflow.nodes.map((n) => [n.id, n]));
    this.#slots = new Slots(opts.concurrency.limit);
    for (const node of workflow.nodes) {
      this.#waitingOn.set(node.id, node.dependsOn.length);
      for (const dep of node.dependsOn) this.#dependents.set(dep, [...(this.#dependents.get(dep) ?? []), node]);
    }
  }

  async start(): Promise<WorkflowReport> {
    const external = this.opts.signal;
    const onAbort = () => this.#abort.abort(external?.reason);
    external?.addEventListener("abort", onAbort, { once: true });
    const done = new Promise<void>((resolve) => (this.#finish = resolve));
    try {
      if (external?.aborted) onAbort();
      for (const node of this.workflow.nodes) if (node.dependsOn.length === 0) this.#launch(node);
      this.#checkDone();
      await done;
    } finally {
      external?.removeEventListener("abort", onAbort);
    }
    return this.#report();
  }

  #launch(node: WorkflowNode): void {
    if (this.#abort.signal.aborted) return this.#settle(node, { status: "cancelled", reason: "the run was cancelled before it started" });
    if (node.run.kind === "instruction") return this.#settle(node, { status: "manual", reason: "an instruction: the model must do it", output: node.run.text });
    this.#running++;
    let startedAt: number | undefined;
    const deps = Object.fromEntries(node.dependsOn.map((d) => [d, this.#outputs.get(d)]));
    const onStart = () => {
      if (startedAt !== undefined) return;
      startedAt = performance.now();
      this.#progress += 0.5;
      this.#emit({ type: "started", node: node.id });
    };
    const ctx = { ...this.opts, env: this.opts.env ?? {}, inputs: this.opts.inputs, deps, slots: this.#slots, signal: this.#abort.signal, onStart, outputs: this.#outputBudget };
    runNode(node, ctx)
      .catch((err: unknown) => ({ status: "failed" as const, error: `internal error: ${(err as Error).message}` }))
      .then((outcome) => {
        this.#running--;
        const timing = startedAt === undefined ? {} : { startedMs: Math.round(startedAt - this.#t0), durationMs: Math.round(performance.now() - startedAt) };
        if (outcome.status === "succeeded") this.#outputs.set(node.id, outcome.output);
        this.#settle(node, { ...outcome, ...timing }, startedAt !== undefined);
      });
  }

  /** Records a node's end and moves its dependents on: ready ones start, doomed ones are skipped. */
  #settle(node: WorkflowNode, fields: Omit<NodeReport, "id" | "title" | "kind">, started = false): void {
    this.#reports.set(node.id, { id: node.id, title: node.title, kind: node.run.kind, ...fields });
    this.#progress += started ? 0.5 : 1;
    this.#emit({ type: "finished", node: node.id, status: fields.status, ...(fields.durationMs === undefined ? {} : { durationMs: fields.durationMs }) });
    if (fields.status === "failed" && this.opts.policy === "cancel") this.#abort.abort(new Error(`node "${node.id}" failed`));
    for (const next of this.#dependents.get(node.id) ?? []) {
      if (this.#reports.has(next.id)) continue;
      if (fields.status !== "succeeded") {
        const reason = fields.status === "manual" ? `waits for "${node.id}", which the model must do` : `dependency "${node.id}" ${fields.status}`;
        this.#settle(next, { status: fields.status === "cancelled" ? "cancelled" : "skipped", reason });
        continue;
      }
      const left = (this.#waitingOn.get(next.id) ?? 1) - 1;
      this.#waitingOn.set(next.id, left);
      if (left === 0) this.#launch(next);
    }
    this.#checkDone();
  }

  #checkDone(): void {
    if (this.#running > 0 || !this.#finish) return;
    if (this.#reports.size < this.#nodes.size && !this.#abort.signal.aborted) return;
    // Cancelled: whatever never became ready is cancelled too.
    for (const node of this.workflow.nodes) {
      if (!this.#reports.has(node.id)) this.#settle(node, { status: "cancelled", reason: "the run was cancelled before it started" });
    }
    const finish = this.#finish;
    this.#finish = undefined;
    finish();
  }

  #emit(event: Pick<WorkflowEvent, "type" | "node" | "status" | "durationMs">): void {
    try {
      this.opts.onEvent?.({ ...event, done: this.#reports.size, total: this.#nodes.size, progress: this.#progress });
    } catch {
      // A listener that throws must not leave the run without its bookkeeping (it would never finish).
    }
  }

  #report(): WorkflowReport {
    const nodes = this.workflow.nodes.map((n) => this.#reports.get(n.id) as NodeReport);
    const durations = new Map(nodes.flatMap((n) => (n.durationMs === undefined ? [] : [[n.id, n.durationMs] as const])));
    const cancelled = this.opts.signal?.aborted ?? false;
    const failed = nodes.some((n) => n.status === "failed");
    const wallMs = Math.round(performance.now() - this.#t0);
    const path = criticalPath(this.workflow.nodes, durations);
    const busyMs = [...durations.values()].reduce((a, b) => a + b, 0);
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
    return {
      skill: this.opts.skill,
      status: cancelled ? "cancelled" : failed ? "failed" : "succeeded",
      policy: this.opts.policy,
      concurrency: this.opts.concurrency.limit,
      concurrencyReason: this.opts.concurrency.reason,
      peakConcurrency: this.#slots.peak,
      durationMs: wallMs,
      nodes,
      criticalPath: path,
      parallelism: { busyMs, realized: ratio(busyMs, wallMs), possible: ratio(busyMs, path.durationMs) },
      manual: nodes.filter((n) => n.status === "manual").map((n) => n.id),
    };
  }
}

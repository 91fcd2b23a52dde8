import { appendFailure, applyPatch, boundRecord, classifyFailure, newPatch, readArtifact, readFailures, readPatches, ruleFix, writeArtifactChanges, writePatches, type FailedRun, type FailureRecord, type FailureSource, type Patch } from "../adapt/index.js";
import type { NodeReport } from "../dag/index.js";
import { runSucceeded, type RunResult } from "../exec/index.js";
import { log } from "../log.js";
import type { CatalogSkill } from "./catalog.js";
import type { Readiness } from "./readiness.js";

/** One failed run as a tool handler saw it. */
export interface FailedCall {
  source: FailureSource;
  target: string;
  run: FailedRun;
  code?: string;
  lang?: string;
  params?: Record<string, unknown>;
  /** Who ran it: the MCP client and the session's capability profile. */
  client?: string;
  profile?: string;
}

/** What became of a failure: its record and the patch a rule made of it, if any. */
export interface FailureOutcome {
  record: FailureRecord;
  patch?: Patch;
}

/** Something else that wants to hear of failures no rule explains (the model proposals). */
export type UnexplainedListener = (skill: CatalogSkill, record: FailureRecord, history: readonly FailureRecord[]) => void;

/**
 * Adaptive recompilation at run time, shared by every session: each failed run is classified and
 * recorded; when a rule explains it, the compiled skill is patched on disk and the catalog takes
 * the patched skill, so its verdict is checked again and tools and instructions follow
 * (list_changed). Failures of one skill are handled one at a time.
 */
export class Adaptive {
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #unexplained = new Set<UnexplainedListener>();

  constructor(readonly readiness: Readiness) {}

  onUnexplained(listener: UnexplainedListener): () => void {
    this.#unexplained.add(listener);
    return () => this.#unexplained.delete(listener);
  }

  /** Records the failure and applies the patch a rule makes of it; never throws (a log line instead). */
  failed(skill: CatalogSkill, call: FailedCall): Promise<FailureOutcome | undefined> {
    const previous = this.#queues.get(skill.name) ?? Promise.resolve();
    const next = previous.then(() => this.#handle(skill, call)).catch((err: unknown) => {
      log.warn(`could not record the failure of ${skill.name}: ${(err as Error).message}`);
      return undefined;
    });
    this.#queues.set(skill.name, next);
    return next;
  }

  /** Notes for the tool result: the class, and what was patched and what the skill needs now. */
  async notes(outcome: FailureOutcome | undefined): Promise<string[]> {
    if (!outcome) return [];
    const { record, patch } = outcome;
    const c = record.classification;
    const notes = [`[skvm] failure recorded as ${c.class}${c.subject ? ` (${c.subject})` : ""}: ${c.evidence}`];
    if (!patch) return notes;
    notes.push(`[skvm] patch ${patch.id}: ${patch.summary}`);
    const skill = this.readiness.catalog.get(record.skill);
    const verdict = skill && (await this.readiness.verdictFor(skill));
    if (verdict && !verdict.ready) notes.push(`[skvm] ${this.readiness.describeNotReady(record.skill, verdict)}`);
    else if (patch.kind === "absolute-path") notes.push(`[skvm] load_skill ${record.skill} again for the corrected instructions`);
    return notes;
  }

  async #handle(skill: CatalogSkill, call: FailedCall): Promise<FailureOutcome> {
    const current = this.readiness.catalog.get(skill.name) ?? skill;
    const classification = classifyFailure(call.run, new Set(current.manifest.files.map((f) => f.path)));
    const record = boundRecord({
      skill: skill.name,
      source: call.source,
      target: call.target,
      ...(call.code !== undefined ? { code: call.code } : {}),
      ...(call.lang ? { lang: call.lang } : {}),
      ...(call.params ? { params: call.params } : {}),
      exitCode: call.run.exitCode,
      timedOut: call.run.timedOut,
      stderrTail: call.run.stderr || call.run.spawnError || "",
      ...(call.client ? { client: call.client } : {}),
      ...(call.profile ? { profile: call.profile } : {}),
      classification,
    });
    await appendFailure(current, record);
    const history = await readFailures(current);
    const artifact = await readArtifact(current.compiledDir);
    const draft = ruleFix(record, { artifact, history });
    if (!draft) {
      for (const listener of this.#unexplained) listener(current, record, history);
      return { record };
    }
    const patches = await readPatches(current.compiledDir);
    const patch = newPatch(patches, draft);
    if (!patch) return { record };
    const outcome = applyPatch(artifact, patch);
    if (!outcome.applied) return { record };
    const manifest = { ...outcome.artifact.manifest, patches: [...(artifact.manifest.patches ?? []), patch.id] };
    await writePatches(current.compiledDir, [...patches, patch]);
    await writeArtifactChanges(current.compiledDir, artifact, { ...outcome.artifact, manifest });
    log.info({ skill: skill.name, patch: patch.id, kind: patch.kind }, patch.summary);
    await this.reload({ ...current, manifest });
    return { record, patch };
  }

  /** Serves the skill as patched: its instructions are read again and its environment checked again. */
  async reload(skill: CatalogSkill): Promise<void> {
    const { catalog, checker } = this.readiness;
    await checker.invalidate(skill);
    catalog.verified({ skills: catalog.skills.map((s) => (s.name === skill.name ? skill : s)), problems: [...catalog.problems] }, catalog.compiledCount);
    await this.readiness.recheck(skill);
  }
}

/** What a tool handler needs to report its failures: the shared Adaptive (absent: nothing recorded) and who called. */
export interface FailureReporter {
  adaptive: Adaptive | undefined;
  who: () => { client?: string; profile?: string };
}

/**
 * For a run that failed (not one the client cancelled): records it and returns the notes the tool
 * result carries; nothing for a run that worked.
 */
export async function reportRun(reporter: FailureReporter, skill: CatalogSkill, call: Omit<FailedCall, "run" | "client" | "profile">, result: RunResult): Promise<string[]> {
  const { adaptive } = reporter;
  if (!adaptive || runSucceeded(result) || result.cancelled) return [];
  const run = { exitCode: result.exitCode, timedOut: result.timedOut, stderr: result.stderr, stdout: result.stdout, ...(result.spawnError ? { spawnError: result.spawnError } : {}) };
  return adaptive.notes(await adaptive.failed(skill, { ...call, run, ...reporter.who() }));
}

/**
 * The failed nodes of a workflow run, each recorded like a run of its own. The report carries a
 * node's end as one line (`exit code 1: <stderr tail>`, `timed out after 300 ms ...`).
 */
export async function reportNodes(reporter: FailureReporter, skill: CatalogSkill, nodes: readonly NodeReport[]): Promise<string[]> {
  const { adaptive } = reporter;
  if (!adaptive) return [];
  const notes: string[] = [];
  for (const node of nodes) {
    if (node.status !== "failed" || !node.error) continue;
    const exit = /^exit code (\d+)/.exec(node.error);
    const run = { exitCode: exit ? Number(exit[1]) : null, timedOut: /^timed out after/.test(node.error), stderr: node.error };
    const outcome = await adaptive.failed(skill, { source: "workflow", target: node.id, run, ...reporter.who() });
    notes.push(...(await adaptive.notes(outcome)).map((n) => n.replace("[skvm] ", `[skvm] node ${node.id}: `)));
  }
  return notes;
}

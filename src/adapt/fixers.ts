import { WORKFLOW_FILE, Workflow } from "../compiler/passes/concurrency/schema.js";
import { packageOfSpecifier } from "../compiler/passes/env/extract/npm-package.js";
import { distributionOf } from "../compiler/passes/env/extract/python-dists.js";
import { PYTHON_STDLIB } from "../compiler/passes/env/extract/python-stdlib.js";
import { absolutizePaths } from "../compiler/passes/paths/index.js";
import { splitSkillMd, type Artifact } from "./apply-patches.js";
import type { FailureRecord } from "./failure.js";
import type { PatchDraft } from "./patch.js";

/** A workflow node's default timeout (src/dag) and the most any node may get. */
const DEFAULT_NODE_TIMEOUT_MS = 300_000;
const MAX_NODE_TIMEOUT_MS = 600_000;
/** Timeouts of one node, this one included, before its limit is raised: one slow run may be chance. */
const TIMEOUTS_BEFORE_RAISE = 2;
const EXECUTABLE = /^[A-Za-z0-9._+][A-Za-z0-9._+-]*$/;

export interface FixContext {
  artifact: Artifact;
  /** The skill's earlier failures, oldest first (the current one included). */
  history: readonly FailureRecord[];
}

type Fixer = (record: FailureRecord, ctx: FixContext) => PatchDraft | undefined;

const evidence = (record: FailureRecord) => ({ class: record.classification.class, failures: [record.id], excerpt: record.classification.evidence });

/**
 * Deterministic fixes, one per failure class a rule can explain. Each reads only the record and
 * the compiled artifact, and drafts a patch carrying its evidence; none needs a model.
 */
const FIXERS: Partial<Record<FailureRecord["classification"]["class"], Fixer>> = {
  "missing-python-module": (record) => {
    const module = record.classification.subject;
    if (!module || PYTHON_STDLIB.has(module)) return undefined;
    const dist = distributionOf(module);
    return {
      kind: "require",
      requirement: { kind: "python", name: dist.name, import: dist.import },
      evidence: evidence(record),
      summary: `Python package ${dist.name} (import ${dist.import}) added to the skill's environment`,
    };
  },
  "missing-npm-package": (record) => {
    const name = record.classification.subject && packageOfSpecifier(record.classification.subject);
    if (!name) return undefined;
    return { kind: "require", requirement: { kind: "node", name }, evidence: evidence(record), summary: `npm package ${name} added to the skill's environment` };
  },
  "command-not-found": (record) => {
    const name = record.classification.subject;
    if (!name || !EXECUTABLE.test(name)) return undefined;
    return { kind: "require", requirement: { kind: "bins", name }, evidence: evidence(record), summary: `executable ${name} added to the skill's environment` };
  },
  "file-not-found": (record, { artifact }) => {
    const path = record.classification.subject?.replace(/^\.\//, "");
    if (!path || !record.classification.bundled) return undefined;
    const { body } = splitSkillMd(artifact.skillMd);
    if (absolutizePaths(body, new Set([path])) === body) return undefined;
    return { kind: "absolute-path", path, evidence: evidence(record), summary: `SKILL.md mentions of ${path} point at the skill's own folder` };
  },
  "bad-parameter-type": (record, { artifact }) => {
    if (record.source !== "template") return undefined;
    const template = artifact.manifest.templates?.find((t) => t.id === record.target);
    const value = record.classification.subject;
    const param = template?.params.find((p) => p.type === "string" && value !== undefined && String(record.params?.[p.name] ?? p.default) === value);
    if (!template || !param) return undefined;
    const to = /float/.test(record.classification.evidence) ? "number" : "integer";
    return { kind: "param-type", template: template.id, param: param.name, from: param.type, to, evidence: evidence(record), summary: `parameter ${param.name} of ${template.id} now must be ${to}` };
  },
  timeout: (record, { artifact, history }) => {
    if (record.source !== "workflow") return undefined;
    const timeouts = history.filter((r) => r.source === "workflow" && r.target === record.target && r.classification.class === "timeout");
    if (timeouts.length < TIMEOUTS_BEFORE_RAISE) return undefined;
    const text = artifact.files[WORKFLOW_FILE];
    const node = text === undefined ? undefined : Workflow.safeParse(JSON.parse(text)).data?.nodes.find((n) => n.id === record.target);
    const current = node?.timeoutMs ?? DEFAULT_NODE_TIMEOUT_MS;
    if (!node || current >= MAX_NODE_TIMEOUT_MS) return undefined;
    const timeoutMs = Math.min(MAX_NODE_TIMEOUT_MS, current * 2);
    return {
      kind: "node-timeout",
      node: node.id,
      timeoutMs,
      note: `slow: timed out ${timeouts.length} times at ${current} ms, now allowed ${timeoutMs} ms`,
      evidence: { ...evidence(record), failures: timeouts.map((r) => r.id) },
      summary: `workflow node ${node.id} may run ${timeoutMs} ms (was ${current} ms)`,
    };
  },
};

/** The rule-based patch for this failure, or undefined when no rule explains it. */
export function ruleFix(record: FailureRecord, ctx: FixContext): PatchDraft | undefined {
  return FIXERS[record.classification.class]?.(record, ctx);
}

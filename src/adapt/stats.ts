import type { FailureClass, FailureRecord } from "./failure.js";
import { readFailures } from "./failure-log.js";
import type { Patch } from "./patch.js";
import { readPatches } from "./patch-store.js";

/** Whether a patch helped: failures it answers (same class, same subject) before and after it. */
export interface FixOutcome {
  patch: string;
  kind: Patch["kind"];
  status: Patch["status"];
  class: FailureClass;
  subject?: string;
  before: number;
  after: number;
}

export interface AdaptStats {
  failures: Partial<Record<FailureClass, number>>;
  totalFailures: number;
  patchesApplied: number;
  fixes: FixOutcome[];
}

/** Failures by class, patches in force, and for each patch the matching failures before and after it. */
export function adaptStats(records: readonly FailureRecord[], patches: readonly Patch[]): AdaptStats {
  const failures: Partial<Record<FailureClass, number>> = {};
  for (const r of records) failures[r.classification.class] = (failures[r.classification.class] ?? 0) + 1;
  const byId = new Map(records.map((r) => [r.id, r]));
  const fixes = patches.map((p): FixOutcome => {
    const subjects = new Set(p.evidence.failures.map((id) => byId.get(id)?.classification.subject).filter((s): s is string => s !== undefined));
    const answers = (r: FailureRecord) => r.classification.class === p.evidence.class && (!subjects.size || subjects.has(r.classification.subject ?? ""));
    const matching = records.filter(answers);
    const subject = [...subjects][0];
    return {
      patch: p.id,
      kind: p.kind,
      status: p.status,
      class: p.evidence.class,
      ...(subject ? { subject } : {}),
      before: matching.filter((r) => r.at <= p.createdAt).length,
      after: matching.filter((r) => r.at > p.createdAt).length,
    };
  });
  return { failures, totalFailures: records.length, patchesApplied: patches.filter((p) => p.status === "applied").length, fixes };
}

/** The stats of one compiled skill from its failure log and patches.json; undefined when it has neither. */
export async function readAdaptStats(skill: { name: string; dir: string; compiledDir: string }): Promise<AdaptStats | undefined> {
  const [records, patches] = await Promise.all([readFailures(skill), readPatches(skill.compiledDir).catch(() => [])]);
  if (!records.length && !patches.length) return undefined;
  return adaptStats(records, patches);
}

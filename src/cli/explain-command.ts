import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { COMPILED_SKILL_FILE } from "../compiler/index.js";
import { lowerSkill, prepareLowering, readFreshVariant, readLoweringInput, variantDir, variantRecord, type BaseArtifact, type LoweringProfile, type VariantRecord } from "../compiler/lowering/index.js";
import { VERSION } from "../version.js";
import { usageError } from "./catalog-access.js";
import { unifiedDiff } from "./line-diff.js";
import { loweringProfiles } from "./lowering-profiles.js";
import { findCompiledSkill } from "./skill-lookup.js";
import { renderTable } from "./table.js";

export interface ExplainCommandOptions {
  skills: string;
  compiled?: string;
  profile: string;
  diff?: boolean;
  json?: boolean;
}

/** What explain reports: the lowering record and whether a compiled variant holds it. */
interface Explanation {
  record: VariantRecord;
  /** `compiled`: a fresh variant on disk; `not-compiled`: computed now (compile --profile writes it); `none`: the base serves. */
  variant: "compiled" | "not-compiled" | "none";
  path?: string;
  base: string;
  text?: string;
}

/** `skvm explain SKILL --profile ID`: requirements with evidence, the profile's levels, gaps and transforms. */
export async function explainCommand(name: string, opts: ExplainCommandOptions): Promise<number> {
  const profiles = await loweringProfiles([opts.profile]);
  if (!profiles.ok) return usageError("explain", profiles.message);
  const profile = profiles.list[0];
  if (!profile) return usageError("explain", "--profile names no profile");
  const skill = await findCompiledSkill(name, opts);
  if (typeof skill === "string") return usageError("explain", skill);
  const base: BaseArtifact = { compiledDir: skill.compiledDir, sourceDir: skill.dir, manifest: skill.manifest };
  const explanation = await explain(base, profile);
  if (typeof explanation === "string") return usageError("explain", explanation);
  const diff = opts.diff && explanation.text ? unifiedDiff(explanation.base.split("\n"), explanation.text.split("\n"), [`${name}/SKILL.md (base)`, `${name}/SKILL.md (${profile.id})`]) : undefined;
  if (opts.json) {
    const { record, variant, path } = explanation;
    const json = {
      skill: name,
      profile: { ...record.profile, levels: profile.capabilities },
      variant,
      ...(path ? { path } : {}),
      requirements: await requirementsOf(base),
      gaps: record.gaps,
      edits: record.edits,
      guard: record.guard,
      ...(diff !== undefined ? { diff } : {}),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else process.stdout.write(`${await render(name, base, profile, explanation)}${diff ? `\n\n${diff}` : opts.diff ? "\n\n(no difference: the base serves this profile)" : ""}\n`);
  return 0;
}

async function explain(base: BaseArtifact, profile: LoweringProfile): Promise<Explanation | string> {
  const baseText = await readFile(join(base.compiledDir, COMPILED_SKILL_FILE), "utf8");
  const fresh = await readFreshVariant(base, profile);
  const path = relative(process.cwd(), join(variantDir(base.compiledDir, profile.id), COMPILED_SKILL_FILE));
  if (fresh) return { record: fresh.record, variant: "compiled", path, base: baseText, text: fresh.skillMd };
  const input = await readLoweringInput(base, profile);
  if (!input) return `VARIANT_NO_ANALYSIS: ${relative(process.cwd(), base.compiledDir)} has no capabilities.json (requirement analysis); hint: recompile with \`skvm compile --force\``;
  await prepareLowering();
  const result = lowerSkill(input);
  const record = variantRecord(input, result, base.manifest.skill.sourceHash, VERSION);
  return { record, variant: result.variant ? "not-compiled" : "none", base: baseText, ...(result.variant ? { text: result.variant } : {}) };
}

async function requirementsOf(base: BaseArtifact) {
  const input = await readLoweringInput(base, { id: "", capabilities: {} });
  return input?.report.requirements ?? [];
}

async function render(name: string, base: BaseArtifact, profile: LoweringProfile, e: Explanation): Promise<string> {
  const { record } = e;
  const level = (id: string) => profile.capabilities[id as keyof typeof profile.capabilities] ?? "(not measured)";
  const requirements = await requirementsOf(base);
  const reqRows = requirements.flatMap((r) => {
    const gap = record.gaps.find((g) => g.id === r.id);
    const head = [r.id, `L${r.level}`, level(r.id), gap ? gap.kind : "met", gap ? `${gap.transform ?? "(none)"}: ${gap.status}` : ""];
    return [head, ...r.evidence.map((ev) => [`  ${ev.file}:${ev.line}`, "", "", "", `${clip(ev.text, 60)} (${ev.why})`])];
  });
  const editRows = record.edits.map((ed) => [ed.transform, ed.gap, `line ${ed.line}`, describeChange(ed.change)]);
  const variantLine = {
    compiled: `variant: ${e.path} (compiled, ${record.edits.length} edit(s))`,
    "not-compiled": `variant: not compiled yet (${record.edits.length} edit(s) computed now; \`skvm compile --profile ${profile.id}\` writes it; a server lowers it on first use)`,
    none: "variant: none, the base artifact serves this profile",
  }[e.variant];
  const guard = record.guard.ok ? `guard: passed (adds ${record.guard.addedLines} line(s); at most ${record.guard.maxAddedLines})` : `guard: REFUSED (${record.guard.violations.map((v) => v.message).join("; ")}); the base serves this profile`;
  return [
    `skill ${name} for profile ${profile.id}`,
    variantLine,
    "",
    requirements.length ? renderTable(["requirement", "needs", "profile", "gap", "transform"], reqRows) : "no requirements found",
    "",
    editRows.length ? renderTable(["transform", "gap", "where", "change"], editRows) : "no transform applied",
    "",
    guard,
  ].join("\n");
}

function describeChange(change: VariantRecord["edits"][number]["change"]): string {
  if (change.kind === "insert") return `adds: ${clip(change.text.split("\n")[0]!, 70)}`;
  if (change.kind === "replace") return `"${clip(change.from, 30)}" -> "${clip(change.to, 30)}"`;
  return `rewrites to line ${change.endLine}`;
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

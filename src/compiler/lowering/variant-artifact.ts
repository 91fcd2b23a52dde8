import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { resolveSkillPath } from "../../skill/index.js";
import type { Diagnostic } from "../../skill/diagnostic.js";
import { VERSION } from "../../version.js";
import { writeFileAtomic } from "../atomic-write.js";
import { CAPABILITIES_FILE, RequirementReport, requiredLevels } from "../capability/contract.js";
import { COMPILED_SKILL_FILE, MANIFEST_FILE, type Manifest } from "../manifest.js";
import { loadShellParser } from "../passes/paths/invocation.js";
import type { ModelProvider } from "../../model/provider.js";
import { lowerSkill, SHORT_FILE_BYTES, variantRecord, VariantRecord, type LoweringInput } from "./lower.js";
import { rewriteUnlowered } from "./provider-rewrite.js";
import { profileHash, variantSlug, type LoweringProfile } from "./profile-key.js";

// The edge of lowering: reads the base artifact, writes `compiled/<name>/variants/<slug>/`.

export const VARIANTS_DIR = "variants";
export const EDITS_FILE = "edits.json";

/** `variants/<slug>/manifest.json`: the manifest fragment naming the profile the variant is for. */
export const VariantManifest = z.object({
  schemaVersion: z.literal(1),
  skill: z.object({ name: z.string(), sourceHash: z.string() }),
  capabilities: z.object({ required: z.record(z.string(), z.number()), profile: z.string() }),
  variant: z.object({ profileHash: z.string(), edits: z.number().int().nonnegative(), guard: z.literal("passed") }),
});
export type VariantManifest = z.infer<typeof VariantManifest>;

export const variantDir = (compiledDir: string, profileId: string): string => join(compiledDir, VARIANTS_DIR, variantSlug(profileId));

/** A skill's base artifact as lowering needs it: where it is, its manifest and its source folder. */
export interface BaseArtifact {
  compiledDir: string;
  sourceDir: string;
  manifest: Manifest;
}

/** What compiling one skill for one profile did. */
export interface VariantOutcome {
  profile: string;
  /** `written`/`fresh`: a variant serves the profile; `none`: no gap needed an edit (the base serves it). */
  status: "written" | "fresh" | "none" | "refused" | "no-analysis";
  edits: number;
  gaps: number;
  diagnostics: Diagnostic[];
}

/** Loads the shell parser the transforms read inline commands with; call once before lowering. */
export const prepareLowering = (): Promise<void> => loadShellParser();

/** The lowering input of a base artifact, or undefined when it has no requirement analysis. */
export async function readLoweringInput(base: BaseArtifact, profile: LoweringProfile): Promise<LoweringInput | undefined> {
  const report = await readReport(base.compiledDir);
  if (!report) return undefined;
  const [text, shortFiles] = await Promise.all([readFile(join(base.compiledDir, COMPILED_SKILL_FILE), "utf8"), readShortFiles(base)]);
  const { manifest } = base;
  return {
    skill: manifest.skill.name,
    entry: manifest.skill.entry,
    base: text,
    report,
    profile,
    manifest: { files: manifest.files, scripts: manifest.scripts, templates: manifest.templates, workflow: manifest.workflow },
    shortFiles,
  };
}

async function readReport(compiledDir: string): Promise<RequirementReport | undefined> {
  const text = await readFile(join(compiledDir, CAPABILITIES_FILE), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  return RequirementReport.parse(JSON.parse(text));
}

/** Small text files (never scripts) a transform may inline, read through the skill's path gate. */
async function readShortFiles(base: BaseArtifact): Promise<Record<string, string>> {
  const small = base.manifest.files.filter((f) => !f.binary && f.kind !== "script" && f.size <= SHORT_FILE_BYTES);
  const entries = await Promise.all(
    small.map(async (f) => {
      const resolved = await resolveSkillPath(base.sourceDir, f.path);
      if (!resolved.ok) return undefined;
      const text = await readFile(resolved.abs, "utf8").catch(() => undefined);
      return text === undefined ? undefined : ([f.path, text] as const);
    }),
  );
  return Object.fromEntries(entries.filter((e) => e !== undefined));
}

/** A variant on disk that was built from this source, for these levels, by this compiler. */
export async function readFreshVariant(base: BaseArtifact, profile: LoweringProfile): Promise<{ record: VariantRecord; skillMd: string } | undefined> {
  const dir = variantDir(base.compiledDir, profile.id);
  try {
    const record = VariantRecord.parse(JSON.parse(await readFile(join(dir, EDITS_FILE), "utf8")));
    const fresh = record.sourceHash === base.manifest.skill.sourceHash && record.profile.hash === profileHash(profile) && record.compiler === VERSION;
    if (!fresh || !record.guard.ok) return undefined;
    VariantManifest.parse(JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")));
    return { record, skillMd: await readFile(join(dir, COMPILED_SKILL_FILE), "utf8") };
  } catch {
    return undefined;
  }
}

/**
 * Compiles one skill for one profile: skips a fresh variant, lowers, and writes the variant only
 * when the guard passes (a refusal is a diagnostic, and any older variant is removed so it is not
 * served). A skill with no edit to make for the profile has no variant folder. With a provider,
 * gaps no transform serves are rewritten by it under the same guard.
 */
export async function compileVariant(base: BaseArtifact, profile: LoweringProfile, provider?: ModelProvider): Promise<VariantOutcome> {
  const outcome = (status: VariantOutcome["status"], edits = 0, gaps = 0, diagnostics: Diagnostic[] = []): VariantOutcome => ({ profile: profile.id, status, edits, gaps, diagnostics });
  const fresh = await readFreshVariant(base, profile);
  if (fresh) return outcome("fresh", fresh.record.edits.length, fresh.record.gaps.length);
  const dir = variantDir(base.compiledDir, profile.id);
  const input = await readLoweringInput(base, profile);
  if (!input) {
    await rm(dir, { recursive: true, force: true });
    return outcome("no-analysis", 0, 0, [noAnalysis(base, profile)]);
  }
  const lowered = lowerSkill(input);
  const result = provider ? await rewriteUnlowered(input, lowered, provider) : lowered;
  if (!result.variant || !result.guard) {
    await rm(dir, { recursive: true, force: true });
    return outcome("none", 0, result.gaps.length);
  }
  const record = variantRecord(input, result, base.manifest.skill.sourceHash, VERSION);
  if (!result.guard.ok) {
    await rm(dir, { recursive: true, force: true });
    return outcome("refused", 0, result.gaps.length, [refusal(base, profile, record)]);
  }
  await writeFileAtomic(join(dir, COMPILED_SKILL_FILE), result.variant);
  await writeFileAtomic(join(dir, EDITS_FILE), `${JSON.stringify(record, null, 2)}\n`);
  // The manifest fragment last: it is what marks the folder complete.
  const fragment: VariantManifest = {
    schemaVersion: 1,
    skill: { name: base.manifest.skill.name, sourceHash: base.manifest.skill.sourceHash },
    capabilities: { required: requiredLevels(input.report), profile: profile.id },
    variant: { profileHash: record.profile.hash, edits: record.edits.length, guard: "passed" },
  };
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(fragment, null, 2)}\n`);
  return outcome("written", record.edits.length, record.gaps.length);
}

const where = (base: BaseArtifact) => `${base.manifest.skill.source}/${base.manifest.skill.entry}`;

function noAnalysis(base: BaseArtifact, profile: LoweringProfile): Diagnostic {
  return {
    code: "VARIANT_NO_ANALYSIS",
    severity: "warning",
    message: `no variant for profile "${profile.id}": the artifact has no ${CAPABILITIES_FILE} (requirement analysis)`,
    file: where(base),
    hint: "compile with the capability pass (it is built in; a custom pass list may have left it out)",
  };
}

function refusal(base: BaseArtifact, profile: LoweringProfile, record: VariantRecord): Diagnostic {
  return {
    code: "VARIANT_GUARD_REFUSED",
    severity: "warning",
    message: `variant for profile "${profile.id}" not written: ${record.guard.violations.map((v) => `${v.rule}: ${v.message}`).join("; ")}`,
    file: where(base),
    hint: "the base artifact serves this profile; `skvm explain <skill> --profile <id>` shows the edits",
  };
}

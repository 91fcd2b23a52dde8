import { readdir, rm } from "node:fs/promises";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { computeSourceHash, discoverSkills, loadSkill, statSignature } from "../skill/index.js";
import type { SkillIR } from "../skill/ir.js";
import { hasErrors, type Diagnostic } from "../skill/diagnostic.js";
import { mapLimit } from "../concurrency.js";
import { VERSION } from "../version.js";
import { artifactDir, readManifest, renderSkillMd, sourceField, writeArtifact } from "./artifact.js";
import { rootList } from "./roots.js";
import { readPin } from "./artifact-versions.js";
import { compileCachePath, readCompileCache, writeCompileCache, type CacheEntry } from "./compile-cache.js";
import type { Manifest } from "./manifest.js";
import { PassManager } from "./pass-manager.js";
import { ownsItsName, resolveNameClaims } from "./name-claims.js";
import { builtinPasses } from "./passes/index.js";
import { reapplyPatches } from "../adapt/artifact-io.js";
import type { LoweringProfile, VariantOutcome } from "./lowering/index.js";
/** Lowering loads only when profiles are compiled: a server start checking freshness never needs it. */
const lowering = () => import("./lowering/index.js");
import type { ModelProvider } from "../model/provider.js";
import { lacksRefinement, refineArtifact, type RequirementRefiner } from "./capability/index.js";
import { watchForSlowSkills } from "./slow-skills.js";

/** `shadowed`: a skill of the same name in a nearer root is served instead (see name-claims.ts). */
export type CompileStatus = "compiled" | "fresh" | "failed" | "shadowed";

export interface SkillCompileResult {
  /** The name it is served under (the folder name when the skill could not be parsed). */
  name: string;
  /** The normalized name it declares, when that differs from `name` (see name-claims.ts). */
  claim?: string;
  dir: string;
  /** The skills root it was found in. */
  root: string;
  /** Of a shadowed skill: the folders in a nearer root that bear its name. */
  shadowedBy?: string[];
  status: CompileStatus;
  diagnostics: Diagnostic[];
  manifest?: Manifest;
  durationMs: number;
  /** `statSignature` of the source and artifact folders once up to date (for the compile cache). */
  signature?: string;
  /** Artifact text built but not yet written (only between compile and write). */
  pending?: { skillMd: string; files: Readonly<Record<string, string>> };
  /** Of a failed skill whose files could be read: caches the failure by content. */
  sourceHash?: string;
  /** Per profile asked for (`compile --profile`): whether a variant serves it. */
  variants?: VariantOutcome[];
}

export interface CompileOptions {
  /**
   * One skill folder or a folder of skill folders; or several, nearest first: a skill in an
   * earlier root shadows one of the same name in a later root.
   */
  skillsRoot: string | readonly string[];
  /** Where `compiled/<name>/` artifacts go. */
  outRoot: string;
  force?: boolean;
  passes?: PassManager;
  concurrency?: number;
  onProgress?: (done: number, total: number, result: SkillCompileResult) => void;
  /**
   * Hears each skill whose outcome is final before the others are done: a failure, and a skill
   * whose folder bears its name (no other claimant can take that name) once its artifact is
   * written. Others are final only at the end, when name collisions are known.
   */
  onSettled?: (result: SkillCompileResult) => void;
  /**
   * Called once when the skills not yet done made no progress for `slowAfterMs` (default 3 s),
   * while others are done: what has settled by then can be served while the slow ones (a
   * Markdown bomb running into its parse deadline) finish and join later.
   */
  onOnlySlowLeft?: () => void;
  slowAfterMs?: number;
  /** Use the compile cache in the state folder (default true); see compile-cache.ts. */
  cache?: boolean;
  /** The compile cache's entries when the caller has just read them (a server start): not read again. */
  cacheEntries?: readonly CacheEntry[];
  /** Also compile a variant of each skill for each of these profiles (PASS-1 lowering). */
  profiles?: readonly LoweringProfile[];
  /** Rewrites, under the guard, what no lowering transform serves (`compile --profile --rewrite`). */
  provider?: ModelProvider;
  /** Has a model review each skill's requirement analysis (`--refine`); artifacts it did not review are rebuilt. */
  refine?: RequirementRefiner;
}

export interface CompileReport {
  results: SkillCompileResult[];
  /** Problems with the skills roots themselves (not with one skill). */
  diagnostics: Diagnostic[];
  /** The absolute roots searched, nearest first. */
  roots: string[];
  /** Artifact folders removed because their skill no longer exists. */
  pruned: string[];
}

export const defaultPassManager = (): PassManager => new PassManager(builtinPasses);

/** Compiles every skill under the root; one bad skill never stops the others. */
export async function compileSkills(opts: CompileOptions): Promise<CompileReport> {
  const roots = rootList(opts.skillsRoot);
  const outRoot = resolve(opts.outRoot);
  const passes = opts.passes ?? defaultPassManager();
  const cachePath = opts.cache === false ? undefined : compileCachePath(roots, outRoot, passes.names);
  const cached = cachePath && !opts.force ? (opts.cacheEntries ?? (await readCompileCache(cachePath))) : undefined;
  const known = new Map((cached ?? []).map((e) => [e.dir, e]));
  const found = await Promise.all(roots.map(async (root) => ({ root, ...(await discoverSkills(root)) })));
  const skillDirs = found.flatMap(({ root, skillDirs: dirs }) => dirs.map((dir) => ({ root, dir })));
  const diagnostics = found.flatMap((f) => f.diagnostics);
  let done = 0;
  const earlyNames = new Set<string>();
  const slow = watchForSlowSkills(skillDirs.length, { ...opts, passes });
  if (opts.profiles?.length) await (await lowering()).prepareLowering();
  const settleOne = (r: SkillCompileResult) => settle(r, outRoot, opts.profiles ?? [], opts.provider);
  const resolved = { ...opts, outRoot, passes, known, setup: slow.setup };
  const results = await mapLimit(skillDirs, opts.concurrency ?? 16, async ({ root, dir }) => {
    slow.started();
    const result = await compileOne(dir, root, resolved).finally(slow.finished);
    // Claimed before any await, so of two folders bearing the same name only the first writes early.
    const early = result.status === "failed" || (ownsItsName(result) && !earlyNames.has(result.name) && earlyNames.add(result.name));
    if (early) {
      await settleOne(result);
      opts.onSettled?.(result);
    }
    opts.onProgress?.(++done, skillDirs.length, result);
    return result;
  });
  slow.stop();
  await settleNames(results, roots, resolved);
  // Written only after names are settled, so a skill that loses its name never clobbers the winner.
  await mapLimit(results, opts.concurrency ?? 16, settleOne);
  const isCollection = skillDirs.length !== 1 || skillDirs[0]?.dir !== roots[0];
  const pruned = isCollection ? await pruneOrphans(outRoot, roots, results) : [];
  if (cachePath) await updateCache(cachePath, known, results);
  return { results, diagnostics, pruned, roots };
}

/**
 * Applies the name plan (name-claims.ts): a shadowed skill is dropped, and one that must be
 * served under another name than it was built with is built again under that name (the compiled
 * instructions name the skill, e.g. in run_script notes).
 */
async function settleNames(results: SkillCompileResult[], roots: readonly string[], opts: ResolvedOptions): Promise<void> {
  await mapLimit(resolveNameClaims(results, roots), opts.concurrency ?? 16, async (plan) => {
    const r = plan.result;
    if (plan.kind === "shadowed") {
      Object.assign(r, { status: "shadowed", manifest: undefined, shadowedBy: plan.by, diagnostics: [...r.diagnostics, plan.note] });
      delete r.pending;
      return;
    }
    // The signature taken when it was written early under its declared name no longer holds.
    if (plan.name !== r.name) Object.assign(r, { signature: undefined }, await compileOne(r.dir, r.root, { ...opts, force: true }, plan.name));
    if (plan.note) r.diagnostics = [...r.diagnostics, plan.note];
  });
}

/**
 * Writes a result's artifact and its variants, and takes the stat signature the compile cache
 * keys it by (over the source alone for a failure). Any error is this skill's, never the whole
 * compile's. Settled twice (early, then after name claims), a skill's variants are done once.
 */
async function settle(result: SkillCompileResult, outRoot: string, profiles: readonly LoweringProfile[], provider?: ModelProvider): Promise<void> {
  await writePending(result, outRoot);
  const wrote = result.variants ? false : await writeVariants(result, outRoot, profiles, provider);
  if (result.signature && !wrote) return;
  try {
    result.signature = await statSignature(result.status === "failed" ? [result.dir] : [result.dir, artifactDir(outRoot, result.name)]);
  } catch {
    // Uncached: it is simply checked again next time.
  }
}

type ResolvedOptions = CompileOptions & {
  outRoot: string; passes: PassManager; known: ReadonlyMap<string, CacheEntry>; setup: () => Promise<void> };

/** Rewrites the compile cache when anything differs from what it held; a failed write only costs speed. */
async function updateCache(path: string, known: ReadonlyMap<string, CacheEntry>, results: readonly SkillCompileResult[]): Promise<void> {
  const entries = results.flatMap((r): CacheEntry[] => {
    if (!r.signature) return [];
    if (r.manifest) return [{ dir: r.dir, signature: r.signature, manifest: r.manifest }];
    // Shadowing depends on other skills, not on this one's files: not cached.
    if (r.status === "shadowed") return [];
    const failure = { name: r.name, diagnostics: r.diagnostics, ...(r.sourceHash ? { sourceHash: r.sourceHash } : {}) };
    return [{ dir: r.dir, signature: r.signature, failure }];
  });
  // A cached manifest that could not be read (see compile-cache.ts) is written again.
  const unchanged = entries.length === known.size && entries.every((e) => known.get(e.dir)?.signature === e.signature && !e.manifest === !known.get(e.dir)?.manifest);
  if (!unchanged) await writeCompileCache(path, entries).catch(() => undefined);
}

/** Compiles one skill folder; `servedName` when name claims gave it another name than it declares. */
async function compileOne(dir: string, root: string, opts: ResolvedOptions, servedName?: string): Promise<SkillCompileResult> {
  let started = performance.now();
  const finish = (r: Omit<SkillCompileResult, "durationMs" | "dir" | "root">): SkillCompileResult => ({
    ...r,
    ...(r.manifest?.skill.declaredName ? { claim: r.manifest.skill.declaredName } : {}),
    dir,
    root,
    durationMs: performance.now() - started,
  });
  try {
    const known = opts.force ? undefined : opts.known.get(dir);
    const { manifest: knownManifest, failure } = known ?? {};
    if (known && knownManifest && !lacksRefinement(knownManifest, opts.refine)) {
      const signature = await statSignature([dir, artifactDir(opts.outRoot, knownManifest.skill.name)]);
      if (signature === known.signature) return finish({ name: knownManifest.skill.name, status: "fresh", diagnostics: knownManifest.diagnostics, manifest: knownManifest, signature });
    }
    if (known && failure && (await sameFailedSource(dir, known.signature, failure.sourceHash))) {
      return finish({ name: failure.name, status: "failed", diagnostics: failure.diagnostics, signature: known.signature, ...(failure.sourceHash ? { sourceHash: failure.sourceHash } : {}) });
    }
    if (!opts.force) {
      const fresh = await freshManifest(dir, basename(dir), opts);
      if (fresh) return finish({ name: fresh.skill.name, status: "fresh", diagnostics: fresh.diagnostics, manifest: fresh });
    }
    const loaded = await loadSkill(dir, { displayRoot: dirname(root) });
    if (!loaded.ok) return finish({ name: loaded.name, status: "failed", diagnostics: loaded.diagnostics, ...(loaded.sourceHash ? { sourceHash: loaded.sourceHash } : {}) });
    const { ir } = loaded;
    if (!opts.force && ir.frontmatter.name !== basename(dir)) {
      const fresh = await freshManifest(dir, ir.frontmatter.name, opts, ir.sourceHash);
      if (fresh) return finish({ name: ir.frontmatter.name, status: "fresh", diagnostics: fresh.diagnostics, manifest: fresh });
    }
    // The passes' one-time setup (parsers, grammars) is shared by all skills: not this skill's time.
    const waited = performance.now();
    await opts.setup();
    started += performance.now() - waited;
    const built = build(ir, opts, servedName);
    const { manifest, pending } = opts.refine ? await refined(ir, built, opts.refine) : built;
    if (hasErrors(manifest.diagnostics)) {
      return finish({ name: manifest.skill.name, status: "failed", diagnostics: manifest.diagnostics });
    }
    return finish({ name: manifest.skill.name, status: "compiled", diagnostics: manifest.diagnostics, manifest, pending });
  } catch (err) {
    const diagnostic: Diagnostic = {
      code: "COMPILE_FAILED",
      severity: "error",
      message: (err as Error).message,
      file: relative(dirname(root), dir).split(sep).join("/"),
    };
    return finish({ name: basename(dir), status: "failed", diagnostics: [diagnostic] });
  }
}

/** True when a skill that failed before is unchanged: same stat signature, or same content. */
async function sameFailedSource(dir: string, signature: string, sourceHash: string | undefined): Promise<boolean> {
  if ((await statSignature([dir])) === signature) return true;
  if (!sourceHash) return false;
  return (await computeSourceHash(dir).catch(() => undefined)) === sourceHash;
}

/** The existing artifact when it was built from this exact source by this compiler and pass list. */
async function freshManifest(
  dir: string,
  name: string,
  opts: ResolvedOptions,
  knownHash?: string,
): Promise<Manifest | undefined> {
  const manifest = await readManifest(opts.outRoot, name).catch(() => undefined);
  if (!manifest) return undefined;
  if (manifest.compiler.version !== VERSION) return undefined;
  if (manifest.compiler.passes.join(",") !== opts.passes.names.join(",")) return undefined;
  if (manifest.skill.source !== sourceField(opts.outRoot, dir)) return undefined;
  if (lacksRefinement(manifest, opts.refine)) return undefined;
  const hash = knownHash ?? (await computeSourceHash(dir));
  if (manifest.skill.sourceHash === hash) return manifest;
  // A rolled-back version stands while the source is as it was at the rollback.
  const pin = await readPin(artifactDir(opts.outRoot, name));
  return pin?.sourceHash === hash && pin.artifactHash === manifest.skill.sourceHash ? manifest : undefined;
}

/** Runs the passes (after their setup) and renders the artifact, without writing it. */
function build(declared: SkillIR, opts: ResolvedOptions, servedName?: string): { manifest: Manifest; pending: SkillCompileResult["pending"] } {
  const served = servedName ?? declared.frontmatter.name;
  // Passes see the name the skill is served under: the instructions they write name it.
  const ir = served === declared.frontmatter.name ? declared : { ...declared, frontmatter: { ...declared.frontmatter, name: served } };
  const { unit, diagnostics } = opts.passes.run(ir, { compilerVersion: VERSION });
  const manifest: Manifest = {
    ...unit.out.manifest,
    schemaVersion: 1,
    skill: {
      name: served,
      ...(declared.frontmatter.displayName ? { displayName: declared.frontmatter.displayName } : {}),
      ...(served !== declared.frontmatter.name ? { declaredName: declared.frontmatter.name } : {}),
      description: ir.frontmatter.description,
      ...(ir.frontmatter.license ? { license: ir.frontmatter.license } : {}),
      source: sourceField(opts.outRoot, ir.dir),
      sourceHash: ir.sourceHash,
      frontmatter: ir.rawFrontmatter,
      entry: ir.entry,
      headings: headingsOf(ir),
    },
    compiler: { version: VERSION, passes: opts.passes.names },
    files: ir.files,
    scripts: (unit.out.manifest.scripts as Manifest["scripts"] | undefined) ?? [],
    diagnostics: [...ir.diagnostics, ...diagnostics],
  };
  return { manifest, pending: { skillMd: renderSkillMd(ir, unit.out.body), files: unit.out.files } };
}

async function refined(ir: SkillIR, built: ReturnType<typeof build>, refiner: RequirementRefiner): Promise<ReturnType<typeof build>> {
  if (!built.pending) return built;
  const { manifest, files } = await refineArtifact(ir, built.manifest, built.pending.files, refiner);
  return { manifest, pending: { ...built.pending, files } };
}

/** Compiles the skill for each profile; true when any variant folder was written or removed. */
async function writeVariants(result: SkillCompileResult, outRoot: string, profiles: readonly LoweringProfile[], provider?: ModelProvider): Promise<boolean> {
  const { manifest } = result;
  if (!manifest || result.status === "failed" || profiles.length === 0) return false;
  const base = { compiledDir: artifactDir(outRoot, manifest.skill.name), sourceDir: result.dir, manifest };
  result.variants = [];
  for (const profile of profiles) {
    const { compileVariant } = await lowering();
    const outcome = await compileVariant(base, profile, provider).catch((err: Error): VariantOutcome => ({
      profile: profile.id,
      status: "refused",
      edits: 0,
      gaps: 0,
      diagnostics: [{ code: "VARIANT_FAILED", severity: "warning", message: `variant for profile "${profile.id}": ${err.message}`, file: `${manifest.skill.source}/${manifest.skill.entry}` }],
    }));
    result.variants.push(outcome);
    result.diagnostics = [...result.diagnostics, ...outcome.diagnostics];
  }
  return result.variants.some((v) => v.status !== "fresh");
}

/** The instructions' headings for the search index, bounded so a skill of 10,000 headings keeps a small manifest. */
const headingsOf = (ir: SkillIR): string[] =>
  ir.sections
    .map((s) => s.heading.trim().slice(0, 120))
    .filter((h) => h !== "")
    .slice(0, 64);

async function writePending(result: SkillCompileResult, outRoot: string): Promise<void> {
  const { pending, manifest } = result;
  delete result.pending;
  if (!pending || !manifest || result.status !== "compiled") return;
  try {
    // Adaptive patches (src/adapt) survive a recompile: reapplied after the passes, or marked moot.
    const patched = await reapplyPatches(artifactDir(outRoot, result.name), { manifest, skillMd: pending.skillMd, files: pending.files });
    result.manifest = patched.manifest;
    await writeArtifact(outRoot, patched.manifest, patched.skillMd, patched.files);
  } catch (err) {
    result.status = "failed";
    result.diagnostics = [
      ...result.diagnostics,
      { code: "ARTIFACT_WRITE_FAILED", severity: "error", message: (err as Error).message, file: artifactDir(outRoot, result.name) },
    ];
  }
}

/**
 * Removes artifact folders that no current skill is served from: the skill is gone (deleted or
 * renamed), shadowed, or now served under another name. Only folders whose recorded source lies
 * under one of these roots are removed, so a compiled folder shared with other roots is left
 * alone, and the artifact of a skill that fails to compile now is kept.
 */
async function pruneOrphans(outRoot: string, roots: readonly string[], results: readonly SkillCompileResult[]): Promise<string[]> {
  const current = new Set(results.filter((r) => r.manifest).map((r) => r.name));
  const failing = new Set(results.filter((r) => r.status === "failed").map((r) => sourceField(outRoot, r.dir)));
  const rootSources = roots.map((root) => sourceField(outRoot, root));
  const entries = await readdir(outRoot, { withFileTypes: true }).catch(() => []);
  const pruned: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || current.has(entry.name)) continue;
    const manifest = await readManifest(outRoot, entry.name).catch(() => undefined);
    if (!manifest || failing.has(manifest.skill.source)) continue;
    if (!rootSources.some((root) => root === "" || `${manifest.skill.source}/`.startsWith(`${root}/`))) continue;
    await rm(artifactDir(outRoot, entry.name), { recursive: true, force: true });
    pruned.push(entry.name);
  }
  return pruned;
}

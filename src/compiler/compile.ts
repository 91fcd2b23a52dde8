import { readdir, rm } from "node:fs/promises";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { computeSourceHash, discoverSkills, loadSkill, statSignature } from "../skill/index.js";
import type { SkillIR } from "../skill/ir.js";
import { hasErrors, type Diagnostic } from "../skill/diagnostic.js";
import { mapLimit } from "../concurrency.js";
import { VERSION } from "../version.js";
import { artifactDir, readManifest, renderSkillMd, writeArtifact } from "./artifact.js";
import { readPin } from "./artifact-versions.js";
import { compileCachePath, readCompileCache, writeCompileCache, type CacheEntry } from "./compile-cache.js";
import type { Manifest } from "./manifest.js";
import { PassManager } from "./pass-manager.js";
import { NAME_CLAIM_CODE, ownsItsName, resolveNameClaims } from "./name-claims.js";
import { builtinPasses } from "./passes/index.js";
import { watchForSlowSkills } from "./slow-skills.js";

export type CompileStatus = "compiled" | "fresh" | "failed";

export interface SkillCompileResult {
  /** Skill name (the folder name when the skill could not be parsed). */
  name: string;
  dir: string;
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
}

export interface CompileOptions {
  /** One skill folder or a folder of skill folders. */
  skillsRoot: string;
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
}

export interface CompileReport {
  results: SkillCompileResult[];
  /** Problems with the skills root itself (not with one skill). */
  diagnostics: Diagnostic[];
  /** Artifact folders removed because their skill no longer exists. */
  pruned: string[];
}

export const defaultPassManager = (): PassManager => new PassManager(builtinPasses);

/** Compiles every skill under the root; one bad skill never stops the others. */
export async function compileSkills(opts: CompileOptions): Promise<CompileReport> {
  const skillsRoot = resolve(opts.skillsRoot);
  const outRoot = resolve(opts.outRoot);
  const passes = opts.passes ?? defaultPassManager();
  const cachePath = opts.cache === false ? undefined : compileCachePath(skillsRoot, outRoot, passes.names);
  const cached = cachePath && !opts.force ? await readCompileCache(cachePath) : undefined;
  const known = new Map((cached ?? []).map((e) => [e.dir, e]));
  const { skillDirs, diagnostics } = await discoverSkills(skillsRoot);
  let done = 0;
  const earlyNames = new Set<string>();
  const slow = watchForSlowSkills(skillDirs.length, { ...opts, passes });
  const results = await mapLimit(skillDirs, opts.concurrency ?? 16, async (dir) => {
    slow.started();
    const result = await compileOne(dir, { ...opts, skillsRoot, outRoot, passes, known, setup: slow.setup }).finally(slow.finished);
    // Claimed before any await, so of two folders bearing the same name only the first writes early.
    const early = result.status === "failed" || (ownsItsName(result) && !earlyNames.has(result.name) && earlyNames.add(result.name));
    if (early) {
      await settle(result, outRoot);
      opts.onSettled?.(result);
    }
    opts.onProgress?.(++done, skillDirs.length, result);
    return result;
  });
  slow.stop();
  resolveNameClaims(results);
  // Written only after claims are resolved, so a skill that loses its name never clobbers the winner.
  await mapLimit(results, opts.concurrency ?? 16, (r) => settle(r, outRoot));
  const isCollection = skillDirs.length !== 1 || skillDirs[0] !== skillsRoot;
  const pruned = isCollection ? await pruneOrphans(outRoot, skillsRoot, results) : [];
  if (cachePath) await updateCache(cachePath, known, results);
  return { results, diagnostics, pruned };
}

/**
 * Writes a result's artifact and takes the stat signature the compile cache keys it by (over
 * the source alone for a failure). Any error is this skill's, never the whole compile's.
 */
async function settle(result: SkillCompileResult, outRoot: string): Promise<void> {
  await writePending(result, outRoot);
  if (result.signature) return;
  try {
    result.signature = await statSignature(result.status === "failed" ? [result.dir] : [result.dir, artifactDir(outRoot, result.name)]);
  } catch {
    // Uncached: it is simply checked again next time.
  }
}

type ResolvedOptions = CompileOptions & { passes: PassManager; known: ReadonlyMap<string, CacheEntry>; setup: () => Promise<void> };

/** Rewrites the compile cache when anything differs from what it held; a failed write only costs speed. */
async function updateCache(path: string, known: ReadonlyMap<string, CacheEntry>, results: readonly SkillCompileResult[]): Promise<void> {
  const entries = results.flatMap((r): CacheEntry[] => {
    if (!r.signature) return [];
    if (r.manifest) return [{ dir: r.dir, signature: r.signature, manifest: r.manifest }];
    // A lost name claim depends on other skills, not on this one's files: not cached.
    if (r.diagnostics.some((d) => d.code === NAME_CLAIM_CODE)) return [];
    const failure = { name: r.name, diagnostics: r.diagnostics, ...(r.sourceHash ? { sourceHash: r.sourceHash } : {}) };
    return [{ dir: r.dir, signature: r.signature, failure }];
  });
  const unchanged = entries.length === known.size && entries.every((e) => known.get(e.dir)?.signature === e.signature);
  if (!unchanged) await writeCompileCache(path, entries).catch(() => undefined);
}

async function compileOne(dir: string, opts: ResolvedOptions): Promise<SkillCompileResult> {
  let started = performance.now();
  const finish = (r: Omit<SkillCompileResult, "durationMs" | "dir">): SkillCompileResult => ({
    ...r,
    dir,
    durationMs: performance.now() - started,
  });
  try {
    const known = opts.force ? undefined : opts.known.get(dir);
    const { manifest: knownManifest, failure } = known ?? {};
    if (known && knownManifest) {
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
    const loaded = await loadSkill(dir, { displayRoot: dirname(opts.skillsRoot) });
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
    const { manifest, pending } = build(ir, opts);
    if (hasErrors(manifest.diagnostics)) {
      return finish({ name: ir.frontmatter.name, status: "failed", diagnostics: manifest.diagnostics });
    }
    return finish({ name: ir.frontmatter.name, status: "compiled", diagnostics: manifest.diagnostics, manifest, pending });
  } catch (err) {
    const diagnostic: Diagnostic = {
      code: "COMPILE_FAILED",
      severity: "error",
      message: (err as Error).message,
      file: relative(dirname(opts.skillsRoot), dir).split(sep).join("/"),
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
  const hash = knownHash ?? (await computeSourceHash(dir));
  if (manifest.skill.sourceHash === hash) return manifest;
  // A rolled-back version stands while the source is as it was at the rollback.
  const pin = await readPin(artifactDir(opts.outRoot, name));
  return pin?.sourceHash === hash && pin.artifactHash === manifest.skill.sourceHash ? manifest : undefined;
}

/** Runs the passes (after their setup) and renders the artifact, without writing it. */
function build(ir: SkillIR, opts: ResolvedOptions): { manifest: Manifest; pending: SkillCompileResult["pending"] } {
  const { unit, diagnostics } = opts.passes.run(ir, { compilerVersion: VERSION });
  const manifest: Manifest = {
    ...unit.out.manifest,
    schemaVersion: 1,
    skill: {
      name: ir.frontmatter.name,
      description: ir.frontmatter.description,
      ...(ir.frontmatter.license ? { license: ir.frontmatter.license } : {}),
      source: sourceField(opts.outRoot, ir.dir),
      sourceHash: ir.sourceHash,
      frontmatter: ir.rawFrontmatter,
      entry: ir.entry,
    },
    compiler: { version: VERSION, passes: opts.passes.names },
    files: ir.files,
    scripts: (unit.out.manifest.scripts as Manifest["scripts"] | undefined) ?? [],
    diagnostics: [...ir.diagnostics, ...diagnostics],
  };
  return { manifest, pending: { skillMd: renderSkillMd(ir, unit.out.body), files: unit.out.files } };
}

async function writePending(result: SkillCompileResult, outRoot: string): Promise<void> {
  const { pending, manifest } = result;
  delete result.pending;
  if (!pending || !manifest || result.status !== "compiled") return;
  try {
    await writeArtifact(outRoot, manifest, pending.skillMd, pending.files);
  } catch (err) {
    result.status = "failed";
    result.diagnostics = [
      ...result.diagnostics,
      { code: "ARTIFACT_WRITE_FAILED", severity: "error", message: (err as Error).message, file: artifactDir(outRoot, result.name) },
    ];
  }
}

/** Skill folder relative to the compiled root's parent: portable, never absolute. */
export const sourceField = (outRoot: string, skillDir: string): string =>
  relative(dirname(outRoot), skillDir).split(sep).join("/");

/**
 * Removes artifact folders of this skills root whose skill is gone (deleted or renamed). Only
 * folders that are not a current skill's are read, and only those whose recorded source lies
 * under this root are removed, so a compiled folder shared with other roots is left alone.
 */
async function pruneOrphans(outRoot: string, skillsRoot: string, results: readonly SkillCompileResult[]): Promise<string[]> {
  const current = new Set(results.filter((r) => r.manifest).map((r) => r.name));
  const live = new Set(results.map((r) => sourceField(outRoot, r.dir)));
  const rootSource = sourceField(outRoot, skillsRoot);
  const entries = await readdir(outRoot, { withFileTypes: true }).catch(() => []);
  const pruned: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || current.has(entry.name)) continue;
    const manifest = await readManifest(outRoot, entry.name).catch(() => undefined);
    if (!manifest || live.has(manifest.skill.source)) continue;
    if (rootSource && !`${manifest.skill.source}/`.startsWith(`${rootSource}/`)) continue;
    await rm(artifactDir(outRoot, entry.name), { recursive: true, force: true });
    pruned.push(entry.name);
  }
  return pruned;
}

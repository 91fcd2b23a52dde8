import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
// The compiler's light parts only: its face loads every pass, which a start answers without (see `compiler` below).
import { artifactDir } from "../compiler/artifact.js";
import { compileCachePath, readCompileCache, type CacheEntry, type CachedEntry } from "../compiler/compile-cache.js";
import type { PassManager, SkillCompileResult } from "../compiler/index.js";
import { COMPILED_SKILL_FILE, listingOf, MANIFEST_FILE, parseManifest, type Manifest, type SkillListing } from "../compiler/manifest.js";
import { BUILTIN_PASS_NAMES } from "../compiler/passes/names.js";
import { rootList } from "../compiler/roots.js";
import { bindSkillDir } from "../compiler/skill-dir-token.js";
import { log } from "../log.js";
import { keepLastGood } from "./lifecycle/last-good.js";
import { formatDiagnostic, type Diagnostic } from "../skill/diagnostic.js";
import { VariantSource } from "./variant-source.js";
import { preloadSearchIndex } from "./find-skills-index.js";

/** The compiler with its passes, loaded when the sources are first checked: after the first answer. */
const compiler = () => import("../compiler/compile.js");

/** A compiled skill the server can serve. */
export interface CatalogSkill {
  name: string;
  /** Name, description and headings: what listings and search read, at hand without the manifest. */
  listing: SkillListing;
  /** From the compile cache, parsed on first read (a start lists and searches without it). */
  readonly manifest: Manifest;
  /** Absolute source folder: bundled files are served from here. */
  dir: string;
  /** Absolute `compiled/<name>/` folder. */
  compiledDir: string;
}

/** A skill that could not be compiled: listed so the model and user learn why. */
export interface CatalogProblem {
  name: string;
  dir: string;
  diagnostics: Diagnostic[];
  /** The sourceHash of the last good version, served meanwhile (see lifecycle/last-good.ts). */
  servingLastGood?: string;
}

export interface CatalogState {
  skills: CatalogSkill[];
  problems: CatalogProblem[];
  /** Skills not served because one of the same name in a nearer root is (the diagnostic names it). */
  shadowed?: CatalogProblem[];
}

export interface CatalogOptions {
  /** One skills root, or several nearest first (see compileSkills). */
  skillsRoot: string | readonly string[];
  compiledRoot: string;
  force?: boolean;
  passes?: PassManager;
  onProgress?: (done: number, total: number, result: SkillCompileResult) => void;
  /** Start reading find_skills' saved index at once, while the compile cache is read (a server start). */
  preloadSearch?: boolean;
}

type ChangeListener = (catalog: Catalog) => void;
/** Checks the catalog against the sources: all of them, or only these skill folders (a live edit of them). */
type Verifier = (catalog: Catalog, only?: ReadonlySet<string>) => Promise<void>;

/**
 * The skills being served. It may start from a cached snapshot and be verified against the
 * sources in the background: listings answer at once, while anything that reads a skill's
 * content waits for `ready`, so stale content is never served.
 */
export class Catalog {
  #skills = new Map<string, CatalogSkill>();
  #problems: CatalogProblem[] = [];
  #shadowed: CatalogProblem[] = [];
  /** Per version (object), so a call that started on one version reads that version's text. */
  #instructions = new WeakMap<CatalogSkill, Promise<string>>();
  readonly #listeners = new Set<ChangeListener>();
  readonly #verifier: Verifier | undefined;
  #verifying: Promise<void> | undefined;
  /** The refresh running now, and whether another was asked for meanwhile (changes seen during it). */
  #refreshing: Promise<void> | undefined;
  /** What the next refresh covers: skill folders, or every skill ("all"). */
  #pending: Set<string> | "all" | undefined;
  #markVerified!: () => void;
  /** Resolves once a checked state (maybe provisional, see `ready`) is installed; never starts that itself. */
  readonly whenVerified = new Promise<void>((resolve) => {
    this.#markVerified = () => {
      this.isVerified = true;
      resolve();
    };
  });
  /** True once `whenVerified` resolved: what is served was checked against the sources (or is settled while slow skills compile). */
  isVerified = false;
  /** How many skills the last verification (re)compiled rather than found fresh. */
  compiledCount = 0;
  /** Each skill's variant per capability profile, shared by every session (see variant-source.ts). */
  readonly variants = new VariantSource();
  /** True once a whole verification finished: what is served since was checked against the sources. */
  settled = false;
  /** Where find_skills keeps its index of this catalog between starts (beside the compile cache). */
  searchIndexFile: string | undefined;
  #markSettled!: () => void;
  /** Resolves once a whole verification finished (every slow skill's first compile done); never starts one. */
  readonly whenSettled = new Promise<void>((resolve) => {
    this.#markSettled = () => {
      this.settled = true;
      resolve();
    };
  });

  /** `verifier` checks the state against the sources; without one the state is already verified. */
  constructor(state: CatalogState, verifier?: Verifier) {
    this.#apply(state);
    this.#verifier = verifier;
    if (!verifier) {
      this.#markVerified();
      this.#markSettled();
    }
  }

  /**
   * Starts verifying against the sources (once) and resolves when every skill is settled. A
   * server calls it right after connecting, so any change reaches the client as a list_changed
   * notification.
   */
  startVerification(): Promise<void> {
    this.#verifying ??= (this.#verifier?.(this) ?? Promise.resolve()).then(() => {
      this.#markVerified();
      this.#markSettled();
    });
    return this.#verifying;
  }

  /**
   * Resolves once a state checked against the sources is installed (starting that if needed):
   * every skill, or the settled ones while a slow skill still compiles (it joins later), so one
   * skill never holds back requests for the others. `startVerification()` waits for all.
   */
  get ready(): Promise<void> {
    void this.startVerification();
    return this.whenVerified;
  }

  get skills(): CatalogSkill[] {
    return [...this.#skills.values()];
  }

  get names(): string[] {
    return [...this.#skills.keys()];
  }

  get problems(): readonly CatalogProblem[] {
    return this.#problems;
  }

  get shadowed(): readonly CatalogProblem[] {
    return this.#shadowed;
  }

  get(name: string): CatalogSkill | undefined {
    return this.#skills.get(name);
  }

  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The compiled SKILL.md of the skill served now under `name` (see `instructionsOf`). */
  async instructions(name: string): Promise<string> {
    await this.ready;
    const skill = this.#skills.get(name);
    if (!skill) throw new Error(`unknown skill "${name}"`);
    return this.instructionsOf(skill);
  }

  /**
   * The compiled SKILL.md of this version of a skill with its real folder filled in, read once
   * per version: a call holding a version keeps reading that version after a newer one is served.
   */
  instructionsOf(skill: CatalogSkill): Promise<string> {
    let text = this.#instructions.get(skill);
    if (!text) {
      const file = join(skill.compiledDir, COMPILED_SKILL_FILE);
      text = readFile(file, "utf8").then(
        (t) => bindSkillDir(t, skill.dir),
        (err: NodeJS.ErrnoException) => {
          if (err.code !== "ENOENT") throw err;
          throw new ArtifactMissingError(`ARTIFACT_MISSING: ${file}, the compiled instructions of skill "${skill.name}", is gone; hint: recompile it (\`skvm compile <skills> --force\`, or \`serve --force\`)`);
        },
      );
      text.catch(() => this.#instructions.delete(skill));
      this.#instructions.set(skill, text);
    }
    return text;
  }

  /** `sha256:` of the SKILL.md bytes as served (SEP-2640 digests cover served content). */
  async instructionsDigest(skill: CatalogSkill): Promise<string> {
    const text = await this.instructionsOf(skill);
    return `sha256:${createHash("sha256").update(text).digest("hex")}`;
  }

  /**
   * Reads the served version of these skills into memory before a recompile overwrites their
   * artifacts, so calls still running on that version finish on it.
   */
  async pin(names: Iterable<string>): Promise<void> {
    const skills = [...names].flatMap((name) => this.#skills.get(name) ?? []);
    await Promise.all(skills.map((skill) => this.instructionsOf(skill).catch(() => undefined)));
  }

  /**
   * Checks the sources again (after they changed on disk) and installs what they compile to:
   * only the given skill folders (edits inside skills already known), or every skill. Refreshes
   * run one at a time; what is asked for meanwhile is merged into one more that follows.
   */
  refresh(only?: ReadonlySet<string>): Promise<void> {
    this.#pending = !only || this.#pending === "all" ? "all" : new Set([...(this.#pending ?? []), ...only]);
    this.#refreshing ??= (async () => {
      await this.startVerification();
      while (this.#pending) {
        const scope = this.#pending;
        this.#pending = undefined;
        await this.#verifier?.(this, scope === "all" ? undefined : scope);
      }
    })().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /**
   * Installs a verified state (a provisional one too: what is settled while slow skills are still
   * compiling); listeners hear about it when anything a client sees changed.
   */
  verified(state: CatalogState, compiledCount: number): void {
    this.compiledCount = compiledCount;
    this.#markVerified();
    if (signature(this) === signature(state)) return;
    this.#apply(state);
    for (const listener of this.#listeners) listener(this);
  }

  /** One atomic swap; an unchanged skill keeps its version object (and the text read for it). */
  #apply(state: CatalogState): void {
    const sorted = [...state.skills].sort((a, b) => BY_NAME.compare(a.name, b.name));
    const previous = this.#skills;
    this.#skills = new Map(sorted.map((s) => [s.name, sameVersion(previous.get(s.name), s) ?? s]));
    this.#problems = state.problems;
    this.#shadowed = state.shadowed ?? [];
  }
}

/** localeCompare's order, without building a collator per comparison (a thousand skills at every start). */
const BY_NAME = new Intl.Collator();

/** The version already served when `next` is the same compile of the same folder. */
function sameVersion(served: CatalogSkill | undefined, next: CatalogSkill): CatalogSkill | undefined {
  if (!served || served.dir !== next.dir || served.compiledDir !== next.compiledDir) return undefined;
  if (versionOf(served) === UNREADABLE) return undefined;
  // The same object when both came from the compile cache's entry: no need to serialize 2,300 manifests.
  return served.manifest === next.manifest || JSON.stringify(served.manifest) === JSON.stringify(next.manifest) ? served : undefined;
}

/** Everything a client could see of the catalog, reduced to one string for comparison. */
function signature(state: { skills: readonly CatalogSkill[]; problems: readonly CatalogProblem[] }): string {
  const skills = state.skills.map((s) => `${s.name}\0${s.dir}\0${versionOf(s)}`);
  return JSON.stringify([skills.sort(), state.problems.map((p) => describeProblem(p)).sort()]);
}

const UNREADABLE = "(unreadable)";

/** What was compiled for a skill; a cached manifest that cannot be read matches nothing, so the checked one replaces it. */
function versionOf(skill: CatalogSkill): string {
  try {
    const { skill: about, compiler, patches } = skill.manifest;
    return `${about.sourceHash}\0${compiler.passes.join(",")}\0${(patches ?? []).join(",")}`;
  } catch {
    return UNREADABLE;
  }
}

/**
 * Opens the catalog. When the compile cache knows these skills it returns at once from it and
 * verifies the sources when `startVerification()` is called or content is first asked for
 * (compiling what went stale); otherwise it compiles what is stale before returning.
 */
export async function openCatalog(opts: CatalogOptions): Promise<Catalog> {
  const compiledRoot = resolve(opts.compiledRoot);
  // The entries read to open the catalog serve its first verification too (18 MB for 2,300 skills: parsed once).
  let cacheEntries: readonly CacheEntry[] | undefined;
  const verify = async (catalog: Catalog, only?: ReadonlySet<string>) => {
    try {
      const passes = opts.passes ?? (await compiler()).defaultPassManager();
      const scoped = only && (await compileScoped(catalog, only, { ...opts, compiledRoot, passes }));
      const entries = cacheEntries;
      cacheEntries = undefined;
      const { state, compiledCount } = scoped ?? (await compileState({ ...opts, compiledRoot, passes, catalog, ...(entries ? { cacheEntries: entries } : {}) }));
      catalog.verified(state, compiledCount);
    } catch (err) {
      // Keep serving what the cache had, and say why it could not be checked.
      log.error(`catalog verification failed: ${(err as Error).message}`);
      const problem = { name: "(catalog)", dir: rootLabel(opts.skillsRoot), diagnostics: [failure(err as Error)] };
      catalog.verified({ skills: catalog.skills, problems: [...catalog.problems, problem] }, 0);
    }
  };
  const cachePath = compileCachePath(opts.skillsRoot, compiledRoot, opts.passes?.names ?? BUILTIN_PASS_NAMES);
  if (opts.preloadSearch) preloadSearchIndex(searchIndexFileOf(cachePath));
  const cached = opts.force ? undefined : await readCompileCache(cachePath);
  cacheEntries = cached;
  if (cached?.length) {
    const skills = cached.flatMap((entry) => (entry.listing ? [cachedSkill(entry, entry.listing, compiledRoot)] : []));
    const problems = cached.flatMap(({ failure, dir }) => (failure ? [{ name: failure.name, dir, diagnostics: failure.diagnostics }] : []));
    return withSearchIndex(new Catalog({ skills, problems }, verify), cachePath);
  }
  // Nothing cached: compile now, but return once what is settled is installed when only slow
  // skills are left, so one delays neither `initialize` nor the others; it joins with a list_changed.
  const catalog = withSearchIndex(new Catalog({ skills: [], problems: [] }, verify), cachePath);
  void catalog.startVerification();
  await catalog.whenVerified;
  return catalog;
}

/**
 * A skill as the compile cache lists it; its manifest is parsed when first read. A cache line
 * whose manifest is damaged falls back to the artifact's own manifest.json (the contract), so one
 * skill's line never stops a start or a listing; the first check replaces the skill and rewrites
 * the line (see signature).
 */
function cachedSkill(entry: CachedEntry, listing: SkillListing, compiledRoot: string): CatalogSkill {
  const compiledDir = artifactDir(compiledRoot, listing.name);
  let fromArtifact: Manifest | undefined;
  return {
    name: listing.name,
    listing,
    dir: entry.dir,
    compiledDir,
    get manifest(): Manifest {
      return entry.manifest ?? (fromArtifact ??= artifactManifest(compiledDir, listing.name, entry.dir));
    },
  };
}

function artifactManifest(compiledDir: string, name: string, dir: string): Manifest {
  const file = join(compiledDir, MANIFEST_FILE);
  try {
    return parseManifest(JSON.parse(readFileSync(file, "utf8")), file);
  } catch (err) {
    throw new Error(`COMPILE_CACHE_INVALID: the cached manifest of skill "${name}" (${dir}) cannot be read, nor its artifact's (${(err as Error).message}); hint: it is compiled again by the first check; if this persists, delete $SKVM_HOME/compile-cache`);
  }
}

function withSearchIndex(catalog: Catalog, compileCache: string): Catalog {
  catalog.searchIndexFile = searchIndexFileOf(compileCache);
  return catalog;
}

const searchIndexFileOf = (compileCache: string): string => compileCache.replace(/\.json$/, ".search.bin");

async function compileState(opts: CatalogOptions & { passes: PassManager; catalog?: Catalog; cacheEntries?: readonly CacheEntry[] }): Promise<{ state: CatalogState; compiledCount: number }> {
  const settled: SkillCompileResult[] = [];
  let finished = false;
  const { compileSkills } = await compiler();
  const report = await compileSkills({
    ...opts,
    outRoot: opts.compiledRoot,
    onSettled: (r) => settled.push(r),
    // Compiling a hostile skill (a Markdown bomb runs into its parse deadline) must not hold back the
    // others; never installed once the whole result is in (it would undo it).
    onOnlySlowLeft: () => void provisionalState(settled, opts).then((state) => finished || opts.catalog?.verified(state, 0)),
  });
  finished = true;
  const state = await keepLastGood(stateOf(report.results, opts.compiledRoot), opts.compiledRoot);
  if (report.diagnostics.length) state.problems.unshift({ name: "(skills root)", dir: rootLabel(opts.skillsRoot), diagnostics: report.diagnostics });
  return { state, compiledCount: report.results.filter((r) => r.status === "compiled").length };
}

/**
 * Recompiles only these skill folders (each on its own, so the others are not even stat'ed) and
 * merges them into what is served. Undefined when that is not enough: a skill took another
 * name, which only a whole compile can settle against the others.
 */
async function compileScoped(catalog: Catalog, dirs: ReadonlySet<string>, opts: CatalogOptions & { passes: PassManager }): Promise<{ state: CatalogState; compiledCount: number } | undefined> {
  const { compileSkills } = await compiler();
  const results = await Promise.all([...dirs].map(async (dir) => (await compileSkills({ ...opts, skillsRoot: dir, outRoot: opts.compiledRoot, cache: false })).results));
  const fresh = results.flat();
  const before = new Map([...catalog.skills, ...catalog.problems].map((s) => [s.dir, s.name]));
  if (fresh.length !== dirs.size || fresh.some((r) => before.get(r.dir) !== r.name)) return undefined;
  const kept = {
    skills: catalog.skills.filter((s) => !dirs.has(s.dir)),
    problems: catalog.problems.filter((p) => !dirs.has(p.dir)),
  };
  const changed = await keepLastGood(stateOf(fresh, opts.compiledRoot), opts.compiledRoot);
  const state = { skills: [...kept.skills, ...changed.skills], problems: [...kept.problems, ...changed.problems] };
  return { state, compiledCount: fresh.filter((r) => r.status === "compiled").length };
}

function stateOf(results: readonly SkillCompileResult[], compiledRoot: string): CatalogState {
  const state: Required<CatalogState> = { skills: [], problems: [], shadowed: [] };
  for (const r of results) {
    // A shadowed skill is no problem: a nearer one of the same name is served (`skvm where` shows it).
    if (r.status === "shadowed") state.shadowed.push({ name: r.name, dir: r.dir, diagnostics: r.diagnostics });
    else if (r.status === "failed" || !r.manifest) state.problems.push({ name: r.name, dir: r.dir, diagnostics: r.diagnostics });
    else state.skills.push({ name: r.name, listing: listingOf(r.manifest), manifest: r.manifest, dir: r.dir, compiledDir: artifactDir(compiledRoot, r.name) });
  }
  return state;
}

/**
 * The settled skills, and a note that the rest are still compiling (they join with a list_changed).
 * During a refresh of a checked catalog, a skill still compiling keeps its served version meanwhile.
 */
async function provisionalState(settled: readonly SkillCompileResult[], opts: CatalogOptions & { catalog?: Catalog }): Promise<CatalogState> {
  const state = await keepLastGood(stateOf(settled, resolve(opts.compiledRoot)), resolve(opts.compiledRoot));
  const done = new Set(settled.flatMap((r) => [r.name, r.dir]));
  if (opts.catalog?.settled) state.skills.push(...opts.catalog.skills.filter((s) => !done.has(s.name) && !done.has(s.dir)));
  const note: Diagnostic = {
    code: "SKILLS_STILL_COMPILING",
    severity: "warning",
    message: "some skills are still being compiled; each is served (tools/prompts list_changed) or reported here when done",
  };
  state.problems.push({ name: "(compiling)", dir: rootLabel(opts.skillsRoot), diagnostics: [note] });
  return state;
}

/** The roots for a problem's `dir`: the one folder, or all of them, nearest first. */
const rootLabel = (skillsRoot: CatalogOptions["skillsRoot"]): string => rootList(skillsRoot).join(", ");

const failure = (err: Error): Diagnostic => ({ code: "CATALOG_VERIFY_FAILED", severity: "error", message: err.message });

export const describeProblem = (p: CatalogProblem): string => {
  const errors = p.diagnostics.filter((d) => d.severity === "error");
  const lastGood = p.servingLastGood ? `; the last good version (${p.servingLastGood.slice(0, 19)}…) is still served until the source compiles again` : "";
  return `${p.name}: ${(errors.length ? errors : p.diagnostics).map(formatDiagnostic).join("; ")}${lastGood}`;
};

/** A file of a compiled skill was deleted after it was compiled; the message says which and what to do. */
export class ArtifactMissingError extends Error {}

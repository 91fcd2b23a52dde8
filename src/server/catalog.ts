import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  artifactDir,
  bindSkillDir,
  COMPILED_SKILL_FILE,
  compileSkills,
  defaultPassManager,
  compileCachePath,
  readCompileCache,
  rootList,
  type Manifest,
  type PassManager,
  type SkillCompileResult,
} from "../compiler/index.js";
import { log } from "../log.js";
import { formatDiagnostic, type Diagnostic } from "../skill/diagnostic.js";
import { VariantSource } from "./variant-source.js";

/** A compiled skill the server can serve. */
export interface CatalogSkill {
  name: string;
  manifest: Manifest;
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
}

type ChangeListener = (catalog: Catalog) => void;

/**
 * The skills being served. It may start from a cached snapshot and be verified against the
 * sources in the background: listings answer at once, while anything that reads a skill's
 * content waits for `ready`, so stale content is never served.
 */
export class Catalog {
  #skills = new Map<string, CatalogSkill>();
  #problems: CatalogProblem[] = [];
  #shadowed: CatalogProblem[] = [];
  readonly #instructions = new Map<string, Promise<string>>();
  readonly #listeners = new Set<ChangeListener>();
  readonly #verifier: ((catalog: Catalog) => Promise<void>) | undefined;
  #verifying: Promise<void> | undefined;
  #markVerified!: () => void;
  /** Resolves once a checked state (maybe provisional, see `ready`) is installed; never starts that itself. */
  readonly whenVerified = new Promise<void>((resolve) => (this.#markVerified = resolve));
  /** How many skills the last verification (re)compiled rather than found fresh. */
  compiledCount = 0;
  /** Each skill's variant per capability profile, shared by every session (see variant-source.ts). */
  readonly variants = new VariantSource();

  /** `verifier` checks the state against the sources; without one the state is already verified. */
  constructor(state: CatalogState, verifier?: (catalog: Catalog) => Promise<void>) {
    this.#apply(state);
    this.#verifier = verifier;
    if (!verifier) this.#markVerified();
  }

  /**
   * Starts verifying against the sources (once) and resolves when every skill is settled. A
   * server calls it right after connecting, so any change reaches the client as a list_changed
   * notification.
   */
  startVerification(): Promise<void> {
    this.#verifying ??= (this.#verifier?.(this) ?? Promise.resolve()).then(() => this.#markVerified());
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

  /** The compiled SKILL.md with the skill's real folder filled in; read once per version. */
  async instructions(name: string): Promise<string> {
    await this.ready;
    const skill = this.#skills.get(name);
    if (!skill) throw new Error(`unknown skill "${name}"`);
    let text = this.#instructions.get(name);
    if (!text) {
      const file = join(skill.compiledDir, COMPILED_SKILL_FILE);
      text = readFile(file, "utf8").then(
        (t) => bindSkillDir(t, skill.dir),
        (err: NodeJS.ErrnoException) => {
          if (err.code !== "ENOENT") throw err;
          throw new ArtifactMissingError(`ARTIFACT_MISSING: ${file}, the compiled instructions of skill "${name}", is gone; hint: recompile it (\`skvm compile <skills> --force\`, or \`serve --force\`)`);
        },
      );
      text.catch(() => this.#instructions.delete(name));
      this.#instructions.set(name, text);
    }
    return text;
  }

  /** `sha256:` of the SKILL.md bytes as served (SEP-2640 digests cover served content). */
  async instructionsDigest(name: string): Promise<string> {
    const text = await this.instructions(name);
    return `sha256:${createHash("sha256").update(text).digest("hex")}`;
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
    this.#instructions.clear();
    for (const listener of this.#listeners) listener(this);
  }

  #apply(state: CatalogState): void {
    const sorted = [...state.skills].sort((a, b) => BY_NAME.compare(a.name, b.name));
    this.#skills = new Map(sorted.map((s) => [s.name, s]));
    this.#problems = state.problems;
    this.#shadowed = state.shadowed ?? [];
  }
}

/** localeCompare's order, without building a collator per comparison (a thousand skills at every start). */
const BY_NAME = new Intl.Collator();

/** Everything a client could see of the catalog, reduced to one string for comparison. */
function signature(state: { skills: readonly CatalogSkill[]; problems: readonly CatalogProblem[] }): string {
  const skills = state.skills.map((s) => `${s.name}\0${s.dir}\0${s.manifest.skill.sourceHash}\0${s.manifest.compiler.passes.join(",")}\0${(s.manifest.patches ?? []).join(",")}`);
  return JSON.stringify([skills.sort(), state.problems.map((p) => describeProblem(p)).sort()]);
}

/**
 * Opens the catalog. When the compile cache knows these skills it returns at once from it and
 * verifies the sources when `startVerification()` is called or content is first asked for
 * (compiling what went stale); otherwise it compiles what is stale before returning.
 */
export async function openCatalog(opts: CatalogOptions): Promise<Catalog> {
  const passes = opts.passes ?? defaultPassManager();
  const compiledRoot = resolve(opts.compiledRoot);
  const verify = async (catalog: Catalog) => {
    try {
      const { state, compiledCount } = await compileState({ ...opts, compiledRoot, passes, catalog });
      catalog.verified(state, compiledCount);
    } catch (err) {
      // Keep serving what the cache had, and say why it could not be checked.
      log.error(`catalog verification failed: ${(err as Error).message}`);
      const problem = { name: "(catalog)", dir: rootLabel(opts.skillsRoot), diagnostics: [failure(err as Error)] };
      catalog.verified({ skills: catalog.skills, problems: [...catalog.problems, problem] }, 0);
    }
  };
  const cached = opts.force ? undefined : await readCompileCache(compileCachePath(opts.skillsRoot, compiledRoot, passes.names));
  if (cached?.length) {
    const skills = cached.flatMap(({ manifest, dir }) => (manifest ? [{ name: manifest.skill.name, manifest, dir, compiledDir: artifactDir(compiledRoot, manifest.skill.name) }] : []));
    const problems = cached.flatMap(({ failure, dir }) => (failure ? [{ name: failure.name, dir, diagnostics: failure.diagnostics }] : []));
    return new Catalog({ skills, problems }, verify);
  }
  // Nothing cached: compile now, but return once what is settled is installed when only slow
  // skills are left, so one delays neither `initialize` nor the others; it joins with a list_changed.
  const catalog = new Catalog({ skills: [], problems: [] }, verify);
  void catalog.startVerification();
  await catalog.whenVerified;
  return catalog;
}

async function compileState(opts: CatalogOptions & { passes: PassManager; catalog?: Catalog }): Promise<{ state: CatalogState; compiledCount: number }> {
  const settled: SkillCompileResult[] = [];
  const report = await compileSkills({
    ...opts,
    outRoot: opts.compiledRoot,
    onSettled: (r) => settled.push(r),
    // Compiling a hostile skill (a Markdown bomb runs into its parse deadline) must not hold back the others.
    onOnlySlowLeft: () => opts.catalog?.verified(provisionalState(settled, opts), 0),
  });
  const state = stateOf(report.results, opts.compiledRoot);
  if (report.diagnostics.length) state.problems.unshift({ name: "(skills root)", dir: rootLabel(opts.skillsRoot), diagnostics: report.diagnostics });
  return { state, compiledCount: report.results.filter((r) => r.status === "compiled").length };
}

function stateOf(results: readonly SkillCompileResult[], compiledRoot: string): CatalogState {
  const state: Required<CatalogState> = { skills: [], problems: [], shadowed: [] };
  for (const r of results) {
    // A shadowed skill is no problem: a nearer one of the same name is served (`skvm where` shows it).
    if (r.status === "shadowed") state.shadowed.push({ name: r.name, dir: r.dir, diagnostics: r.diagnostics });
    else if (r.status === "failed" || !r.manifest) state.problems.push({ name: r.name, dir: r.dir, diagnostics: r.diagnostics });
    else state.skills.push({ name: r.name, manifest: r.manifest, dir: r.dir, compiledDir: artifactDir(compiledRoot, r.name) });
  }
  return state;
}

/** The settled skills, and a note that the rest are still compiling (they join with a list_changed). */
function provisionalState(settled: readonly SkillCompileResult[], opts: CatalogOptions): CatalogState {
  const state = stateOf(settled, resolve(opts.compiledRoot));
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
  return `${p.name}: ${(errors.length ? errors : p.diagnostics).map(formatDiagnostic).join("; ")}`;
};

/** A file of a compiled skill was deleted after it was compiled; the message says which and what to do. */
export class ArtifactMissingError extends Error {}

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  artifactDir,
  bindSkillDir,
  COMPILED_SKILL_FILE,
  compileSkills,
  type Manifest,
  type PassManager,
  type SkillCompileResult,
} from "../compiler/index.js";
import { formatDiagnostic, type Diagnostic } from "../skill/diagnostic.js";

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

export interface CatalogOptions {
  skillsRoot: string;
  compiledRoot: string;
  force?: boolean;
  passes?: PassManager;
  onProgress?: (done: number, total: number, result: SkillCompileResult) => void;
}

export class Catalog {
  readonly #skills = new Map<string, CatalogSkill>();
  readonly #instructions = new Map<string, Promise<string>>();

  constructor(
    skills: readonly CatalogSkill[],
    readonly problems: readonly CatalogProblem[],
    /** How many skills were (re)compiled rather than found fresh. */
    readonly compiledCount: number,
  ) {
    for (const skill of skills) this.#skills.set(skill.name, skill);
  }

  get skills(): CatalogSkill[] {
    return [...this.#skills.values()];
  }

  get names(): string[] {
    return [...this.#skills.keys()];
  }

  get(name: string): CatalogSkill | undefined {
    return this.#skills.get(name);
  }

  /** The compiled SKILL.md with the skill's real folder filled in. Read once, then cached. */
  instructions(name: string): Promise<string> {
    const skill = this.#skills.get(name);
    if (!skill) return Promise.reject(new Error(`unknown skill "${name}"`));
    let text = this.#instructions.get(name);
    if (!text) {
      text = readFile(join(skill.compiledDir, COMPILED_SKILL_FILE), "utf8").then((t) => bindSkillDir(t, skill.dir));
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
}

/** Compiles what is stale (fresh artifacts load as they are) and builds the catalog. */
export async function loadCatalog(opts: CatalogOptions): Promise<Catalog> {
  const compiledRoot = resolve(opts.compiledRoot);
  const report = await compileSkills({
    skillsRoot: opts.skillsRoot,
    outRoot: compiledRoot,
    force: opts.force,
    passes: opts.passes,
    onProgress: opts.onProgress,
  });
  const skills: CatalogSkill[] = [];
  const problems: CatalogProblem[] = report.diagnostics.length
    ? [{ name: "(skills root)", dir: resolve(opts.skillsRoot), diagnostics: report.diagnostics }]
    : [];
  for (const r of report.results) {
    if (r.status === "failed" || !r.manifest) problems.push({ name: r.name, dir: r.dir, diagnostics: r.diagnostics });
    else skills.push({ name: r.name, manifest: r.manifest, dir: r.dir, compiledDir: artifactDir(compiledRoot, r.name) });
  }
  skills.sort((a, b) => a.name.localeCompare(b.name));
  return new Catalog(skills, problems, report.results.filter((r) => r.status === "compiled").length);
}

export const describeProblem = (p: CatalogProblem): string =>
  `${p.name}: ${p.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic).join("; ")}`;

import type { SkillIR } from "../skill/ir.js";
import type { Diagnostic } from "../skill/diagnostic.js";

/** The compiled form a pass refines: what the model reads, plus artifact data. */
export interface CompileOutput {
  /** Markdown body of the compiled SKILL.md (the frontmatter is copied verbatim). */
  body: string;
  /** Extra artifact files, path relative to `compiled/<name>/` -> text. */
  files: Readonly<Record<string, string>>;
  /** Fields merged into manifest.json by name. */
  manifest: Readonly<Record<string, unknown>>;
}

export interface CompileUnit {
  readonly ir: SkillIR;
  readonly out: CompileOutput;
}

export interface PassContext {
  readonly compilerVersion: string;
}

export interface PassResult {
  unit: CompileUnit;
  diagnostics: Diagnostic[];
}

/**
 * A compiler pass: a pure function of its input. Passes never read files, spawn processes or
 * talk to clients; the loader and artifact writer do that at the edges.
 */
export interface CompilerPass {
  readonly name: string;
  readonly description: string;
  /**
   * Called once before the first `run`. Load heavy dependencies here: a server whose artifacts
   * are all fresh never calls it, so it never pays for them at startup.
   */
  setup?(): Promise<void>;
  run(unit: CompileUnit, ctx: PassContext): PassResult;
}

/** Where a registered pass goes relative to the built-in ones. */
export type PassPlacement = { before: string } | { after: string } | "first" | "last";

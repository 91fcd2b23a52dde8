import type { SkillIR } from "../skill/ir.js";
import type { Diagnostic } from "../skill/diagnostic.js";
import type { CompileUnit, CompilerPass, PassContext, PassPlacement } from "./pass.js";

export class PassRegistrationError extends Error {}

/** Ordered, registrable passes; every compile runs them in order over one skill. */
export class PassManager {
  readonly #passes: CompilerPass[];
  #setup: Promise<void> | undefined;

  constructor(passes: readonly CompilerPass[]) {
    this.#passes = [];
    for (const pass of passes) this.register(pass, "last");
  }

  get names(): string[] {
    return this.#passes.map((p) => p.name);
  }

  register(pass: CompilerPass, placement: PassPlacement = "last"): this {
    if (!pass || typeof pass.name !== "string" || typeof pass.run !== "function") {
      throw new PassRegistrationError("a pass needs a string `name` and a `run(unit, ctx)` function");
    }
    if (this.#passes.some((p) => p.name === pass.name)) {
      throw new PassRegistrationError(`a pass named "${pass.name}" is already registered`);
    }
    this.#passes.splice(this.#indexFor(placement), 0, pass);
    this.#setup = undefined;
    return this;
  }

  /** Runs every pass's `setup` hook once; call before `run`. */
  setup(): Promise<void> {
    this.#setup ??= Promise.all(this.#passes.map((p) => p.setup?.())).then(() => undefined);
    return this.#setup;
  }

  run(ir: SkillIR, ctx: PassContext): { unit: CompileUnit; diagnostics: Diagnostic[] } {
    let unit: CompileUnit = { ir, out: { body: ir.body, files: {}, manifest: {} } };
    const diagnostics: Diagnostic[] = [];
    for (const pass of this.#passes) {
      const result = pass.run(unit, ctx);
      unit = result.unit;
      diagnostics.push(...result.diagnostics.map((d) => ({ ...d, code: d.code || `PASS_${pass.name}` })));
    }
    return { unit, diagnostics };
  }

  #indexFor(placement: PassPlacement): number {
    if (placement === "first") return 0;
    if (placement === "last") return this.#passes.length;
    const anchor = "before" in placement ? placement.before : placement.after;
    const at = this.#passes.findIndex((p) => p.name === anchor);
    if (at < 0) throw new PassRegistrationError(`no pass named "${anchor}" to place a pass next to`);
    return "before" in placement ? at : at + 1;
  }
}

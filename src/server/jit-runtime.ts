import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { runtimeEnvFor } from "../env/index.js";
import { ResultCache, runCode, runSucceeded as succeeded, type RunInputs, type RunResult } from "../exec/index.js";
import {
  checkParams,
  TemplateCallError,
  DEFAULT_POLICY,
  loadJitEngine,
  programArgs,
  Solidifier,
  TemplateIndex,
  type JitEngine,
  type JitLang,
  type MatchResult,
  type ParamValue,
  type SolidifyPolicy,
  type SolidifyState,
  type Template,
  type Transition,
} from "../jit/index.js";
import { log } from "../log.js";
import type { Parsers } from "../syntax/index.js";
import type { Catalog, CatalogSkill } from "./catalog.js";
import { JitStateStore, readJitState } from "./jit-state-file.js";

// Where the direct tools and `skvm run` find it.
export { TemplateCallError };

export interface RunSettings {
  cwd: string;
  /** Extra argv for the code (after the parameters, for a served template). */
  args?: string[];
  stdin?: string;
  timeoutMs?: number;
}

export interface CodeOutcome {
  match: MatchResult;
  /** The canonical program ran instead of the code as given. */
  served: boolean;
  cached: boolean;
  result: RunResult;
  transition: Transition;
  template?: Template;
}

export interface TemplateOutcome {
  result: RunResult;
  cached: boolean;
  transition: Transition;
}

/** Which templates are promoted, as one comparable string. */
const promotedKeys = (state: SolidifyState): string =>
  Object.entries(state.templates)
    .filter(([, t]) => t.promoted)
    .map(([key, t]) => `${key}@${t.fingerprint}`)
    .sort()
    .join("\n");

/** How long direct calls must pause before their saved tokens are counted. */
const TOKEN_COUNT_DELAY_MS = 2_000;

/** Direct tool of a promoted template; within the 64 characters clients accept. */
export function directToolName(skill: string, id: string): string {
  const name = `${skill}__${id}`;
  return name.length <= 64 ? name : `${name.slice(0, 55)}_${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

/**
 * The JIT side of the server, shared by every session: the template index over the catalog, the
 * solidification state (persisted), and the cache of side-effect-free results.
 */
export class JitRuntime {
  readonly cache = new ResultCache();
  readonly solidifier: Solidifier;
  readonly #listeners = new Set<() => void>();
  #engine: Promise<{ engine: JitEngine; parsers: Parsers }> | undefined;
  #tokens: Promise<(text: string) => number> | undefined;
  readonly #uncounted: { skill: string; template: Template; call: string }[] = [];
  #countTimer: NodeJS.Timeout | undefined;
  /** The state file shared with other servers of the same compiled folder (none for the CLI). */
  readonly #store: JitStateStore | undefined;
  #pending: Promise<unknown> = Promise.resolve();
  #seenMtime: number | undefined;
  readonly #programHashes = new Map<string, Promise<string>>();
  readonly #index = new TemplateIndex();
  /** The index follows the catalog lazily: a server that never matches code never builds it. */
  #stale = true;
  #indexedSkills = new Set<string>();

  private constructor(
    readonly catalog: Catalog,
    readonly statePath: string | undefined,
    solidifier: Solidifier,
  ) {
    this.solidifier = solidifier;
    this.#store = statePath ? new JitStateStore(statePath) : undefined;
    catalog.onChange(() => {
      this.#invalidate();
      this.#emit();
    });
  }

  /** Loads the saved state (when `statePath` is given) and indexes the catalog's templates. */
  static async open(catalog: Catalog, opts: { statePath?: string; policy?: Partial<SolidifyPolicy> } = {}): Promise<JitRuntime> {
    const saved = opts.statePath ? await readJitState(opts.statePath) : undefined;
    return new JitRuntime(catalog, opts.statePath, new Solidifier({ ...DEFAULT_POLICY, ...opts.policy }, saved));
  }

  /** Every served template, by exact fingerprint and k-grams; rebuilt after the catalog changed. */
  get index(): TemplateIndex {
    if (this.#stale) this.#reindex();
    return this.#index;
  }

  /** Promoted templates of served skills: each is offered as a direct tool. */
  promoted(): { skill: CatalogSkill; template: Template }[] {
    // From the (few) promoted entries of the state, not by scanning every template of a catalog of thousands.
    const out: { skill: CatalogSkill; template: Template }[] = [];
    for (const [key, entry] of Object.entries(this.solidifier.state.templates)) {
      if (!entry.promoted) continue;
      const slash = key.indexOf("/");
      const skill = this.catalog.get(key.slice(0, slash));
      const template = skill?.manifest.templates?.find((t) => t.id === key.slice(slash + 1));
      if (skill && template && this.solidifier.isPromoted(skill.name, template)) out.push({ skill, template });
    }
    return out.sort((a, b) => (a.skill.name < b.skill.name ? -1 : a.skill.name > b.skill.name ? 1 : 0));
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async match(skill: CatalogSkill, lang: JitLang, code: string): Promise<MatchResult> {
    return (await this.#matchAndResolve(skill, lang, code)).match;
  }

  /** The match, and the code with bundled-file paths pointed at the skill (what runs as given). */
  async #matchAndResolve(skill: CatalogSkill, lang: JitLang, code: string): Promise<{ match: MatchResult; runnable: string }> {
    const { engine, parsers } = await this.#loadEngine();
    const context = { bundled: new Set(skill.manifest.files.map((f) => f.path)), skillDir: skill.dir, scripts: skill.manifest.scriptArgs ?? {} };
    const n = engine.normalize(parsers, lang, code, context);
    if (!n) return { match: engine.matchCode(this.index, parsers, { lang, code, skill: skill.name, context }), runnable: code };
    return { match: engine.matchNormalized(this.index, n, { lang, skill: skill.name }), runnable: engine.resolveBundledPaths(lang, code, n.bundled) };
  }

  /**
   * run_code: match the code, then run it as given, or (once its template is promoted) run the
   * canonical program with the extracted parameters. Only clean runs count toward promotion. A
   * served program that fails is followed by the code as given, whose result the model gets:
   * serving must never turn working code into an error. Only when the code as given works does
   * the failure count against the template.
   */
  async runCode(skill: CatalogSkill, lang: JitLang, code: string, settings: RunSettings, signal?: AbortSignal): Promise<CodeOutcome> {
    await this.#absorbOthers();
    const { match, runnable } = await this.#matchAndResolve(skill, lang, code);
    const template = match.template ? this.index.find(skill.name, match.template)?.template : undefined;
    const runGiven = () => runCode({ lang, code: runnable, ...this.#request(skill, settings) }, { signal });
    if (template && match.kind === "exact" && this.solidifier.isPromoted(skill.name, template)) {
      const served = await this.#runProgram(skill, template, checkParams(template, match.params), settings, signal);
      if (!served) {
        // The compiled program was deleted: run the code as given, and stop serving the template.
        const transition = await this.#programMissing(skill, template);
        return { match, served: false, cached: false, result: await runGiven(), transition, template };
      }
      if (succeeded(served.result) || served.result.exitCode === null) {
        const { result } = served;
        const transition = await this.#record((s) => {
          s.match(skill.name, template);
          return result.cancelled ? undefined : s.served(skill.name, template, succeeded(result), { direct: false });
        });
        return { match, served: true, cached: served.cached, result, transition, template };
      }
      const given = await runGiven();
      const transition = succeeded(given) ? await this.#record((s) => s.served(skill.name, template, false, { direct: false })) : undefined;
      return { match, served: false, cached: false, result: given, transition, template };
    }
    const result = await runGiven();
    let transition: Transition;
    if (template && match.kind === "exact" && succeeded(result)) transition = await this.#record((s) => s.match(skill.name, template));
    else if (template && match.matched) await this.#record((s) => s.miss(skill.name, template));
    return { match, served: false, cached: false, result, transition, ...(template ? { template } : {}) };
  }

  /** A direct tool call: runs a template's canonical program; `values` are checked against its parameters first. */
  async runTemplate(skill: CatalogSkill, template: Template, values: Readonly<Record<string, unknown>>, settings: RunSettings, signal?: AbortSignal): Promise<TemplateOutcome> {
    await this.#absorbOthers();
    const ran = await this.#runProgram(skill, template, checkParams(template, values), settings, signal);
    if (!ran) {
      await this.#programMissing(skill, template);
      throw new TemplateCallError(
        `TEMPLATE_PROGRAM_MISSING: ${join(skill.compiledDir, template.file)}, the program of template "${template.id}" (${template.origin}), is gone; the template is demoted and its tool withdrawn; hint: recompile the skill (\`skvm compile <skills> --force\`) and run its code through run_code meanwhile`,
      );
    }
    const { result, cached } = ran;
    const transition = result.cancelled ? undefined : await this.#record((s) => s.served(skill.name, template, succeeded(result), { direct: true }));
    if (!result.cancelled) this.#countSavedLater(skill.name, template, JSON.stringify({ name: directToolName(skill.name, template.id), arguments: values }));
    return { result, cached, transition };
  }

  /**
   * Tokens saved by a direct call are counted after the answer, in a batch when calls pause: the
   * o200k tables take longer to load than a served call takes to run, and nothing on a direct
   * call's path may wait for them (or for the parsers).
   */
  #countSavedLater(skill: string, template: Template, call: string): void {
    this.#uncounted.push({ skill, template, call });
    clearTimeout(this.#countTimer);
    this.#countTimer = setTimeout(() => void this.#countSaved(), TOKEN_COUNT_DELAY_MS);
    this.#countTimer.unref();
  }

  async #countSaved(): Promise<void> {
    const batch = this.#uncounted.splice(0);
    if (batch.length === 0) return;
    this.#tokens ??= loadJitEngine().then((engine) => engine.loadTokenCounter());
    const count = await this.#tokens;
    await this.#record((s) => {
      for (const { skill, template, call } of batch) s.saved(skill, template, Math.max(0, template.codeTokens - count(call)));
    });
  }

  /** A template whose program was deleted stops being served at once (one log line says so). */
  #programMissing(skill: CatalogSkill, template: Template): Promise<Transition> {
    log.warn(`template ${skill.name}/${template.id}: its program ${join(skill.compiledDir, template.file)} is missing; demoted`);
    return this.#record((s) => s.demote(skill.name, template));
  }

  /**
   * Runs the canonical program (no bookkeeping), from the result cache when the template only
   * reads; undefined when the program file is gone (a damaged compiled folder).
   */
  async #runProgram(skill: CatalogSkill, template: Template, params: Record<string, ParamValue>, settings: RunSettings, signal?: AbortSignal): Promise<{ result: RunResult; cached: boolean } | undefined> {
    const full = Object.fromEntries(template.params.map((p) => [p.name, params[p.name] ?? p.default]));
    const args = programArgs(template.lang, template.params, full);
    const program = join(skill.compiledDir, template.file);
    if (!(await stat(program).then((s) => s.isFile(), () => false))) {
      this.#programHashes.delete(program);
      return undefined;
    }
    const run = (env: Record<string, string> = {}) => {
      const request = this.#request(skill, settings);
      return runCode({ lang: template.lang, program, ...request, env: { ...request.env, ...env }, args: [...args, ...(settings.args ?? [])] }, { signal });
    };
    // Only a read-only Python template can say which files it read (its audit hook records them).
    const cacheable = template.pure && template.lang === "python" && settings.stdin === undefined && !settings.args?.length;
    if (!cacheable) return { result: await run(), cached: false };
    // The program's own bytes are in the key: a recompile that changes a constant is another program.
    const key = this.cache.key(await this.#programHash(program), settings.cwd, Object.values(full));
    const started = performance.now();
    const hit = await this.cache.get(key);
    if (hit) return { result: { ...hit, durationMs: performance.now() - started }, cached: true };
    const traceDir = await mkdtemp(join(tmpdir(), "skvm-opens-"));
    try {
      const opens = join(traceDir, "opens.json");
      const result = await run({ SKVM_OPENS_FILE: opens });
      this.cache.set(key, result, await readInputs(opens));
      return { result, cached: false };
    } finally {
      await rm(traceDir, { recursive: true, force: true });
    }
  }

  #programHash(path: string): Promise<string> {
    let hash = this.#programHashes.get(path);
    if (!hash) {
      hash = readFile(path).then((bytes) => createHash("sha256").update(bytes).digest("hex"));
      hash.catch(() => this.#programHashes.delete(path));
      this.#programHashes.set(path, hash);
    }
    return hash;
  }

  /** Takes what other server processes sharing the state file saved since (a stat when nothing changed). */
  syncShared(): Promise<void> {
    return this.#absorbOthers();
  }

  /** Promotions another server process saved since we last looked become ours too. */
  async #absorbOthers(): Promise<void> {
    if (!this.#store) return;
    const mtime = await this.#store.mtime();
    if (mtime === undefined || mtime === this.#seenMtime) return;
    this.#seenMtime = mtime;
    const theirs = await readJitState(this.#store.path);
    if (theirs) this.#adopt(theirs);
  }

  /** Takes the shared state as ours; clients hear of promotions and demotions it brought. */
  #adopt(state: SolidifyState): void {
    const before = promotedKeys(this.solidifier.state);
    this.solidifier.adopt(state);
    if (promotedKeys(state) !== before) this.#emit();
  }

  /**
   * Applies a change to the solidification state: with a state file, to the file's current
   * content under its lock (so another server's counts are never overwritten and a promotion
   * is decided once), which then becomes ours; the change is on disk before the tool answers.
   */
  async #record<T>(change: (s: Solidifier) => T): Promise<T> {
    if (!this.#store) {
      const before = promotedKeys(this.solidifier.state);
      const result = change(this.solidifier);
      if (promotedKeys(this.solidifier.state) !== before) this.#emit();
      return result;
    }
    const done = this.#store.update((disk) => {
      const scratch = new Solidifier(this.solidifier.policy, disk);
      return change(scratch);
    });
    this.#pending = done.catch(() => undefined);
    try {
      const result = await done;
      const saved = await readJitState(this.#store.path);
      this.#seenMtime = await this.#store.mtime();
      if (saved) this.#adopt(saved);
      return result;
    } catch (err) {
      log.warn(`could not save JIT state: ${(err as Error).message}`);
      return change(this.solidifier);
    }
  }

  /** Counts what is still uncounted and waits for pending writes of the state file. */
  async flush(): Promise<void> {
    clearTimeout(this.#countTimer);
    await this.#countSaved();
    await this.#pending;
  }

  /** The catalog changed: recompiled programs make cached results, hashes and the index stale. */
  #invalidate(): void {
    this.cache.clear();
    this.#programHashes.clear();
    this.#stale = true;
  }

  #reindex(): void {
    const names = new Set(this.catalog.names);
    for (const skill of this.catalog.skills) this.#index.set(skill.name, skill.manifest.templates ?? []);
    for (const name of this.#indexedSkills) if (!names.has(name)) this.#index.remove(name);
    this.#indexedSkills = names;
    this.#stale = false;
  }
  #request(skill: CatalogSkill, settings: RunSettings) {
    return {
      cwd: settings.cwd,
      args: settings.args ?? [],
      ...(settings.stdin !== undefined ? { stdin: settings.stdin } : {}),
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
      env: { ...runtimeEnvFor(skill), SKVM_SKILL_DIR: skill.dir },
    };
  }

  /** The matcher and the tree-sitter parsers load with the first run_code, not at startup. */
  #loadEngine(): Promise<{ engine: JitEngine; parsers: Parsers }> {
    this.#engine ??= loadJitEngine().then(async (engine) => ({ engine, parsers: await engine.loadParsers() }));
    return this.#engine;
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** The files a traced run opened, or undefined when it left no complete record. */
async function readInputs(path: string): Promise<RunInputs | undefined> {
  try {
    const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(await readFile(path, "utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

import { log } from "../log.js";
import { EnvChecker } from "../env/index.js";
import { exitOnSignals, sweepOrphanRunDirs } from "../exec/index.js";
import { Adaptive, Proposer, HttpConfigError, JitRuntime, jitStatePath, openCatalog, serveHttp, serveStdio, describeProblem, problemLine, keepCatalogLive, listTtlMs, Readiness, type Catalog } from "../server/index.js";
// The model folder's parts a start needs, not its face: that loads every provider (HTTP clients, record/replay).
import { resolveModelConfig } from "../model/config.js";
import { ModelError } from "../model/model-error.js";
import type { MeteredProvider } from "../model/metered-provider.js";
import type { ProfileSettings } from "../server/index.js";
import { commandArgv, commandFor, missingSkillsRoot, resolveRoots, type RootOptions, type SkillRoots } from "./paths.js";
import { storedProfiles } from "./profile-lookup.js";

export interface ServeCommandOptions extends RootOptions {
  force?: boolean;
  maxSkillTools: number;
  http?: boolean;
  host: string;
  port: number;
  token?: string;
  maxSessions: number;
  solidifyAfter: number;
  /** A capability profile id, over the config file's mapping. */
  profile?: string;
  /** Follow edits of the skills while serving (default on; `--no-watch` turns it off). */
  watch?: boolean;
}

/** `skvm serve`: compile what is stale, serve over stdio, and exit when the client goes away. */
export async function serveCommand(opts: ServeCommandOptions): Promise<never> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) {
    process.stderr.write(`skvm: ${missing}\n`);
    process.exit(2);
  }
  const profiles = await profileSettings(opts.profile);
  const roots = resolveRoots(opts);
  const compiledRoot = roots.compiled;
  const started = performance.now();
  if (roots.skills.length === 0) log.warn("no skills root found: pass --skills DIR, or put skills in one of the places `skvm where` lists");
  const catalog = await openCatalog({ skillsRoot: roots.skills, compiledRoot, force: opts.force, preloadSearch: true });
  if (process.stdin.isTTY) process.stderr.write(banner(catalog, roots));
  void catalog.whenVerified.then(() => {
    const ms = Math.round(performance.now() - started);
    log.info({ skills: catalog.names.length, recompiled: catalog.compiledCount, failed: catalog.problems.length, ms }, "catalog verified");
    for (const problem of catalog.problems) log.warn(problemLine(problem));
    if (catalog.shadowed.length) log.info({ shadowed: catalog.shadowed }, "skills shadowed by a skill of the same name in a nearer root (`skvm where` lists them)");
  });
  // Live edits: watched roots recompile and swap in while serving (see src/server/lifecycle/).
  if (opts.watch !== false) keepCatalogLive(catalog, { roots: roots.skills, compiledRoot });
  const readiness = new Readiness(catalog, new EnvChecker(), { installCommand: (name) => commandFor(["env", "install", name], roots) });
  const jit = await JitRuntime.open(catalog, { statePath: jitStatePath(compiledRoot), policy: { promoteAfter: opts.solidifyAfter } });
  // The first listing offers a tool of a skill's own only when its environment is known to be ready.
  await readiness.primeFromCache(catalog.names.length <= opts.maxSkillTools ? catalog.skills : jit.promoted().map((p) => p.skill));
  // Failed runs are recorded and patched once per process, whatever session ran them.
  const adaptive = new Adaptive(readiness);
  const provider = proposalProvider();
  if (provider) new Proposer(adaptive, provider);
  if (opts.http) return serveOverHttp(readiness, jit, profiles, adaptive, opts);
  // SIGTERM/SIGINT/SIGHUP end every run (its processes and /tmp/skvm-run-* folder) before exiting.
  exitOnSignals(() => jit.flush());
  void sweepLeftRuns();
  await serveStdio(readiness, { maxSkillTools: opts.maxSkillTools, jit, profiles, adaptive, listTtlMs: listTtlMs(opts.watch !== false) });
  await jit.flush();
  // The client is gone: exit now rather than finish background verification for nobody.
  process.exit(0);
}

/** Listens until SIGINT/SIGTERM; says where on stderr (tests and scripts read the URL there). */
async function serveOverHttp(readiness: Readiness, jit: JitRuntime, profiles: ProfileSettings, adaptive: Adaptive, opts: ServeCommandOptions): Promise<never> {
  const token = opts.token ?? process.env.SKVM_TOKEN;
  try {
    void sweepLeftRuns();
    const handle = await serveHttp(readiness, { host: opts.host, port: opts.port, token, maxSessions: opts.maxSessions, maxSkillTools: opts.maxSkillTools, jit, profiles, adaptive, listTtlMs: listTtlMs(opts.watch !== false) });
    const names = readiness.catalog.names;
    process.stderr.write(
      `skvm-mcp is serving ${names.length} skill(s) over HTTP: ${handle.url}/mcp (Streamable HTTP), ${handle.url}/sse (legacy SSE), ${handle.url}/healthz${token ? "; bearer token required" : ""}\n`,
    );
    exitOnSignals(() => handle.close());
    return await new Promise<never>(() => undefined);
  } catch (err) {
    const why = err instanceof HttpConfigError ? err.message : `cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`;
    process.stderr.write(`skvm: ${why}\n`);
    process.exit(2);
  }
}

/**
 * The profile mapping from the config file and the --profile flag. A bad config file or a
 * --profile that names no stored profile stops the server with the reason: the user asked for
 * something specific, and serving without it would hide the mistake.
 */
async function profileSettings(flag: string | undefined): Promise<ProfileSettings> {
  try {
    const config = resolveModelConfig();
    // The store is read only when something can name a profile: most starts have nothing to look up.
    const { models, clients, default: fallback } = config.profiles;
    const named = flag !== undefined || fallback !== undefined || Object.keys({ ...models, ...clients }).length > 0;
    const { lookup, levels } = named ? await storedProfiles() : { lookup: () => undefined, levels: () => undefined };
    if (flag !== undefined && !lookup(flag)) {
      throw new ModelError("MODEL_CONFIG_INVALID", `--profile ${flag}: no such profile (stored under $SKVM_HOME/profiles, or bundled)`, "ids are <harness>/<model>; `skvm profile list` shows them");
    }
    return { ...(flag !== undefined ? { flag } : {}), mapping: config.profiles, lookup, levels, samplingTimeoutMs: config.timeoutMs.value };
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    process.stderr.write(`skvm: ${err.message}\n`);
    process.exit(2);
  }
}

/**
 * The configured model (config file or SKVM_PROVIDER/SKVM_MODEL), opened on first use, proposes
 * edits for failures no rule explains; none configured, nothing is proposed. Sampling is left
 * out: a proposal is drafted in the background, outside any client's request.
 */
function proposalProvider(): (() => Promise<MeteredProvider>) | undefined {
  const config = resolveModelConfig();
  if (!config.model.value || config.provider.value === "sampling") return undefined;
  // Loaded on first use: the providers' modules stay off the start path.
  return async () => (await import("../model/create-provider.js")).createProvider(config);
}

/** Run folders of servers that were killed outright (SIGKILL) go when the next one starts. */
async function sweepLeftRuns(): Promise<void> {
  const removed = await sweepOrphanRunDirs();
  if (removed) log.info({ removed }, "removed run folders left by servers that were killed");
}

/** A stdio server in a terminal looks dead; say what is served and how to connect. */
function banner(catalog: Catalog, roots: SkillRoots): string {
  const [command, ...args] = commandArgv(["serve"], roots);
  const entry = JSON.stringify({ mcpServers: { skvm: { command, args } } });
  return [
    "",
    `skvm-mcp is serving ${catalog.names.length} skill(s) over stdio: ${catalog.names.join(", ") || "(none)"}`,
    `  skills:   ${roots.skills.join(", ") || "(none found; see `skvm where`)"}${roots.discovered ? " (found in the standard places)" : ""}`,
    `  compiled: ${roots.compiled}`,
    "It speaks MCP JSON-RPC on stdin/stdout and waits for a client; it is not interactive.",
    "Connect a client instead of typing here, e.g.:",
    `  claude mcp add skvm -- ${commandFor(["serve"], roots)}`,
    `  Claude Desktop / Cursor config: ${entry}`,
    `  (or print one: ${commandFor(["config", "claude-desktop"], roots)})`,
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

import { resolve } from "node:path";
import { log } from "../log.js";
import { EnvChecker } from "../env/index.js";
import { HttpConfigError, JitRuntime, jitStatePath, openCatalog, serveHttp, serveStdio, describeProblem, Readiness, type Catalog } from "../server/index.js";
import { ModelError, resolveModelConfig } from "../model/index.js";
import type { ProfileSettings } from "../server/index.js";
import { defaultCompiledDir, missingSkillsRoot } from "./paths.js";
import { storedProfileLookup } from "./profile-lookup.js";

export interface ServeCommandOptions {
  skills: string;
  compiled?: string;
  force?: boolean;
  maxSkillTools: number;
  http?: boolean;
  host: string;
  port: number;
  token?: string;
  solidifyAfter: number;
  /** A capability profile id, over the config file's mapping. */
  profile?: string;
}

/** `skvm serve`: compile what is stale, serve over stdio, and exit when the client goes away. */
export async function serveCommand(opts: ServeCommandOptions): Promise<never> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) {
    process.stderr.write(`skvm: ${missing}\n`);
    process.exit(2);
  }
  const profiles = profileSettings(opts.profile);
  const compiledRoot = opts.compiled ?? defaultCompiledDir(opts.skills);
  const started = performance.now();
  const catalog = await openCatalog({ skillsRoot: opts.skills, compiledRoot, force: opts.force });
  if (process.stdin.isTTY) process.stderr.write(banner(catalog, opts.skills, resolve(compiledRoot), opts.compiled !== undefined));
  void catalog.whenVerified.then(() => {
    const ms = Math.round(performance.now() - started);
    log.info({ skills: catalog.names.length, recompiled: catalog.compiledCount, failed: catalog.problems.length, ms }, "catalog verified");
    for (const problem of catalog.problems) log.warn(`skill not served: ${describeProblem(problem)}`);
  });
  const readiness = new Readiness(catalog, new EnvChecker());
  const jit = await JitRuntime.open(catalog, { statePath: jitStatePath(compiledRoot), policy: { promoteAfter: opts.solidifyAfter } });
  if (opts.http) return serveOverHttp(readiness, jit, profiles, opts);
  await serveStdio(readiness, { maxSkillTools: opts.maxSkillTools, jit, profiles });
  await jit.flush();
  // The client is gone: exit now rather than finish background verification for nobody.
  process.exit(0);
}

/** Listens until SIGINT/SIGTERM; says where on stderr (tests and scripts read the URL there). */
async function serveOverHttp(readiness: Readiness, jit: JitRuntime, profiles: ProfileSettings, opts: ServeCommandOptions): Promise<never> {
  const token = opts.token ?? process.env.SKVM_TOKEN;
  try {
    const handle = await serveHttp(readiness, { host: opts.host, port: opts.port, token, maxSkillTools: opts.maxSkillTools, jit, profiles });
    const names = readiness.catalog.names;
    process.stderr.write(
      `skvm-mcp is serving ${names.length} skill(s) over HTTP: ${handle.url}/mcp (Streamable HTTP), ${handle.url}/sse (legacy SSE), ${handle.url}/healthz${token ? "; bearer token required" : ""}\n`,
    );
    const stop = () => void handle.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
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
function profileSettings(flag: string | undefined): ProfileSettings {
  const lookup = storedProfileLookup();
  try {
    const config = resolveModelConfig();
    if (flag !== undefined && !lookup(flag)) {
      throw new ModelError("MODEL_CONFIG_INVALID", `--profile ${flag}: no such profile under $SKVM_HOME/profiles`, "ids are <harness>/<model>; `skvm profile list` shows the stored ones");
    }
    return { ...(flag !== undefined ? { flag } : {}), mapping: config.profiles, lookup, samplingTimeoutMs: config.timeoutMs.value };
  } catch (err) {
    if (!(err instanceof ModelError)) throw err;
    process.stderr.write(`skvm: ${err.message}\n`);
    process.exit(2);
  }
}

/** A stdio server in a terminal looks dead; say what is served and how to connect. */
function banner(catalog: Catalog, skills: string, compiled: string, explicitCompiled: boolean): string {
  const command = ["node", process.argv[1] ?? "skvm", "serve", "--skills", resolve(skills), ...(explicitCompiled ? ["--compiled", compiled] : [])];
  const entry = JSON.stringify({ mcpServers: { skvm: { command: command[0], args: command.slice(1) } } });
  return [
    "",
    `skvm-mcp is serving ${catalog.names.length} skill(s) over stdio: ${catalog.names.join(", ") || "(none)"}`,
    `  skills:   ${resolve(skills)}`,
    `  compiled: ${compiled}`,
    "It speaks MCP JSON-RPC on stdin/stdout and waits for a client; it is not interactive.",
    "Connect a client instead of typing here, e.g.:",
    `  claude mcp add skvm -- ${command.join(" ")}`,
    `  Claude Desktop / Cursor config: ${entry}`,
    `  npx @modelcontextprotocol/inspector --cli ${command.join(" ")} --method tools/list`,
    "Press Ctrl-C to stop.",
    "",
  ].join("\n");
}

import { resolve } from "node:path";
import { log } from "../log.js";
import { EnvChecker } from "../env/index.js";
import { openCatalog, serveStdio, describeProblem, Readiness, type Catalog } from "../server/index.js";
import { defaultCompiledDir, missingSkillsRoot } from "./paths.js";

export interface ServeCommandOptions {
  skills: string;
  compiled?: string;
  force?: boolean;
  maxSkillTools: number;
}

/** `skvm serve`: compile what is stale, serve over stdio, and exit when the client goes away. */
export async function serveCommand(opts: ServeCommandOptions): Promise<never> {
  const missing = missingSkillsRoot(opts.skills);
  if (missing) {
    process.stderr.write(`skvm: ${missing}\n`);
    process.exit(2);
  }
  const compiledRoot = opts.compiled ?? defaultCompiledDir(opts.skills);
  const started = performance.now();
  const catalog = await openCatalog({ skillsRoot: opts.skills, compiledRoot, force: opts.force });
  if (process.stdin.isTTY) process.stderr.write(banner(catalog, opts.skills, resolve(compiledRoot), opts.compiled !== undefined));
  void catalog.whenVerified.then(() => {
    const ms = Math.round(performance.now() - started);
    log.info({ skills: catalog.names.length, recompiled: catalog.compiledCount, failed: catalog.problems.length, ms }, "catalog verified");
    for (const problem of catalog.problems) log.warn(`skill not served: ${describeProblem(problem)}`);
  });
  await serveStdio(new Readiness(catalog, new EnvChecker()), { maxSkillTools: opts.maxSkillTools });
  // The client is gone: exit now rather than finish background verification for nobody.
  process.exit(0);
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

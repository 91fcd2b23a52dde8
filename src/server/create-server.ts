import { McpServer, type ProtocolEra } from "@modelcontextprotocol/server";
import { VERSION } from "../version.js";
import { registerCatalogTools } from "./catalog-tools.js";
import { serverInstructions } from "./instructions.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { registerRunScriptTool } from "./run-script-tool.js";
import { registerRunWorkflowTool } from "./run-workflow-tool.js";
import { registerSkillsExtension, SKILLS_EXTENSION } from "./skills-extension.js";
import { registerSkillsDirectory } from "./skills-directory.js";
import { registerEnvSetupTool } from "./env-setup-tool.js";
import type { Readiness } from "./readiness.js";
import type { JitRuntime } from "./jit-runtime.js";
import { registerRunCodeTool } from "./run-code-tool.js";
import { registerTemplateTools } from "./template-tools.js";
import { coalesceListChanged, type ListChangedSink } from "./list-changed.js";
import { CONSENT_TIMEOUT_MS } from "./install-consent.js";
import { listCacheHints } from "./protocol/cache-hints.js";
import { instructionsOnHandshake } from "./initialize-hook.js";
import { SessionProfile, type ProfileSettings } from "./session-profile.js";
import { registerTasks } from "./tasks/index.js";

export interface ServerOptions {
  /** One tool per skill only while the catalog has at most this many skills (default 32). */
  maxSkillTools?: number;
  /** JIT state shared by every session (templates, solidification, result cache). */
  jit: JitRuntime;
  /** How each session's capability profile is chosen; none when absent. */
  profiles?: ProfileSettings;
  /**
   * How long a 2026-07-28 client may keep a list (tools, prompts, resources) before asking
   * again; long while nothing watches the skills, short when a watcher can change them.
   */
  listTtlMs?: number;
}

/** Which protocol an instance serves, and where its list changes go. */
export interface ServerRole {
  /** One instance serves one era: a 2025-era session, or 2026-07-28 requests. */
  era: ProtocolEra;
  /** Instead of the instance's own connection (the default). */
  listChanged?: ListChangedSink;
}

export const DEFAULT_MAX_SKILL_TOOLS = 32;

/**
 * One MCP server over a compiled catalog and its environment readiness. Cheap to create: HTTP
 * sessions each get their own, all sharing both. Its prompts and tools follow them when they change.
 */
export function createSkvmServer(readiness: Readiness, opts: ServerOptions, role: ServerRole = { era: "legacy" }): McpServer {
  const { catalog } = readiness;
  const maxSkillTools = opts.maxSkillTools ?? DEFAULT_MAX_SKILL_TOOLS;
  const server = new McpServer(
    { name: "skvm-mcp", title: "skvm-mcp: compiled agent skills", version: VERSION },
    {
      capabilities: {
        logging: {},
        tools: { listChanged: true },
        prompts: { listChanged: true },
        resources: { listChanged: true },
        extensions: { [SKILLS_EXTENSION]: { directoryRead: true } },
      },
      cacheHints: listCacheHints(opts.listTtlMs),
      // The env_setup confirmation waits for a person, as long as it did when it was an elicitation.
      inputRequired: { roundTimeoutMs: CONSENT_TIMEOUT_MS },
    },
  );
  coalesceListChanged(server, role.listChanged);
  const profile = new SessionProfile(server, opts.profiles);
  // Instructions name the session's profile, which may depend on the client's name.
  instructionsOnHandshake(server, () => serverInstructions(catalog, catalog.names.length <= maxSkillTools, profile.instructionsLine()));
  const unsubscribe = [registerCatalogTools(server, readiness, { maxSkillTools, profile }), registerPrompts(server, catalog)];
  registerRunScriptTool(server, readiness);
  registerRunCodeTool(server, readiness, opts.jit);
  unsubscribe.push(registerTemplateTools(server, readiness, opts.jit));
  registerRunWorkflowTool(server, readiness);
  registerEnvSetupTool(server, readiness);
  registerResources(server, catalog);
  registerSkillsExtension(server, catalog, opts.listTtlMs);
  registerSkillsDirectory(server, catalog);
  // After every tool: the task decision sits in front of all of them.
  registerTasks(server, role.era);
  // Resources are listed from the catalog on each request; tell clients when it changed.
  unsubscribe.push(catalog.onChange(() => server.sendResourceListChanged()));
  server.server.onclose = () => unsubscribe.forEach((stop) => stop());
  return server;
}

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
import { registerFindSkills } from "./find-skills.js";
import type { Readiness } from "./readiness.js";
import type { JitRuntime } from "./jit-runtime.js";
import { registerRunCodeTool } from "./run-code-tool.js";
import { registerTemplateTools } from "./template-tools.js";
import { coalesceListChanged, connectionSink, SILENT, type ListChangedSink } from "./list-changed.js";
import { CONSENT_TIMEOUT_MS } from "./install-consent.js";
import { listCacheHints } from "./protocol/cache-hints.js";
import { instructionsOnHandshake } from "./initialize-hook.js";
import { SessionProfile, type ProfileSettings } from "./session-profile.js";
import type { Adaptive, FailureReporter } from "./adaptive.js";
import { registerProposalsTool } from "./proposals.js";
import { SessionSkills } from "./session-skills.js";
import { logProblems } from "./lifecycle/problem-log.js";
import { registerSubscriptions } from "./lifecycle/subscriptions.js";
import { registerTasks } from "./tasks/index.js";

export interface ServerOptions {
  /** One tool per skill only while the catalog has at most this many skills (default 32). */
  maxSkillTools?: number;
  /** JIT state shared by every session (templates, solidification, result cache). */
  jit: JitRuntime;
  /** How each session's capability profile is chosen; none when absent. */
  profiles?: ProfileSettings;
  /** Failure records and rule-based patches, shared by every session; none recorded when absent. */
  adaptive?: Adaptive;
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
        resources: { listChanged: true, subscribe: true },
        extensions: { [SKILLS_EXTENSION]: { directoryRead: true } },
      },
      cacheHints: listCacheHints(opts.listTtlMs),
      // The env_setup confirmation waits for a person, as long as it did when it was an elicitation.
      inputRequired: { roundTimeoutMs: CONSENT_TIMEOUT_MS },
    },
  );
  const changes = role.listChanged ?? connectionSink(server);
  coalesceListChanged(server, changes);
  const profile = new SessionProfile(server, opts.profiles);
  // Instructions name the session's profile, which may depend on the client's name.
  instructionsOnHandshake(server, () => serverInstructions(catalog, catalog.names.length <= maxSkillTools, profile.instructionsLine()), () => profile.changed());
  const skills = new SessionSkills(catalog, profile);
  const unsubscribe = [registerCatalogTools(server, readiness, { maxSkillTools, profile, skills }), registerPrompts(server, skills)];
  registerFindSkills(server, catalog);
  const reporter: FailureReporter = {
    adaptive: opts.adaptive,
    who: () => {
      const client = server.server.getClientVersion();
      const active = profile.selection().active;
      return { ...(client ? { client: `${client.name}/${client.version}` } : {}), ...(active ? { profile: active.id } : {}) };
    },
  };
  registerRunScriptTool(server, readiness, reporter);
  registerRunCodeTool(server, readiness, opts.jit, reporter);
  unsubscribe.push(registerTemplateTools(server, readiness, opts.jit, reporter));
  registerRunWorkflowTool(server, readiness, reporter);
  registerEnvSetupTool(server, readiness);
  if (opts.adaptive) registerProposalsTool(server, catalog);
  registerResources(server, skills);
  registerSkillsExtension(server, skills, opts.listTtlMs);
  registerSkillsDirectory(server, catalog);
  // After every tool: the task decision sits in front of all of them.
  registerTasks(server, role.era);
  // Resources are listed from the catalog on each request; tell clients when it changed.
  unsubscribe.push(catalog.onChange(() => server.sendResourceListChanged()));
  // A per-request instance of the stateless entry tells nobody: its entry's publisher does.
  if (changes !== SILENT) unsubscribe.push(registerSubscriptions(server, catalog, role.era, changes.updated));
  // Logging a 2026-07-28 client did not ask for has no channel; a 2025-era session hears it.
  if (role.era === "legacy") unsubscribe.push(logProblems(server, catalog));
  server.server.onclose = () => unsubscribe.forEach((stop) => stop());
  return server;
}

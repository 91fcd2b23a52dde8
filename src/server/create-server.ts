import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { VERSION } from "../version.js";
import { registerCatalogTools } from "./catalog-tools.js";
import { serverInstructions } from "./instructions.js";
import { registerPrompts } from "./prompts.js";
import { registerResources } from "./resources.js";
import { registerRunScriptTool } from "./run-script-tool.js";
import { registerRunWorkflowTool } from "./run-workflow-tool.js";
import { registerSkillsExtension, SKILLS_EXTENSION } from "./skills-extension.js";
import { registerEnvSetupTool } from "./env-setup-tool.js";
import { registerFindSkills } from "./find-skills.js";
import type { Readiness } from "./readiness.js";
import type { JitRuntime } from "./jit-runtime.js";
import { registerRunCodeTool } from "./run-code-tool.js";
import { registerTemplateTools } from "./template-tools.js";
import { coalesceListChanged } from "./list-changed.js";
import { instructionsOnInitialize } from "./initialize-hook.js";
import { SessionProfile, type ProfileSettings } from "./session-profile.js";
import type { Adaptive, FailureReporter } from "./adaptive.js";
import { registerProposalsTool } from "./proposals.js";
import { SessionSkills } from "./session-skills.js";
import { logProblems } from "./lifecycle/problem-log.js";
import { registerSubscriptions } from "./lifecycle/subscriptions.js";

export interface ServerOptions {
  /** One tool per skill only while the catalog has at most this many skills (default 32). */
  maxSkillTools?: number;
  /** JIT state shared by every session (templates, solidification, result cache). */
  jit: JitRuntime;
  /** How each session's capability profile is chosen; none when absent. */
  profiles?: ProfileSettings;
  /** Failure records and rule-based patches, shared by every session; none recorded when absent. */
  adaptive?: Adaptive;
}

export const DEFAULT_MAX_SKILL_TOOLS = 32;

/**
 * One MCP server over a compiled catalog and its environment readiness. Cheap to create: HTTP
 * sessions each get their own, all sharing both. Its prompts and tools follow them when they change.
 */
export function createSkvmServer(readiness: Readiness, opts: ServerOptions): McpServer {
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
        extensions: { [SKILLS_EXTENSION]: {} },
      },
    },
  );
  coalesceListChanged(server);
  const profile = new SessionProfile(server, opts.profiles);
  // Instructions name the session's profile, which may depend on the client's name.
  instructionsOnInitialize(server, () => serverInstructions(catalog, catalog.names.length <= maxSkillTools, profile.instructionsLine()), () => profile.changed());
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
  registerSkillsExtension(server, skills);
  // Resources are listed from the catalog on each request; tell clients when it changed.
  unsubscribe.push(catalog.onChange(() => server.sendResourceListChanged()), logProblems(server, catalog), registerSubscriptions(server, catalog));
  server.server.onclose = () => unsubscribe.forEach((stop) => stop());
  return server;
}

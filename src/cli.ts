#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from "commander";
// Commands load on demand: a server start must not pay for the workflow or JIT command code.
const compileCmd = () => import("./cli/compile-command.js");
const whereCmd = () => import("./cli/where-command.js");
const envCmds = () => import("./cli/env-command.js");
const rollbackCmd = () => import("./cli/rollback-command.js");
const serveCmd = () => import("./cli/serve-command.js");
const jitCmds = () => import("./cli/jit-command.js");
const workflowCmds = () => import("./cli/workflow-command.js");
const configCmds = () => import("./cli/config-command.js");
const clientConfigCmds = () => import("./cli/client-config-command.js");
const profileCmds = () => import("./cli/profile-command.js");
const patchesCmds = () => import("./cli/patches-command.js");
const proposalsCmds = () => import("./cli/proposals-command.js");
import { DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SKILL_TOOLS } from "./server/index.js";
import { modelOptions } from "./cli/model-options.js";
import { VERSION } from "./version.js";

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
};
const collect = (value: string, previous: string[]): string[] => [...previous, value];
const SKILLS_HELP = "a skill folder or a folder of skill folders; repeat for several, nearest first (default: the standard places, see `skvm where`)";
const nonNegative = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError("expected a number >= 0");
  return n;
};

const program = new Command("skvm")
  .description("skvm-mcp: compile agent skills ahead of time and serve them to any MCP client")
  .version(VERSION)
  .showHelpAfterError();

modelOptions(program
  .command("compile")
  .description("compile skills into compiled/<name>/ artifacts (skips skills whose source is unchanged)")
  .argument("[dir]", "a skill folder or a folder of skill folders (same as --skills)")
  .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
  .option("-c, --compiled <dir>", "where artifacts go (default: the folder serve, env and match use: ./compiled beside ./skills, else a cache folder)")
  .option("-o, --out <dir>", "the same as --compiled")
  .option("-f, --force", "recompile even when the source is unchanged")
  .option("--json", "print a machine-readable report on stdout")
  .option("--pass <module>", "register a custom compiler pass from a JS module (repeatable)", collect, [])
  .option("--refine", "have the configured model (--provider/--model/--base-url, env, config file) review each skill's requirements; answers cached by skill hash and model")
  .option("--profile <ids>", "also compile a variant for this capability profile, <harness>/<model> (repeatable, or a comma list)", collect, [])
  .option("--rewrite", "with --profile: have the configured model rewrite, under the same guard, what no lowering transform serves"))
  .action(async (dir: string | undefined, opts) => exit(await (await compileCmd()).compileCommand({ ...opts, skills: dir ? [dir, ...opts.skills] : opts.skills })));

program
  .command("where")
  .description("list the skills roots searched, nearest first (the standard places when no --skills is given), what each holds, and what is shadowed")
  .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
  .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder per set of roots)")
  .option("--json", "print a machine-readable report on stdout")
  .action(async (opts) => exit(await (await whereCmd()).whereCommand(opts)));

program
  .command("serve")
  .description("serve compiled skills over MCP (stdio, or HTTP with --http); compiles stale skills first")
  .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
  .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder per set of roots)")
  .option("-f, --force", "recompile every skill at startup")
  .option("--max-skill-tools <n>", "offer one tool per skill while there are at most this many", positiveInt, DEFAULT_MAX_SKILL_TOOLS)
  .option("--http", "serve Streamable HTTP (/mcp) and legacy SSE (/sse) instead of stdio")
  .option("--host <host>", "HTTP: address to bind (a non-loopback one needs a token)", "127.0.0.1")
  .option("--port <n>", "HTTP: port (0 picks a free one)", positiveInt, 3333)
  .option("--token <token>", "HTTP: bearer token clients must send (or SKVM_TOKEN)")
  .option("--max-sessions <n>", "HTTP: sessions kept at once; at the cap the least recently used idle one is closed, else 503 (or SKVM_MAX_SESSIONS)", positiveInt, Number(process.env.SKVM_MAX_SESSIONS) || DEFAULT_MAX_SESSIONS)
  .option("--profile <id>", "the capability profile to serve for, <harness>/<model> (default: the config file's profiles mapping)")
  .option("--solidify-after <n>", "exact template matches in a row that solidify a template", positiveInt, Number(process.env.SKVM_SOLIDIFY_AFTER) || 3)
  .option("--no-watch", "do not follow edits of the skills while serving (by default a saved change is recompiled and served at once)")
  .action(async (opts) => (await serveCmd()).serveCommand(opts));

const envCmd = program.command("env").description("check or install what compiled skills need from their environment");

envCmd
  .command("check")
  .description("run each skill's env/verify.sh (fresh, no cache) and show what is missing; exit 1 if any skill is not ready")
  .argument("[skill...]", "skills to check (default: all)")
  .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
  .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder per set of roots)")
  .option("--json", "print a machine-readable report on stdout")
  .action(async (names: string[], opts) => exit(await (await envCmds()).envCheckCommand(names, opts)));

envCmd
  .command("install")
  .description("run a skill's env/install.sh (per-skill venv and npm prefix, system packages when allowed), then check again")
  .argument("<skill>", "the skill to install for")
  .option("-n, --dry-run", "only print what would be installed")
  .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
  .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder per set of roots)")
  .option("--json", "print a machine-readable report on stdout")
  .action(async (name: string, opts) => exit(await (await envCmds()).envInstallCommand(name, opts)));

const catalogOptions = (cmd: Command): Command =>
  cmd
    .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
    .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder per set of roots)")
    .option("--json", "print a machine-readable report on stdout");

catalogOptions(
  program
    .command("match")
    .description("match code (stdin or --file) against a skill's templates: prints {matched, template, score, params} and why it differs; exit 1 when nothing matched")
    .requiredOption("--skill <name>", "the skill whose templates to match")
    .option("--lang <lang>", "python, bash or javascript (default: try each)")
    .option("--file <path>", "read the code from a file instead of stdin"),
).action(async (opts) => exit(await (await jitCmds()).matchCommand(opts)));

catalogOptions(
  program
    .command("run")
    .description("run a template's canonical program with parameters (exit code is the program's)")
    .argument("<skill>", "the skill")
    .argument("<template>", "the template id (see `skvm stats` or the manifest)")
    .option("-a, --arg <name=value>", "a parameter value (repeatable)", collect, [])
    .option("--cwd <dir>", "working directory for the program", "."),
).action(async (skill: string, template: string, opts) => exit(await (await jitCmds()).runCommand(skill, template, opts)));

catalogOptions(
  program.command("stats").description("per template: matches, misses, promotions, served runs, failures and estimated tokens saved"),
).action(async (opts) => exit(await (await jitCmds()).statsCommand(opts)));
// A command group: `list` (the default, so `skvm patches [SKILL]` works) and `revert`.
const patchesCmd = program.command("patches").description("adaptive patches of compiled skills (fixes made from failed runs), with their evidence; `patches revert` undoes them");
catalogOptions(
  patchesCmd
    .command("list", { isDefault: true })
    .description("each skill's patches: kind, status (applied, or moot once the source does it), what it does and the failure that caused it")
    .argument("[skill]", "only this skill's patches"),
).action(async (name: string | undefined, opts) => exit(await (await patchesCmds()).patchesListCommand(name, opts)));
catalogOptions(
  patchesCmd
    .command("revert")
    .description("drop a skill's patches (all, or the ids given) and recompile it from its source")
    .argument("<skill>", "the skill")
    .argument("[id...]", "patch ids from `skvm patches` (default: all of the skill's)"),
).action(async (name: string, ids: string[], opts) => exit(await (await patchesCmds()).patchesRevertCommand(name, ids, opts)));

const proposalsCmd = program.command("proposals").description("edits of compiled SKILL.md files a model proposed for failures no rule explains; never applied until accepted");
catalogOptions(proposalsCmd.command("list", { isDefault: true }).description("every proposal: skill, status (pending, accepted, rejected, refused), failure class, why").argument("[skill]", "only this skill's")).action(
  async (name: string | undefined, opts) => exit(await (await proposalsCmds()).proposalsListCommand(name, opts)),
);
catalogOptions(proposalsCmd.command("show").description("a proposal's rationale and the lines it adds and removes (--json: the whole text)").argument("<id>", "a proposal id")).action(
  async (id: string, opts) => exit(await (await proposalsCmds()).proposalsShowCommand(id, opts)),
);
for (const decision of ["accept", "reject"] as const) {
  catalogOptions(proposalsCmd.command(decision).description(decision === "accept" ? "apply a pending proposal to the compiled skill (as a patch; the guard is checked again)" : "decline a pending proposal").argument("<id>", "a proposal id")).action(
    async (id: string, opts) => exit(await (await proposalsCmds()).proposalsDecideCommand(decision, id, opts)),
  );
}

program
  .command("workflow")
  .description("run a skill's workflow DAG, independent steps at once; live progress on stderr; exit 1 if a step failed")
  .argument("<skill>", "the skill whose workflow to run")
  .option("-i, --input <name=value>", "a workflow input (repeat a name to give a list)", collect, [])
  .addOption(new Option("--policy <policy>", "after a failure: continue independent steps, or cancel the rest").choices(["continue", "cancel"]).default("continue"))
  .option("--cwd <dir>", "working directory for the steps", ".")
  .option("--concurrency <n>", "cap on steps at once (default: from CPU/memory pressure now, at least 4; see the report)", positiveInt)
  .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
  .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder per set of roots)")
  .option("--json", "print the run report as JSON on stdout")
  .action(async (name: string, opts) => exit(await (await workflowCmds()).workflowCommand(name, opts)));

catalogOptions(
  program
    .command("rollback")
    .description("restore a previous compiled version of a skill (the last 3 are kept beside the artifact); --list shows them")
    .argument("<skill>", "the skill to roll back")
    .option("--to <n>", "the version to restore (default: the newest kept)", positiveInt)
    .option("-l, --list", "only list the versions kept"),
).action(async (skill: string, opts) => exit(await (await rollbackCmd()).rollbackCommand(skill, opts)));

program
  .command("inspect")
  .description("print a skill's workflow DAG as text and as a Mermaid flowchart")
  .argument("<skill>", "the skill to inspect")
  .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
  .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder per set of roots)")
  .option("--json", "print the workflow, its text and its Mermaid as JSON")
  .action(async (name: string, opts) => exit(await (await workflowCmds()).inspectCommand(name, opts)));

program
  .command("explain")
  .description("what a skill demands of a model, where a capability profile falls short, and how the compiled variant lowers it")
  .argument("<skill>", "the skill to explain")
  .requiredOption("--profile <id>", "the capability profile, <harness>/<model> (see skvm profile list)")
  .option("-s, --skills <dir>", "a skill folder or a folder of skill folders", "skills")
  .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder)")
  .option("--diff", "show the variant against the base SKILL.md as a unified diff")
  .option("--json", "print the requirements, levels, gaps, edits and guard verdict as JSON")
  .action(async (name: string, opts) => exit(await (await import("./cli/explain-command.js")).explainCommand(name, opts)));

// A command group: `show` (the default) prints the model settings; the others print client configuration.
const configCmd = program.command("config").description("model settings in effect, and the configuration an MCP client needs to start this server");
modelOptions(
  configCmd
    .command("show", { isDefault: true })
    .description("print the model settings in effect and where each came from (flag, env, config file, default); API keys masked")
    .option("--json", "print them as JSON"),
).action(async (opts) => exit((await configCmds()).configShowCommand(opts)));

configCmd
  .command("claude-desktop")
  .description("print the claude_desktop_config.json entry for this install (absolute paths)")
  .option("-s, --skills <dir>", SKILLS_HELP, collect, [])
  .option("-c, --compiled <dir>", "compiled artifacts (default: ./compiled beside ./skills, else a cache folder per set of roots)")
  .option("--json", "print only the JSON entry")
  .action(async (opts) => exit((await clientConfigCmds()).claudeDesktopConfigCommand(opts)));

const profileCmd = program
  .command("profile")
  .description("measure a model's primitive capabilities (26 primitives, L0-L3) or list, show, diff and import profiles");

profileCmd
  .command("run", { isDefault: true })
  .description("profile a model: seeded probes per primitive and level, graded by running what it writes; the default subcommand")
  .option("--provider <kind>", "model provider: openai, openrouter, ollama, vllm, llamacpp, lmstudio, anthropic, replay, or scripted (with --script); or SKVM_PROVIDER")
  .option("--model <name>", "model name (passed to the provider)")
  .option("--base-url <url>", "API base URL (passed to the provider)")
  .option("--script <file>", "scripted provider: the JSON/YAML file of answers")
  .option("--harness <name>", "the harness the profile is for (our probe loop is a bare agent)", "bare-agent")
  .option("--primitives <globs>", "comma-separated primitive ids or globs, e.g. gen.*,tool.exec (default: all)")
  .option("--instances <n>", "instances per level; a level passes when all pass", positiveInt, 3)
  .option("--seed <n>", "probe seed: the same seed gives the same instances", positiveInt, 1)
  .option("--concurrency <n>", "instances run at once", positiveInt, 4)
  .option("--resume", "skip instances an interrupted run of the same model and harness already finished")
  .option("--early-stop", "stop a primitive at its first failed level (fewer calls; inversions go unseen)")
  .option("--max-steps <n>", "model turns per tool-using instance", positiveInt, 12)
  .option("--max-tokens <n>", "max output tokens per model call", positiveInt, 4096)
  .option("--price-input <usd>", "USD per million input tokens, for the cost shown", nonNegative)
  .option("--price-output <usd>", "USD per million output tokens", nonNegative)
  .option("--json", "print the run summary and the profile as JSON on stdout")
  .action(async (opts) => exit(await (await profileCmds()).profileRunCommand(opts)));

profileCmd
  .command("list")
  .description("stored profiles (measured, imported) and the bundled SkVM ones")
  .option("--json", "machine-readable")
  .action(async (opts) => exit(await (await profileCmds()).profileListCommand(opts)));

profileCmd
  .command("show")
  .description("a profile's level per primitive, pass counts per level, missing primitives and inversions")
  .argument("<id>", "a profile id from `skvm profile list` (or id/v_<time>, or a file path)")
  .option("--json", "machine-readable")
  .action(async (id: string, opts) => exit(await (await profileCmds()).profileShowCommand(id, opts)));

profileCmd
  .command("diff")
  .description("compare two profiles primitive by primitive")
  .argument("<a>", "profile id or file")
  .argument("<b>", "profile id or file")
  .option("--json", "machine-readable")
  .action(async (a: string, b: string, opts) => exit(await (await profileCmds()).profileDiffCommand(a, b, opts)));

profileCmd
  .command("import")
  .description("import SkVM profile JSON (a file or a folder of them) into the local store, unknown fields kept")
  .argument("<path>", "a profile file or a folder")
  .option("--json", "machine-readable")
  .action(async (path: string, opts) => exit(await (await profileCmds()).profileImportCommand(path, opts)));

function exit(code: number): void {
  process.exitCode = code;
}

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`skvm: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});

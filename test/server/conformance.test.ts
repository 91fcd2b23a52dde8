import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../helpers/server.js";

/**
 * Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server mode, every
 * scenario) against `skvm serve --http`. The suite needs Node 22, which the `node` devDependency
 * provides; the project itself (and this test) may run on Node 20.
 *
 * Scenarios that apply to any MCP server must pass. The others exercise fixtures of the suite's
 * reference server (test_* tools and prompts, test:// resources, sampling, elicitation) and are
 * listed with a reason in test/conformance-baseline.json; a scenario that fails without being
 * listed, or a listed one that passes, fails this test so the baseline stays honest.
 */

const SKILLS = resolve("skills");
const NODE22 = resolve("node_modules/node/bin/node");
const CONFORMANCE = resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
const BASELINE = resolve("test/conformance-baseline.json");

/** Scenarios that test behaviour every MCP server over Streamable HTTP must have. */
const APPLICABLE = [
  "server-initialize",
  "ping",
  "tools-list",
  "logging-set-level",
  "dns-rebinding-protection",
  "server-sse-multiple-streams",
  "prompts-list",
  "resources-list",
];

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | string;
  description?: string;
  errorMessage?: string;
}

interface Baseline {
  expectedFailures: Record<string, string>;
}

function run(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(NODE22, [CONFORMANCE, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`conformance ${args.join(" ")} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** Same rule as the suite's own --expected-failures: a FAILURE or a WARNING check fails the scenario. */
const failed = (checks: Check[]) => checks.some((c) => c.status === "FAILURE" || c.status === "WARNING");
const problems = (checks: Check[]) =>
  checks
    .filter((c) => c.status === "FAILURE" || c.status === "WARNING")
    .map((c) => `${c.status} ${c.id}: ${c.errorMessage ?? c.description ?? ""}`)
    .join("; ");

// Both come from devDependencies (`npm ci`): a missing one is a broken install, so it fails rather than skips.
describe("MCP conformance suite against skvm serve --http", () => {
  it("has Node 22 and the suite installed", () => {
    expect(existsSync(NODE22), NODE22).toBe(true);
    expect(existsSync(CONFORMANCE), CONFORMANCE).toBe(true);
  });

  let tmp: string;
  let server: Awaited<ReturnType<typeof startHttp>>;
  let listed: string[];
  const results = new Map<string, Check[]>();
  let baseline: Baseline;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-conformance-"));
    baseline = JSON.parse(await readFile(BASELINE, "utf8")) as Baseline;
    server = await startHttp(["--skills", SKILLS, "--compiled", join(tmp, "compiled")]);

    const list = await run(["list", "--server"], 30_000);
    listed = [...list.stdout.matchAll(/^\s*-\s+(\S+)/gm)].map((m) => m[1]!);

    const out = join(tmp, "results");
    const suite = await run(["server", "--url", `${server.url}/mcp`, "--suite", "all", "--output-dir", out], 75_000);
    // The suite exits 1 whenever any scenario fails; the verdict is ours, from checks.json.
    if (suite.code !== 0 && suite.code !== 1) throw new Error(`conformance exited ${suite.code}\n${suite.stdout}\n${suite.stderr}`);
    // One folder per scenario: server-<scenario>-<ISO timestamp with '-' for ':' and '.'>.
    for (const dir of await readdir(out)) {
      const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(dir);
      if (!m) continue;
      results.set(m[1]!, JSON.parse(await readFile(join(out, dir, "checks.json"), "utf8")) as Check[]);
    }
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it("ran every server scenario the suite knows", () => {
    expect(listed.length).toBeGreaterThan(0);
    expect([...results.keys()].sort()).toEqual([...listed].sort());
  });

  it.each(APPLICABLE)("passes %s", (scenario) => {
    const checks = results.get(scenario);
    expect(checks, `no results for ${scenario}`).toBeDefined();
    expect(checks!.some((c) => c.status === "SUCCESS")).toBe(true);
    expect(problems(checks!), scenario).toBe("");
  });

  it("fails only scenarios listed in test/conformance-baseline.json", () => {
    const unexpected = [...results].filter(([s, checks]) => failed(checks) && !(s in baseline.expectedFailures)).map(([s, checks]) => `${s}: ${problems(checks)}`);
    expect(unexpected).toEqual([]);
  });

  it("has no stale or misplaced baseline entries", () => {
    const entries = Object.keys(baseline.expectedFailures);
    expect(entries.filter((s) => APPLICABLE.includes(s)), "applicable scenarios must not be baselined").toEqual([]);
    expect(entries.filter((s) => !results.has(s)), "baseline names a scenario the suite did not run").toEqual([]);
    expect(entries.filter((s) => !failed(results.get(s) ?? [])), "now passing: remove from baseline").toEqual([]);
    for (const s of entries) expect(baseline.expectedFailures[s]!.length, `reason for ${s}`).toBeGreaterThan(10);
  });
});

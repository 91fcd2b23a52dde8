import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttp } from "../helpers/server.js";

/**
 * Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server mode)
 * against `skvm serve --http`, once per protocol revision with `--requirements <revision>` (exactly
 * the scenarios that revision requires, frozen at its release, each run at that revision's wire),
 * plus the SEP-2640 skills scenarios, which are extension scenarios outside every requirement set
 * and probe whatever skills a server serves. The suite needs Node 22, which the `node`
 * devDependency provides; the project itself (and this test) may run on Node 20.
 *
 * Every scenario must pass except those listed per revision in test/conformance-baseline.json,
 * each with its reason (they call the suite's own fixture tools, prompts and resources, or a
 * feature we do not offer); a scenario that fails without being listed, or a listed one that
 * passes, fails this test so the baseline stays honest.
 */

const SKILLS = resolve("skills");
const NODE22 = resolve("node_modules/node/bin/node");
const CONFORMANCE = resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
const BASELINE = resolve("test/conformance-baseline.json");
const REVISIONS = ["2025-11-25", "2026-07-28"] as const;
type Revision = (typeof REVISIONS)[number];
/** Extension scenarios run at each revision's wire (`--force`: no requirement set names them). */
const SKILLS_EXTENSION = ["sep-2640-skills-enumeration", "sep-2640-skills-manifest", "sep-2640-skills-directory"];

interface Check {
  id: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | "SKIPPED" | string;
  description?: string;
  errorMessage?: string;
}

interface Baseline {
  expectedFailures: Record<Revision, Record<string, string>>;
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

/** The server scenarios `conformance list --requirements <revision>` names (scored ones only). */
async function required(revision: Revision): Promise<string[]> {
  const { stdout } = await run(["list", "--requirements", revision], 30_000);
  const server = /^Server scenarios[^\n]*\n((?:\s+- \S+\n)+)/m.exec(stdout);
  return [...(server?.[1] ?? "").matchAll(/- (\S+)/g)].map((m) => m[1]!);
}

/** Each scenario's checks from an output folder: one folder per scenario, server-<scenario>-<ISO time>. */
async function collect(out: string, into: Map<string, Check[]>): Promise<void> {
  for (const dir of await readdir(out)) {
    const m = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/.exec(dir);
    if (m) into.set(m[1]!, JSON.parse(await readFile(join(out, dir, "checks.json"), "utf8")) as Check[]);
  }
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
  let baseline: Baseline;
  const requiredOf = new Map<Revision, string[]>();
  const results = new Map<Revision, Map<string, Check[]>>();

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "skvm-conformance-"));
    baseline = JSON.parse(await readFile(BASELINE, "utf8")) as Baseline;
    server = await startHttp(["--skills", SKILLS, "--compiled", join(tmp, "compiled")], { SKVM_HOME: join(tmp, "home") });
    const url = `${server.url}/mcp`;
    // The two revisions at once: the server keeps their sessions and requests apart, and the run takes half as long.
    await Promise.all(
      REVISIONS.map(async (revision) => {
        const out = join(tmp, revision);
        requiredOf.set(revision, await required(revision));
        const suite = await run(["server", "--url", url, "--requirements", revision, "--output-dir", out], 150_000);
        // The suite exits 1 whenever a scored scenario fails; the verdict is ours, from checks.json.
        if (suite.code !== 0 && suite.code !== 1) throw new Error(`conformance ${revision} exited ${suite.code}\n${suite.stdout}\n${suite.stderr}`);
        for (const scenario of SKILLS_EXTENSION) {
          await run(["server", "--url", url, "--scenario", scenario, "--spec-version", revision, "--force", "--output-dir", out], 60_000);
        }
        const checks = new Map<string, Check[]>();
        await collect(out, checks);
        results.set(revision, checks);
      }),
    );
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  describe.each(REVISIONS)("--requirements %s", (revision) => {
    const expected = () => baseline.expectedFailures[revision];
    const checksOf = () => results.get(revision)!;

    it("ran every server scenario the revision requires, and the skills extension's", () => {
      expect(requiredOf.get(revision)!.length).toBeGreaterThan(0);
      expect([...checksOf().keys()]).toEqual(expect.arrayContaining([...requiredOf.get(revision)!, ...SKILLS_EXTENSION]));
      const failing = [...checksOf().values()].filter(failed).length;
      console.log(`conformance ${revision}: ${checksOf().size} scenarios run (${requiredOf.get(revision)!.length} required), ${checksOf().size - failing} pass, ${failing} fail`);
    });

    it("passes the skills extension scenarios (SEP-2640), judged on the skills we serve", () => {
      for (const scenario of SKILLS_EXTENSION) {
        const checks = checksOf().get(scenario)!;
        expect(checks.some((c) => c.status === "SUCCESS"), scenario).toBe(true);
        expect(problems(checks), scenario).toBe("");
      }
    });

    it("fails only scenarios listed in test/conformance-baseline.json", () => {
      const unexpected = [...checksOf()].filter(([s, checks]) => failed(checks) && !(s in expected())).map(([s, checks]) => `${s}: ${problems(checks)}`);
      expect(unexpected).toEqual([]);
    });

    it("has no stale baseline entries, and a reason for each", () => {
      const entries = Object.keys(expected());
      expect(entries.filter((s) => !checksOf().has(s)), "baseline names a scenario the suite did not run").toEqual([]);
      expect(entries.filter((s) => !failed(checksOf().get(s) ?? [])), "now passing: remove from baseline").toEqual([]);
      for (const s of entries) expect(expected()[s]!.length, `reason for ${s}`).toBeGreaterThan(10);
    });
  });
});

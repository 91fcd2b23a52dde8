import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCompileCache } from "../../src/compiler/compile-cache.js";
import { CLI, connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";
import { MARKDOWN_BOMBS, unlock, writeFileSystemTraps, writeGoodSkills, writeImpostor, writeMarkdownBombs } from "./hostile-skills.js";

interface Diag {
  code: string;
  severity: string;
  message: string;
  file?: string;
}
interface CompileJson {
  results: { name: string; source: string; status: string; diagnostics: Diag[] }[];
  diagnostics: Diag[];
}
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the whole process (threads included), in MiB. */
  maxRssMb: number;
}

/** Runs the built `skvm` and reports its peak RSS, read by the child itself as it exits. */
function skvmMeasured(args: string[], env: Record<string, string>): Promise<Run> {
  const wrapper = [
    `process.on("exit", () => process.stderr.write("\\nMAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"));`,
    // Under -e, commander takes the arguments from process.argv[1] on, as given here.
    `await import(${JSON.stringify(pathToFileURL(CLI).href)});`,
  ].join("\n");
  const started = performance.now();
  const child = spawn(process.execPath, ["--input-type=module", "-e", wrapper, ...args], { env: { ...process.env, SKVM_LOG_LEVEL: "silent", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) =>
    child.once("close", (code) => {
      const kb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
      resolve({ code, stdout, stderr, ms: performance.now() - started, maxRssMb: kb / 1024 });
    }),
  );
}

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";
const codesOf = (ds: readonly Diag[]) => ds.map((d) => d.code);
const WATCHING = "watching skills for edits";

describe("one hostile skill never stops the catalog", () => {
  let root: string;
  let skills: string;
  let good: string[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-hostile-"));
    skills = join(root, "skills");
    good = await writeGoodSkills(skills, 20);
    await writeMarkdownBombs(skills);
    await writeFileSystemTraps(skills);
    await writeImpostor(skills);
    await writeSkill(skills, "broken", { "SKILL.md": "---\nname: broken\ndescription: \"unclosed\n---\nbody\n" });
  });
  afterAll(async () => {
    await unlock(skills);
    await rm(root, { recursive: true, force: true });
  });

  describe("skvm compile", () => {
    let report: CompileJson;
    let home: string;
    let run: Run;

    beforeAll(async () => {
      home = join(root, "home-compile");
      run = await skvmMeasured(["compile", skills, "--out", join(root, "compiled-cli"), "--json"], { SKVM_HOME: home });
      report = JSON.parse(run.stdout) as CompileJson;
    }, 120_000);

    const result = (name: string) => {
      const found = report.results.find((r) => r.source.endsWith(`/${name}`));
      if (!found) throw new Error(`no result for ${name}: ${JSON.stringify(report.results.map((r) => r.source))}`);
      return found;
    };

    it("finishes within a bound, and compiles every good skill", () => {
      expect(run.ms).toBeLessThan(60_000);
      expect(run.code).toBe(1);
      for (const name of good) expect(result(name).status, name).toBe("compiled");
    });

    it("turns each symlink trap into a diagnostic on that skill, which is still compiled", () => {
      expect(result("loopy").status).toBe("compiled");
      expect(codesOf(result("loopy").diagnostics)).toContain("PATH_SYMLINK_CYCLE");
      expect(result("fan").status).toBe("compiled");
      expect(codesOf(result("fan").diagnostics).filter((c) => c === "PATH_SYMLINK_DIR")).toHaveLength(7);
      const outward = result("outward").diagnostics.map((d) => [d.code, d.file?.split("/").at(-1)]);
      expect(outward).toEqual(
        expect.arrayContaining([
          ["PATH_SYMLINK_ESCAPE", "usr"],
          ["PATH_SYMLINK_ESCAPE", "root"],
          ["PATH_SYMLINK_ESCAPE", "up"],
          ["PATH_SYMLINK_DIR", "again"],
        ]),
      );
      expect(result("outward").status).toBe("compiled");
    });

    it("never opens a FIFO: a bundled one is left out, and a folder whose SKILL.md is one is no skill", () => {
      expect(result("fifo").status).toBe("compiled");
      expect(result("fifo").diagnostics.map((d) => [d.code, d.file?.split("/").at(-1)])).toContainEqual(["PATH_NOT_REGULAR", "pipe"]);
      expect(report.results.some((r) => r.source.endsWith("/fifo-entry"))).toBe(false);
    });

    it("reports a folder it may not enter (as root, which may enter anything, the skill is simply compiled)", () => {
      const locked = result("locked");
      if (process.getuid?.() === 0) expect(locked.status).toBe("compiled");
      else expect(codesOf(locked.diagnostics)).toContain("FILE_UNREADABLE");
    });

    it("does not search a symlink to /usr or to /proc/self/root as a skills tree", () => {
      expect(report.results.some((r) => /zz-(usr|root)\//.test(r.source))).toBe(false);
    });

    it("refuses to analyse each Markdown bomb, with a reason, and still compiles the skill", () => {
      for (const name of Object.keys(MARKDOWN_BOMBS)) {
        const r = result(name);
        expect(r.status, name).toBe("compiled");
        expect(codesOf(r.diagnostics), name).toContain("SKILL_MARKDOWN_TOO_COMPLEX");
      }
      // The shapes the pre-scan lets through are stopped in the worker thread, by its deadline or its heap limit.
      for (const name of Object.keys(MARKDOWN_BOMBS).filter((n) => n.startsWith("md-slow-parse"))) {
        expect(result(name).diagnostics.find((d) => d.code === "SKILL_MARKDOWN_TOO_COMPLEX")?.message, name).toMatch(/longer than \d+ s|more than \d+ MiB/);
      }
    });

    it("lets the folder bearing a name keep it: the impostor is served under a qualified name, and both are told", () => {
      expect(result("text-stats")).toMatchObject({ status: "compiled", name: "text-stats" });
      expect(result("text-stats").diagnostics.find((d) => d.code === "DUPLICATE_SKILL_NAME")).toMatchObject({ severity: "warning" });
      expect(result("impostor")).toMatchObject({ status: "compiled", name: "impostor--text-stats" });
      expect(result("impostor").diagnostics.find((d) => d.code === "DUPLICATE_SKILL_NAME")?.message).toContain('served as "impostor--text-stats"');
    });

    it("caches a failure by the skill's source, like a success", async () => {
      const [cacheFile] = await readdir(join(home, "compile-cache"));
      const entries = await readCompileCache(join(home, "compile-cache", cacheFile ?? ""));
      const broken = entries?.find((e) => e.dir.endsWith("/broken"));
      expect(codesOf(broken?.failure?.diagnostics ?? [])).toContain("FRONTMATTER_INVALID_YAML");
      const again = await skvmMeasured(["compile", skills, "--out", join(root, "compiled-cli"), "--json"], { SKVM_HOME: home });
      const second = JSON.parse(again.stdout) as CompileJson;
      expect(second.results.find((r) => r.source.endsWith("/broken"))).toMatchObject({ status: "failed", diagnostics: result("broken").diagnostics });
      expect(second.results.filter((r) => r.status === "compiled")).toEqual([]);
    }, 120_000);
  });

  // Limits, not timings: before, each of these took 22-267 s and up to 830 MB. Two rounds of parse
  // deadlines (5 s each) are the floor of the time, the rest is slack for a machine shared with
  // other builds. Memory: a compile process with the passes' grammars loaded is ~200 MB by itself,
  // each of the two parser threads may add its 96 MiB heap and overhead, and the main thread holds
  // the nine bodies (four of ~1 MiB). Measured: 325-406 MB.
  it("compiles the Markdown bombs alone under 30 s and 500 MB", async () => {
    const bombs = join(root, "bombs");
    await writeMarkdownBombs(bombs);
    const run = await skvmMeasured(["compile", bombs, "--out", join(root, "compiled-bombs"), "--json"], { SKVM_HOME: join(root, "home-bombs") });
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(30_000);
    expect(run.maxRssMb).toBeLessThan(500);
  }, 60_000);

  describe("skvm serve, first start (nothing cached)", () => {
    let conn: Connected;
    let connectMs: number;

    beforeAll(async () => {
      const started = performance.now();
      // Info logs: the watch setup says when it is in place.
      conn = await connectStdio(["--skills", skills, "--compiled", join(root, "compiled-serve")], { SKVM_HOME: join(root, "home-serve"), SKVM_LOG_LEVEL: "info" });
      connectMs = performance.now() - started;
    }, 60_000);
    afterAll(() => conn?.close());

    it("answers initialize within a bound while the slowest hostile skill is still being compiled", async () => {
      // Generous: the proof that initialize did not wait is the "(compiling)" entry below.
      expect(connectMs).toBeLessThan(30_000);
      // The state the first answer came from was the provisional one: its "(compiling)" entry was
      // logged when it was installed. (A list_skills sent after connecting may already see the whole
      // result: on a loaded machine the slow skills' deadlines can pass before it is answered.)
      expect(conn.stderr()).toContain("(compiling)");
      const listing = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: {} })));
      expect(listing.problems.map((p: { name: string }) => p.name)).toContain("broken");
      // The folder watches wait for the whole first verification: they cost neither the first answer nor a slow compile.
      expect(conn.stderr()).not.toContain(WATCHING);
    });

    it("serves a good skill's content at once, not after the slow one", async () => {
      const started = performance.now();
      const loaded = await conn.client.callTool({ name: "load_skill", arguments: { name: "good-07" } });
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(textOf(loaded)).toContain("python3");
    });

    it("serves all 20 good skills and the real text-stats once everything is settled", async () => {
      let listing: { skills: { name: string; description: string }[]; problems: { name: string; error: string }[] } = { skills: [], problems: [] };
      for (const until = Date.now() + 45_000; Date.now() < until; await new Promise((r) => setTimeout(r, 250))) {
        listing = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: {} })));
        if (!listing.problems.some((p) => p.name === "(compiling)")) break;
      }
      const names = listing.skills.map((s) => s.name);
      for (const name of good) expect(names, name).toContain(name);
      for (const name of Object.keys(MARKDOWN_BOMBS)) expect(names, name).toContain(name);
      expect(listing.skills.find((s) => s.name === "text-stats")?.description).toBe("The real text-stats skill");
      expect(listing.skills.find((s) => s.name === "impostor--text-stats")?.description).toMatch(/IMPOSTOR/);
      const prompts = (await conn.client.listPrompts()).prompts.map((p) => p.name);
      for (const name of good) expect(prompts, name).toContain(name);
      // Settled: the watches are set up now, and the check that follows their setup keeps what is served.
      await expect.poll(() => conn.stderr().includes(WATCHING), { timeout: 30_000, interval: 100 }).toBe(true);
      const after = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: {} }))) as typeof listing;
      expect(after.skills.map((s) => s.name).sort()).toEqual(names.sort());
      expect(conn.transportErrors).toEqual([]);
    }, 60_000);
  });
});

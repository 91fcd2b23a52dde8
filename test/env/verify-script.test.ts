import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyScript } from "../../src/compiler/passes/env/scripts/index.js";
import { runVerify } from "../../src/env/index.js";
import { binDir, compiledSkill, req, requires, tempDir } from "./fixture.js";

let root: string;
beforeAll(async () => {
  root = await tempDir("verify");
});
afterAll(() => rm(root, { recursive: true, force: true }));

const withPath = (...dirs: string[]): NodeJS.ProcessEnv => ({ ...process.env, PATH: [...dirs, process.env.PATH].join(delimiter) });

describe("verify.sh: python", () => {
  it("is ready when the module named by `import` is importable", async () => {
    const skill = await compiledSkill(root, "py-ok", { requires: { python: [req("json-fake", { import: "json" })] } });
    expect(await runVerify(skill)).toMatchObject({ ready: true, missing: [] });
  });

  it("is not ready and names the distribution and module when the module is missing", async () => {
    const skill = await compiledSkill(root, "py-missing", {
      requires: { python: [req("json-fake", { import: "json" }), req("missing-dist", { import: "definitely_missing_mod_xyz" })] },
    });
    const verdict = await runVerify(skill);
    expect(verdict.ready).toBe(false);
    expect(verdict.missing).toEqual([{ kind: "python", name: "missing-dist", import: "definitely_missing_mod_xyz" }]);
  });

  it("looks up only the top-level package of a dotted import", async () => {
    const skill = await compiledSkill(root, "py-dotted", { requires: { python: [req("email-fake", { import: "email.mime.text" })] } });
    expect((await runVerify(skill)).ready).toBe(true);
  });

  it("finds a module without running it (find_spec never imports)", async () => {
    const pkgDir = join(root, "pythonpath");
    const marker = join(root, "imported.marker");
    await mkdir(pkgDir, { recursive: true });
    await writeFile(join(pkgDir, "skvm_marker_mod.py"), `open(${JSON.stringify(marker)}, "w").write("imported")\n`);
    const skill = await compiledSkill(root, "py-noimport", { requires: { python: [req("skvm-marker", { import: "skvm_marker_mod" })] } });
    const verdict = await runVerify(skill, { env: { PYTHONPATH: pkgDir } });
    expect(verdict.ready).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it("starts python once for all python requirements and node once for all node requirements", async () => {
    const log = join(root, "interpreter-starts.log");
    const realPython = execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
    const wrap = (real: string, label: string) => `#!/bin/sh\necho ${label} >> '${log}'\nexec '${real}' "$@"\n`;
    const pyBin = await binDir(root, "python3", wrap(realPython, "python"));
    const nodeBin = await binDir(root, "node", wrap(process.execPath, "node"));
    const skill = await compiledSkill(root, "one-start", {
      requires: {
        python: [req("a", { import: "json" }), req("b", { import: "os" }), req("c", { import: "definitely_missing_mod_xyz" })],
        node: [req("left-pad-missing-xyz"), req("is-odd-missing-xyz"), req("@scope-missing/x")],
      },
    });
    const verdict = await runVerify(skill, { parent: withPath(pyBin, nodeBin) });
    expect(verdict.missing.map((m) => m.name).sort()).toEqual(["@scope-missing/x", "c", "is-odd-missing-xyz", "left-pad-missing-xyz"]);
    expect((await readFile(log, "utf8")).trim().split("\n").sort()).toEqual(["node", "python"]);
  });
});

describe("verify.sh: executables, variables, platform", () => {
  it("finds an executable on PATH and reports one that is not there", async () => {
    const skill = await compiledSkill(root, "bins", { requires: { bins: [req("bash"), req("skvm-no-such-tool-xyz")] } });
    const verdict = await runVerify(skill);
    expect(verdict.ready).toBe(false);
    expect(verdict.missing).toEqual([{ kind: "bins", name: "skvm-no-such-tool-xyz" }]);
  });

  it("accepts any one of anyOf", async () => {
    const skill = await compiledSkill(root, "anyof", { requires: { bins: [req("skvm-no-such-tool-xyz", { anyOf: ["skvm-no-such-tool-xyz", "bash"] })] } });
    expect((await runVerify(skill)).ready).toBe(true);
  });

  it("flips from not ready to ready when the executable appears on PATH", async () => {
    const skill = await compiledSkill(root, "bin-flip", { requires: { bins: [req("skvm-fake-tool")] } });
    expect((await runVerify(skill)).ready).toBe(false);
    const dir = await binDir(root, "skvm-fake-tool");
    expect((await runVerify(skill, { parent: withPath(dir) })).ready).toBe(true);
  });

  it("needs a declared variable to be set and non-empty", async () => {
    const skill = await compiledSkill(root, "envvar", { requires: { env: [req("SKVM_TEST_TOKEN")] } });
    const missing = { ready: false, missing: [{ kind: "env", name: "SKVM_TEST_TOKEN" }] };
    const allow = { SKVM_ALLOW_ENV: "SKVM_TEST_TOKEN" };
    expect(await runVerify(skill, { parent: { ...process.env, ...allow, SKVM_TEST_TOKEN: undefined } })).toMatchObject(missing);
    expect(await runVerify(skill, { parent: { ...process.env, ...allow, SKVM_TEST_TOKEN: "" } })).toMatchObject(missing);
    // Set but not allowed: the skill would never receive it, so it is missing.
    expect(await runVerify(skill, { parent: { ...process.env, SKVM_TEST_TOKEN: "secret" } })).toMatchObject(missing);
    expect(await runVerify(skill, { parent: { ...process.env, ...allow, SKVM_TEST_TOKEN: "secret" } })).toMatchObject({ ready: true });
  });

  it("is not ready on a platform the skill does not list", async () => {
    const elsewhere = await compiledSkill(root, "os-other", { os: ["plan9"] });
    expect(await runVerify(elsewhere)).toMatchObject({ ready: false, missing: [{ kind: "os" }] });
    const here = await compiledSkill(root, "os-here", { os: ["plan9", process.platform] });
    expect((await runVerify(here)).ready).toBe(true);
  });

  it("reports optional requirements apart and never lets them block", async () => {
    const optional = { optional: true };
    const skill = await compiledSkill(root, "optional", {
      requires: {
        python: [req("opt-dist", { import: "definitely_missing_mod_xyz", ...optional })],
        node: [req("definitely-missing-npm-xyz", optional)],
        bins: [req("skvm-no-such-tool-xyz", optional)],
        env: [req("SKVM_TEST_UNSET_OPTIONAL", optional)],
      },
    });
    const verdict = await runVerify(skill);
    expect(verdict.ready).toBe(true);
    expect(verdict.missing).toEqual([]);
    expect(verdict.optionalMissing.map((m) => m.kind).sort()).toEqual(["bins", "env", "node", "python"]);
  });
});

describe("verify.sh: hostile names", () => {
  it("never executes a requirement name and reports it as rejected", async () => {
    const marker = join(root, "pwned");
    const hostile = [`$(touch ${marker})`, `\`touch ${marker}\``, `a'; touch ${marker}; '`, `x"$(touch ${marker})"`, `ok\ntouch ${marker}`];
    const skill = await compiledSkill(root, "hostile", {
      requires: {
        python: [...hostile.map((h) => req(h)), req("fine", { import: `os; __import__('pathlib').Path(${JSON.stringify(marker)}).touch()` })],
        node: hostile.map((h) => req(h)),
        bins: [...hostile.map((h) => req(h)), req("bash", { anyOf: ["bash", hostile[0] as string] }), req(hostile[1] as string, { anyOf: ["bash"] })],
        env: hostile.map((h) => req(h)),
      },
      os: hostile,
    });
    const verdict = await runVerify(skill);
    expect(existsSync(marker)).toBe(false);
    expect(verdict.error).toBeUndefined();
    expect(verdict.ready).toBe(true); // nothing valid is missing: rejected names are reported, not checked
    expect(verdict.rejected).toHaveLength(hostile.length * 5 + 3);
    expect(verdict.rejected.map((r) => r.name)).toContain(hostile[0]);
  });

  it("embeds names only as quoted data: the script is plain ASCII and no name reaches shell code", () => {
    const text = verifyScript({
      requires: requires({ python: [req("ünïcode\u2028$(id)"), req("pypdf")], bins: [req("qpdf")] }),
      os: [],
    });
    expect(/^[\x09\x0a\x20-\x7e]*$/.test(text)).toBe(true);
    const lines = text.split("\n").filter((line) => line.includes("$(id)"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^SKVM_REJECTED='.*'$/);
  });
});

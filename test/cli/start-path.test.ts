import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SERVE_COMMAND = resolve("dist/src/cli/serve-command.js");

/** Module hooks that print every module of ours the loader loads, one URL per line on stderr. */
const HOOKS = `export async function load(url, context, next) {
  if (url.includes("/dist/src/")) process.stderr.write(url + "\\n");
  return next(url, context);
}
`;

// The server answers its first request before the compiler is needed (catalog.ts imports it when the
// sources are first checked): any static import of the compiler's barrel puts it back on every start.
describe("the serve command's start path", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "skvm-start-path-"));
    await writeFile(join(dir, "hooks.mjs"), HOOKS);
    await writeFile(join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("loads neither the compiler's passes nor the lowering transforms", async () => {
    const { stderr } = await promisify(execFile)(process.execPath, ["--import", pathToFileURL(join(dir, "register.mjs")).href, "-e", `await import(${JSON.stringify(pathToFileURL(SERVE_COMMAND).href)})`]);
    const loaded = stderr.split("\n").filter((line) => line.includes("/dist/src/")).map((url) => url.slice(url.indexOf("/dist/src/") + "/dist/src/".length));
    expect(loaded).toContain("cli/serve-command.js"); // the hooks saw our modules
    const compilerWork = loaded.filter((m) => /^compiler\/(index|compile|pass-manager|passes\/index|capability\/analyze)\.js$|^compiler\/lowering\/(transforms|variants)/.test(m));
    expect(compilerWork).toEqual([]);
  }, 60_000);
});

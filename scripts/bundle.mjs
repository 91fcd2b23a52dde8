// Bundles the built CLI (dist/src/cli.js) into dist/bin/: one file per entry plus shared chunks,
// with our modules, the MCP SDK and zod inlined. A start then reads a handful of files instead
// of resolving and compiling ~400 modules one by one, which was most of a server's time to its
// first answer (bench/startup.ts measures it). Commands and the compiler stay lazy: their dynamic
// imports become chunks loaded on first use.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "rolldown";

const OUT = "dist/bin";

// Files a module starts by URL relative to itself (`new URL("./x.js", import.meta.url)`, a
// `register("./x.js", ...)`): each is an entry of its own here, under the same name, so the
// relative URL finds it beside the bundle as it finds it beside the module in dist/src/.
const ENTRIES = {
  skvm: "dist/src/cli.js",
  worker: "dist/src/dag/worker.js",
  "find-skills-worker": "dist/src/server/find-skills-worker.js",
  "markdown-worker": "dist/src/skill/markdown-worker.js",
  "node-path-hooks": "dist/src/env/node-path-hooks.js",
  "node-path-resolve": "dist/src/env/node-path-resolve.js",
};

// Packages that find their own files relative to their own folder (Piscina its worker, pino its
// transports, web-tree-sitter its wasm) or require by computed name (Express its view engines):
// they must stay where npm put them. (The tree-sitter grammars are found with require.resolve.)
const LOCATES_OWN_FILES = ["piscina", "pino", "web-tree-sitter", "express"];

// A server started from an earlier build keeps loading its lazy chunks from here after a rebuild
// (an MCP host keeps it running through `npm test`): files the new build does not write stay a day.
const KEEP_OLD_MS = 24 * 60 * 60 * 1000;

const external = (id) => id.startsWith("node:") || LOCATES_OWN_FILES.some((pkg) => id === pkg || id.startsWith(`${pkg}/`));

/** Every `./file` a bundled file refers to by URL must be one of the files written beside it. */
function checkRelativeUrls(written) {
  const missing = [];
  for (const file of written) {
    if (!file.endsWith(".js")) continue;
    const text = readFileSync(join(OUT, file), "utf8");
    for (const [, target] of text.matchAll(/(?:new URL|register)\(\s*["'`]\.\/([^"'`]+)["'`]\s*,\s*import\.meta\.url/g)) {
      if (!written.has(target)) missing.push(`${file} -> ./${target}`);
    }
  }
  if (missing.length) throw new Error(`bundle: files located relative to the bundle are not in ${OUT}/ (add them to ENTRIES): ${missing.join(", ")}`);
}

function pruneOld(written) {
  const now = Date.now();
  for (const file of readdirSync(OUT)) {
    const path = join(OUT, file);
    if (!written.has(file) && now - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
  }
}

export async function bundle() {
  for (const input of Object.values(ENTRIES)) if (!existsSync(input)) throw new Error(`bundle: ${input} is not built`);
  const { output } = await build({
    input: ENTRIES,
    platform: "node",
    external,
    logLevel: "warn",
    output: { dir: OUT, format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
  });
  const written = new Set(output.map((file) => file.fileName));
  checkRelativeUrls(written);
  pruneOld(written);
}

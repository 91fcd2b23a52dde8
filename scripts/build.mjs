// Builds dist/ with tsc on the Node running this script (never node_modules/.bin/node), bundles
// the CLI into dist/bin/ (scripts/bundle.mjs), then links the `skvm` bin. `--if-stale` builds only when a source is newer than the last build, so
// `npm start`, `npm test`, `npm run demo` and `npm run bench` start at once when nothing changed.
// Everything goes to stderr: `npm start` is a stdio MCP server whose stdout is JSON-RPC only.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundle } from "./bundle.mjs";
import { linkBin } from "./link-bin.mjs";

const STAMP = "dist/.build-stamp";
// scripts/ and the lockfile too: the bundle holds the build scripts' choices and the dependencies it inlines.
const SOURCES = ["src", "bench", "demo", "scripts", "tsconfig.json", "package.json", "package-lock.json"];

/** Newest modification time under `path` (a file or a folder), 0 when it is not there. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

function isStale() {
  const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return SOURCES.some((source) => newest(source) > built);
}

if (process.argv.includes("--if-stale") && !isStale()) {
  // `npm install <pkg>` relinks node_modules/.bin/node; unlink it again on the way in.
  linkBin();
  process.exit(0);
}
process.stderr.write("skvm-mcp: building dist/ (tsc, then the bundled CLI in dist/bin/)\n");
const started = Date.now();
const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], { stdio: ["ignore", 2, 2] });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
try {
  await bundle();
} catch (err) {
  process.stderr.write(`skvm-mcp: ${err.message}\n`);
  process.exit(1);
}
linkBin();
// Stamped with the start time: a source saved while tsc ran still counts as newer.
writeFileSync(STAMP, `${new Date(started).toISOString()}\n`);
utimesSync(STAMP, started / 1000, started / 1000);

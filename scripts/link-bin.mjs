// npm links the bins of dependencies, not the package's own: link `skvm` so a clone can run
// `node_modules/.bin/skvm`, and make the built entry executable. npm also links the `node`
// devDependency (Node 22, for the conformance suite and the Inspector, which call it by path) as
// node_modules/.bin/node, which npm scripts put first on PATH: it would shadow the user's own
// Node for every skill script run under `npm start` or `npm test`. Remove that link.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from "node:fs";

export function linkBin() {
  const entry = "dist/bin/skvm.js";
  chmodSync(entry, 0o755);
  mkdirSync("node_modules/.bin", { recursive: true });
  rmSync("node_modules/.bin/skvm", { force: true });
  symlinkSync(`../../${entry}`, "node_modules/.bin/skvm");
  for (const shadow of ["node", "node.cmd", "node.ps1"]) rmSync(`node_modules/.bin/${shadow}`, { force: true });
}

// npm links the bins of dependencies, not the package's own: link `skvm` so a clone can run
// `npx skvm` / `node_modules/.bin/skvm`, and make the built entry executable.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from "node:fs";

const entry = "dist/src/cli.js";
chmodSync(entry, 0o755);
mkdirSync("node_modules/.bin", { recursive: true });
rmSync("node_modules/.bin/skvm", { force: true });
symlinkSync(`../../${entry}`, "node_modules/.bin/skvm");

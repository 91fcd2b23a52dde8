import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ProfileLookup } from "../model/index.js";
import { skvmHome } from "../state-dir.js";

/**
 * Finds a stored profile by id "<harness>/<model>": the folder $SKVM_HOME/profiles/<harness>/<model>/
 * holding a profile's JSON. A stand-in until the profile store (src/profile/store.ts) answers this.
 */
export function storedProfileLookup(home = skvmHome()): ProfileLookup {
  return (id) => {
    const [harness, ...rest] = id.split("/");
    const model = rest.join("/");
    if (!harness || !model || id.split("/").some((part) => part === ".." || part === "." || part === "")) return undefined;
    const dir = join(home, "profiles", id);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
    return readdirSync(dir).some((f) => f.endsWith(".json")) ? { id, harness, model } : undefined;
  };
}

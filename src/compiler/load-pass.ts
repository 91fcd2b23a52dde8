import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CompilerPass, PassPlacement } from "./pass.js";

/**
 * Loads a user pass from a JS module (`skvm compile --pass ./my-pass.js`). The module's default
 * export (or `pass` export) is the pass; an optional `placement` export says where it goes.
 */
export async function loadPassModule(path: string): Promise<{ pass: CompilerPass; placement: PassPlacement }> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as {
    default?: CompilerPass;
    pass?: CompilerPass;
    placement?: PassPlacement;
  };
  const pass = mod.default ?? mod.pass;
  if (!pass) throw new Error(`PASS_MODULE_INVALID: ${path} exports no pass (export default { name, run })`);
  return { pass, placement: mod.placement ?? "last" };
}

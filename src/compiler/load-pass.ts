import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CompilerPass, PassPlacement } from "./pass.js";

/**
 * Loads a user pass from a JS module (`skvm compile --pass ./my-pass.js`). The module's default
 * export (or `pass` export) is the pass; an optional `placement` export says where it goes.
 */
export async function loadPassModule(path: string): Promise<{ pass: CompilerPass; placement: PassPlacement }> {
  type PassModule = { default?: CompilerPass; pass?: CompilerPass; placement?: PassPlacement };
  let mod: PassModule;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as PassModule;
  } catch (err) {
    throw new Error(`PASS_MODULE_INVALID: --pass ${path}: ${(err as Error).message.split("\n")[0]}`);
  }
  const pass = mod.default ?? mod.pass;
  if (!pass) throw new Error(`PASS_MODULE_INVALID: ${path} exports no pass (export default { name, run })`);
  return { pass, placement: mod.placement ?? "last" };
}

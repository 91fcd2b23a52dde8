import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Local state and caches (never artifacts): $SKVM_HOME, else $XDG_CACHE_HOME/skvm-mcp, else ~/.cache/skvm-mcp. */
export function skvmHome(): string {
  if (process.env.SKVM_HOME) return resolve(process.env.SKVM_HOME);
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "skvm-mcp");
}

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../compiler/index.js";
import { SolidifyState } from "../jit/index.js";
import { log } from "../log.js";
import { skvmHome } from "../state-dir.js";

/** Where the solidification state of one compiled root lives: `$SKVM_HOME/jit/<hash>.json`. */
export function jitStatePath(compiledRoot: string): string {
  const hash = createHash("sha256").update(resolve(compiledRoot)).digest("hex").slice(0, 16);
  return join(skvmHome(), "jit", `${hash}.json`);
}

/** The saved state; a missing file is a fresh start, an unreadable one is logged and set aside. */
export async function readJitState(path: string): Promise<SolidifyState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    return SolidifyState.parse(JSON.parse(text));
  } catch (err) {
    log.warn(`JIT state ${path} is unreadable, starting fresh: ${(err as Error).message}`);
    return undefined;
  }
}

export const writeJitState = (path: string, state: SolidifyState): Promise<void> => writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`);

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temp folder holding a config file; `env` points SKVM_CONFIG at it. Call cleanup() in afterAll. */
export function tempConfig(config: Record<string, unknown>): { dir: string; env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "skvm-model-"));
  const path = join(dir, "config.json");
  writeFileSync(path, JSON.stringify(config, null, 2));
  return { dir, env: { SKVM_CONFIG: path }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

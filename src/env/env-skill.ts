import type { Manifest } from "../compiler/manifest.js";

/**
 * What src/env needs to know about a skill: a catalog entry fits as it is. Structural on purpose,
 * so runtime code (server, CLI) passes its own objects without src/env depending on it.
 */
export interface EnvSkill {
  name: string;
  manifest: Pick<Manifest, "env">;
  /** Absolute source folder: scripts run from here. */
  dir: string;
  /** Absolute `compiled/<name>/` folder holding env/verify.sh and env/install.sh. */
  compiledDir: string;
}

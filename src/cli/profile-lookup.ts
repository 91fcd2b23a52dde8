import { log } from "../log.js";
import type { LoweringProfile } from "../compiler/lowering/index.js";
import type { ProfileLookup } from "../model/index.js";

/** Profiles by id for a server: who they are (selection) and their levels (which variant to serve). */
export interface StoredProfiles {
  lookup: ProfileLookup;
  levels: (id: string) => LoweringProfile["capabilities"] | undefined;
}

/**
 * Stored, imported and bundled profiles by id ("<harness>/<model>", as `skvm profile list` shows
 * them), read once when the server starts.
 */
export async function storedProfiles(): Promise<StoredProfiles> {
  // The store alone, and only when a profile can be named: the profile face also exports the
  // probes and the profiler, which a server start must not load.
  const { listProfiles } = await import("../profile/store.js");
  const stored = await listProfiles().catch((err: unknown) => {
    // A damaged profile file must not stop the server: serve for no profile, and say why.
    log.warn(`capability profiles not read: ${(err as Error).message}; \`skvm profile list\` names the file`);
    return [];
  });
  const byId = new Map(stored.map((p) => [p.id, p]));
  return {
    lookup: (id) => {
      const p = byId.get(id);
      return p && { id: p.id, harness: p.profile.harness, model: p.profile.model };
    },
    levels: (id) => byId.get(id)?.profile.capabilities,
  };
}

import type { ProfileLookup } from "../model/index.js";
import { listProfiles } from "../profile/index.js";

/**
 * Stored, imported and bundled profiles by id ("<harness>/<model>", as `skvm profile list` shows
 * them), read once when the server starts.
 */
export async function storedProfileLookup(): Promise<ProfileLookup> {
  const byId = new Map((await listProfiles()).map((p) => [p.id, { id: p.id, harness: p.profile.harness, model: p.profile.model }]));
  return (id) => byId.get(id);
}

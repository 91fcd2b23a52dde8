import type { LoweringProfile } from "../compiler/lowering/index.js";
import { ProfileError } from "../profile/profile-error.js";
import { findProfile } from "../profile/store.js";

/**
 * `--profile` values (repeatable, each may be a comma list) resolved through the profile store,
 * which knows stored, imported and bundled profiles; the first unknown id is the error.
 */
export async function loweringProfiles(values: readonly string[]): Promise<{ ok: true; list: LoweringProfile[] } | { ok: false; message: string }> {
  const ids = [...new Set(values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean))];
  const list: LoweringProfile[] = [];
  for (const id of ids) {
    try {
      const found = await findProfile(id);
      list.push({ id: found.id, capabilities: found.profile.capabilities });
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      return { ok: false, message: `${err.message} (hint: ${err.hint})` };
    }
  }
  return { ok: true, list };
}

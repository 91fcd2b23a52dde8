import { stat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { PRIMITIVE_IDS } from "./catalogue.js";
import { ProfileError } from "./profile-error.js";
import { profileId, readProfileFile, saveProfile } from "./store.js";

export interface ImportReport {
  file: string;
  id: string;
  savedTo: string;
  /** Catalogue primitives the profile has no level for. */
  missing: string[];
  isPartial: boolean;
}

async function jsonFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new ProfileError("PROFILE_NOT_FOUND", `${target}: no such file or folder`, "give a SkVM profile JSON file or a folder of them");
  if (!info.isDirectory()) return [target];
  const out: string[] = [];
  for (const entry of await readdir(target, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".json")) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/**
 * Imports SkVM profiles as they are (unknown fields kept) into the local store. Missing
 * primitives and `isPartial` are accepted and reported, not refused.
 */
export async function importProfiles(target: string): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const file of await jsonFiles(target)) {
    const profile = await readProfileFile(file);
    const savedTo = await saveProfile(profile);
    reports.push({
      file,
      id: profileId(profile),
      savedTo,
      missing: PRIMITIVE_IDS.filter((id) => !(id in profile.capabilities)),
      isPartial: profile.isPartial === true,
    });
  }
  return reports;
}

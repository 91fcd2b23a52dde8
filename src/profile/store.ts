import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../compiler/atomic-write.js";
import { skvmHome } from "../state-dir.js";
import { ProfileError } from "./profile-error.js";
import { Profile } from "./profile-format.js";
import { ResumeLog } from "./resume-log.js";

// Profiles on disk, laid out as SkVM-data does: profiles/<harness>/<model with / as -->/,
// one v_<time>.json per measurement or import and latest.json beside them.

export type ProfileSource = "measured" | "imported" | "bundled";

export interface StoredProfile {
  /** "<harness>/<model slug>": what `show`, `diff` and `serve --profile` take. */
  id: string;
  path: string;
  source: ProfileSource;
  profile: Profile;
}

/**
 * Published SkVM profiles shipped with the package (MIT, see profiles/skvm-data/SOURCE.md). Looked
 * up from this module's folder, which is src/profile under the test runner, dist/src/profile when
 * built and dist/bin when bundled: no fixed relative path is right for all three.
 */
export const BUNDLED_DIR = nearestAncestorWith(dirname(fileURLToPath(import.meta.url)), join("profiles", "skvm-data"));

/** `child` in the nearest folder up from `start` that has it, up to the package's own folder (the first with a package.json). */
function nearestAncestorWith(start: string, child: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, child))) return join(dir, child);
    if (existsSync(join(dir, "package.json")) || dirname(dir) === dir) return join(start, child);
  }
}

export const profilesRoot = (): string => join(skvmHome(), "profiles");
export const modelSlug = (model: string): string => model.replaceAll("/", "--").replace(/[^A-Za-z0-9._-]/g, "_");
export const profileId = (p: Pick<Profile, "harness" | "model">): string => `${modelSlug(p.harness)}/${modelSlug(p.model)}`;

const stamp = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d+/, "");

/** The resume log of a (harness, model) pair. */
export const resumeLogFor = (harness: string, model: string): ResumeLog => new ResumeLog(join(profilesRoot(), modelSlug(harness), modelSlug(model), "resume.jsonl"));

/** Writes the profile as a new version and as latest.json; returns the version's path. */
export async function saveProfile(profile: Profile): Promise<string> {
  const dir = join(profilesRoot(), profileId(profile));
  const text = `${JSON.stringify(profile, null, 2)}\n`;
  const path = join(dir, `v_${stamp(profile.profiledAt)}.json`);
  await writeFileAtomic(path, text);
  await writeFileAtomic(join(dir, "latest.json"), text);
  return path;
}

/** Reads and validates a profile file; errors name the file and the field. */
export async function readProfileFile(path: string): Promise<Profile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    throw new ProfileError("PROFILE_INVALID", `${path}: ${(err as Error).message}`, "give a SkVM profile JSON file");
  }
  const parsed = Profile.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ProfileError("PROFILE_INVALID", `${path}: ${issue.path.join(".") || "(root)"}: ${issue.message}`, "a profile needs version, model, harness, profiledAt and capabilities {id: \"L0\".. \"L3\"}");
}

const sourceOf = (p: Profile): ProfileSource => (p.probes ? "measured" : "imported");

/** Every stored profile's latest version, then bundled ones not shadowed by a stored one. */
export async function listProfiles(): Promise<StoredProfile[]> {
  const out: StoredProfile[] = [];
  const root = profilesRoot();
  for (const harness of await readdir(root).catch(() => [])) {
    for (const model of await readdir(join(root, harness)).catch(() => [])) {
      const path = join(root, harness, model, "latest.json");
      if (!existsSync(path)) continue;
      const profile = await readProfileFile(path);
      out.push({ id: `${harness}/${model}`, path, source: sourceOf(profile), profile });
    }
  }
  const ids = new Set(out.map((p) => p.id));
  for (const b of await bundledProfiles()) if (!ids.has(b.id)) out.push(b);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

async function bundledProfiles(): Promise<StoredProfile[]> {
  const files = (await readdir(BUNDLED_DIR).catch(() => [])).filter((f) => f.endsWith(".json"));
  return Promise.all(
    files.map(async (f) => {
      const path = join(BUNDLED_DIR, f);
      const profile = await readProfileFile(path);
      return { id: profileId(profile), path, source: "bundled" as const, profile };
    }),
  );
}

/** A profile by id (latest), by id/v_<time>, or by file path. */
export async function findProfile(ref: string): Promise<StoredProfile> {
  if (ref.endsWith(".json") && existsSync(ref)) {
    const profile = await readProfileFile(resolve(ref));
    return { id: profileId(profile), path: resolve(ref), source: sourceOf(profile), profile };
  }
  const version = join(profilesRoot(), `${ref}.json`);
  if (/\/v_[^/]+$/.test(ref) && existsSync(version)) {
    const profile = await readProfileFile(version);
    return { id: ref, path: version, source: sourceOf(profile), profile };
  }
  const found = (await listProfiles()).find((p) => p.id === ref);
  if (found) return found;
  throw new ProfileError("PROFILE_NOT_FOUND", `no profile "${ref}"`, "see `skvm profile list` for the ids, or give a profile file path");
}

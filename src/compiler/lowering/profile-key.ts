import { createHash } from "node:crypto";

/** The profile a variant is compiled for: its id and the levels lowering reads. */
export interface LoweringProfile {
  id: string;
  capabilities: Readonly<Record<string, "L0" | "L1" | "L2" | "L3">>;
}

/** `compiled/<name>/variants/<slug>/`: the profile id (`harness/model`) as one folder name. */
export const variantSlug = (profileId: string): string => profileId.replaceAll("/", "--").replace(/[^A-Za-z0-9._-]/g, "_");

/**
 * What of a profile a variant depends on: its levels (sorted, so key order does not matter). A
 * re-measured profile with the same levels keeps its variants fresh; a changed level does not.
 */
export function profileHash(profile: LoweringProfile): string {
  const levels = Object.entries(profile.capabilities).sort(([a], [b]) => a.localeCompare(b));
  return `sha256:${createHash("sha256").update(JSON.stringify(levels)).digest("hex")}`;
}

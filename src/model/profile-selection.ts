import { z } from "zod";

/**
 * Which capability profile applies to a session, in the config file's `profiles` field:
 * `clients` maps MCP clientInfo names and `models` maps model names (both may use `*`
 * wildcards, matched case-insensitively) to profile ids; `default` applies when nothing else does.
 */
export const ProfileMapping = z
  .object({
    default: z.string().min(1).optional(),
    clients: z.record(z.string(), z.string().min(1)).optional(),
    models: z.record(z.string(), z.string().min(1)).optional(),
    /** Opt-in: ask the host model once through sampling and read its answer's `model` field. */
    learnModelFromSampling: z.boolean().optional(),
  })
  .strict();
export type ProfileMapping = z.infer<typeof ProfileMapping>;

/** What selection needs to know of a stored profile. */
export interface ProfileRef {
  id: string;
  model: string;
  harness: string;
}
/** Finds a stored profile by id (the profile store answers this). */
export type ProfileLookup = (id: string) => ProfileRef | undefined;

export type ProfileSource = "flag" | "model" | "client" | "default";

export interface ProfileSelection {
  /** The profile in effect, or null: skills are then compiled for no particular model. */
  active: (ProfileRef & { source: ProfileSource; because: string }) | null;
  /** Mappings that named a profile that does not exist, and other reasons a rule was skipped. */
  notes: string[];
}

export interface SelectionInput {
  /** `serve --profile ID`. */
  flag?: string;
  /** The MCP client's clientInfo.name. */
  clientName?: string;
  /** The host model's name, learned from a sampling answer. */
  hostModel?: string;
}

/**
 * Picks the profile: the --profile flag, then the host model's mapping (the model is the
 * processor a profile measures), then the client's, then the configured default. A rule that
 * names a missing profile is skipped with a note.
 */
export function selectProfile(input: SelectionInput, mapping: ProfileMapping, lookup: ProfileLookup): ProfileSelection {
  const notes: string[] = [];
  const candidates: Array<{ id: string | undefined; source: ProfileSource; because: string }> = [
    { id: input.flag, source: "flag", because: "--profile" },
    ...mapped(mapping.models, input.hostModel, "model", "host model"),
    ...mapped(mapping.clients, input.clientName, "client", "MCP client"),
    { id: mapping.default, source: "default", because: "profiles.default in the config file" },
  ];
  for (const candidate of candidates) {
    if (!candidate.id) continue;
    const found = lookup(candidate.id);
    if (found) return { active: { ...found, source: candidate.source, because: candidate.because }, notes };
    notes.push(`profile "${candidate.id}" (from ${candidate.because}) does not exist; see skvm profile list`);
  }
  return { active: null, notes };
}

function mapped(table: Record<string, string> | undefined, name: string | undefined, source: ProfileSource, what: string) {
  if (!table || !name) return [];
  // The most specific pattern first: an exact name beats "claude-*", which beats "*".
  const patterns = Object.keys(table)
    .filter((pattern) => globMatches(pattern, name))
    .sort((a, b) => b.replace(/\*/g, "").length - a.replace(/\*/g, "").length);
  return patterns.map((pattern) => ({ id: table[pattern], source, because: `${what} "${name}" (matches "${pattern}")` }));
}

export function globMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return regex.test(name);
}

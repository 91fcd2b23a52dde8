import { createHash } from "node:crypto";
// The token module alone: the compiler's face loads every pass.
import { bindSkillDir } from "../compiler/skill-dir-token.js";
import type { Catalog, CatalogSkill } from "./catalog.js";
import type { SessionProfile } from "./session-profile.js";
import type { ServedVariant } from "./variant-source.js";

/** Where a skill's compiled instructions come from: the catalog (base) or a session (its variant). */
export interface InstructionsSource {
  /** The compiled SKILL.md of this version of a skill: a call holding a version keeps reading it. */
  instructionsOf(skill: CatalogSkill): Promise<string>;
}

/** What list_skills says of a skill: the profile it is served for and what that changed. */
export interface CompiledFor {
  profile: string | null;
  /** `pending`: the catalog is not verified yet, so the variant is not known (list_skills does not wait for it). */
  served: "variant" | "base" | "pending";
  edits: number;
  /** `compiled` (ahead, by `skvm compile --profile`) or `on-demand` (lowered at first use). */
  origin?: ServedVariant["origin"];
  note?: string;
}

/**
 * One session's view of the skills: each served as compiled for the session's capability
 * profile (its variant), or the base artifact when the profile has no gap there or no profile
 * applies. Prompts, load_skill, per-skill tools and skill:// resources all read through it.
 */
export class SessionSkills implements InstructionsSource {
  constructor(
    readonly catalog: Catalog,
    private readonly profile: SessionProfile,
  ) {}

  async instructionsOf(skill: CatalogSkill): Promise<string> {
    const served = await this.#variantOf(skill);
    return served?.text ? bindSkillDir(served.text, skill.dir) : this.catalog.instructionsOf(skill);
  }

  /** `sha256:` of SKILL.md as this session is served it (SEP-2640 digests cover served content). */
  async instructionsDigest(skill: CatalogSkill): Promise<string> {
    return `sha256:${createHash("sha256").update(await this.instructionsOf(skill)).digest("hex")}`;
  }

  async compiledFor(name: string): Promise<CompiledFor> {
    const id = this.profile.loweringProfile()?.id ?? null;
    return describe(id, await this.#variant(name));
  }

  /** The same, from what is already known (tool descriptions are built synchronously); undefined when not yet lowered. */
  peekCompiledFor(name: string): CompiledFor | undefined {
    const profile = this.profile.loweringProfile();
    const skill = this.catalog.get(name);
    if (!profile || !skill) return undefined;
    const served = this.catalog.variants.peek(skill, profile);
    return served && describe(profile.id, served);
  }

  /** Without waiting for the catalog's verification: a profile's variant not lowered yet is `pending`. */
  compiledForNow(name: string): CompiledFor {
    const id = this.profile.loweringProfile()?.id ?? null;
    return this.peekCompiledFor(name) ?? (id === null ? describe(null, undefined) : { profile: id, served: "pending", edits: 0 });
  }

  /**
   * Lowers every skill for the session's profile (once per skill version and profile, shared)
   * once the catalog is verified; it never starts verification itself, nor waits for a profile.
   */
  async warm(): Promise<void> {
    if (!this.profile.loweringProfile()) return;
    await this.catalog.whenVerified;
    await Promise.all(this.catalog.names.map((n) => this.#variant(n)));
  }

  async #variant(name: string): Promise<ServedVariant | undefined> {
    await this.catalog.ready;
    const skill = this.catalog.get(name);
    return skill && this.#variantOf(skill);
  }

  async #variantOf(skill: CatalogSkill): Promise<ServedVariant | undefined> {
    const profile = this.profile.loweringProfile();
    return profile && this.catalog.variants.variantFor(skill, profile);
  }
}

function describe(profile: string | null, served: ServedVariant | undefined): CompiledFor {
  if (!profile || !served) return { profile, served: "base", edits: 0 };
  return {
    profile,
    served: served.text ? "variant" : "base",
    edits: served.edits,
    origin: served.origin,
    ...(served.note ? { note: served.note } : {}),
  };
}

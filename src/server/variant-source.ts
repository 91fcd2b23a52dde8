import { LRUCache } from "lru-cache";
import type { LoweringProfile } from "../compiler/lowering/index.js";
import { profileHash } from "../compiler/lowering/profile-key.js";
import { log } from "../log.js";
import type { CatalogSkill } from "./catalog.js";

/** What serves a skill to a profile: its variant (edits > 0) or the base, and why. */
export interface ServedVariant {
  /** The variant's SKILL.md (skill-dir token unbound); absent when the base serves the profile. */
  text?: string;
  edits: number;
  gaps: number;
  /** `compiled`: read from `compiled/<name>/variants/`; `on-demand`: lowered in memory at first use. */
  origin: "compiled" | "on-demand" | "base";
  /** Why the base serves a profile that has gaps (no analysis, guard refusal). */
  note?: string;
}

/**
 * Variants by (skill version, profile levels), shared by every session. A variant compiled ahead
 * (`skvm compile --profile`) is read from disk when fresh; otherwise it is lowered on demand, in
 * memory: lowering is deterministic and linear in the skill's size (which the loader bounds), so
 * one request pays for it once and every later one, of any session, reads it from here.
 */
export class VariantSource {
  readonly #cache = new LRUCache<string, Promise<ServedVariant>>({ max: 2048 });
  readonly #settled = new Map<string, ServedVariant>();
  readonly #listeners = new Set<() => void>();

  /** The skill as served to the profile; never fails (a failure serves the base, and says so). */
  variantFor(skill: CatalogSkill, profile: LoweringProfile): Promise<ServedVariant> {
    const key = cacheKey(skill, profile);
    let served = this.#cache.get(key);
    if (!served) {
      served = lower(skill, profile).then((v) => {
        this.#settled.set(key, v);
        for (const listener of this.#listeners) listener();
        return v;
      });
      this.#cache.set(key, served);
    }
    return served;
  }

  /** What is known without lowering (for tool descriptions, which are built synchronously). */
  peek(skill: CatalogSkill, profile: LoweringProfile): ServedVariant | undefined {
    return this.#settled.get(cacheKey(skill, profile));
  }

  /** Hears each newly lowered skill (sessions refresh their tool descriptions). */
  onLowered(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

const cacheKey = (skill: CatalogSkill, profile: LoweringProfile): string => `${skill.compiledDir}\0${skill.manifest.skill.sourceHash}\0${profile.id}\0${profileHash(profile)}`;

async function lower(skill: CatalogSkill, profile: LoweringProfile): Promise<ServedVariant> {
  const base = { compiledDir: skill.compiledDir, sourceDir: skill.dir, manifest: skill.manifest };
  try {
    // Loaded at the first variant a session asks for: a server start never pays for the transforms.
    const { lowerSkill, prepareLowering, readFreshVariant, readLoweringInput } = await import("../compiler/lowering/index.js");
    const fresh = await readFreshVariant(base, profile);
    if (fresh) return { text: fresh.skillMd, edits: fresh.record.edits.length, gaps: fresh.record.gaps.length, origin: "compiled" };
    const input = await readLoweringInput(base, profile);
    if (!input) return { edits: 0, gaps: 0, origin: "base", note: "no requirement analysis in the artifact (capabilities.json); the base is served" };
    await prepareLowering();
    const result = lowerSkill(input);
    if (!result.variant || !result.guard) return { edits: 0, gaps: result.gaps.length, origin: "base" };
    if (!result.guard.ok) {
      const why = result.guard.violations.map((v) => v.message).join("; ");
      return { edits: 0, gaps: result.gaps.length, origin: "base", note: `the variant failed the guard (${why}); the base is served` };
    }
    return { text: result.variant, edits: result.edits.length, gaps: result.gaps.length, origin: "on-demand" };
  } catch (err) {
    log.warn({ skill: skill.name, profile: profile.id }, `lowering failed: ${(err as Error).message}`);
    return { edits: 0, gaps: 0, origin: "base", note: `lowering failed (${(err as Error).message}); the base is served` };
  }
}

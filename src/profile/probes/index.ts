import { createHash } from "node:crypto";
import type { Level, PrimitiveId } from "../catalogue.js";
import type { ProbeFamily, ProbeInstance } from "../probe.js";
import { Rng } from "../rng.js";
import { genCodeFamilies } from "./gen-code.js";
import { sqlHtmlFamilies } from "./gen-sql-html.js";
import { genTextFamilies } from "./gen-text.js";
import { reasonFamilies } from "./reason.js";
import { followFamilies } from "./follow.js";
import { agentFamilies } from "./tools.js";

/** Bumped when a generator changes what it produces: old resume entries then stop matching. */
export const PROBE_VERSION = "skvm-probes/1";

const FAMILIES: readonly ProbeFamily[] = [...genCodeFamilies, ...sqlHtmlFamilies, ...genTextFamilies, ...reasonFamilies, ...followFamilies, ...agentFamilies];
const BY_PRIMITIVE = new Map(FAMILIES.map((f) => [f.primitive, f]));

/**
 * The instances of one primitive and level for a seed: the same seed gives the same instances,
 * another seed other ones. Each instance draws from its own stream (seed, primitive, level, index).
 */
export function generateInstances(id: PrimitiveId, level: Level, seed: number | string, count: number): ProbeInstance[] {
  const family = BY_PRIMITIVE.get(id);
  if (!family) throw new Error(`no probes for ${id}`);
  const probe = family.levels[level];
  return Array.from({ length: count }, (_, index) => {
    const body = probe.make(new Rng(PROBE_VERSION, seed, id, level, index));
    // Seed and index name the instance (hidden inputs differ even where prompts repeat); the content guards against generator changes.
    const key = createHash("sha256")
      .update(JSON.stringify([PROBE_VERSION, seed, id, level, index, body.prompt, body.files ?? {}, body.http ?? {}]))
      .digest("hex")
      .slice(0, 24);
    return { ...body, primitive: id, level, index, mode: family.mode, description: probe.description, key };
  });
}

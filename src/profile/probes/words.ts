import type { Rng } from "../rng.js";

// Small vocabularies the generators draw from. Values are picked by the instance's seed.

export const NAMES = ["ada", "bruno", "chen", "dara", "elif", "farah", "goran", "hana", "ivo", "juno", "kemal", "lena", "milo", "nadia", "omar", "pia", "quinn", "rosa", "sami", "tomas"];
export const REGIONS = ["north", "south", "east", "west", "central"];
export const PRODUCTS = ["apples", "beans", "cocoa", "dates", "eggs", "flour"];
export const TEAMS = ["red", "blue", "green", "gold"];
export const LEVEL_NAMES = ["DEBUG", "INFO", "WARN", "ERROR"];
export const NOUNS = ["river", "lantern", "orchard", "compass", "harbor", "meadow", "signal", "ledger", "canyon", "beacon", "quarry", "violin", "glacier", "tunnel", "falcon", "pepper", "marble", "candle", "anchor", "saddle"];
export const TOPICS = ["tidal energy", "urban beekeeping", "rail freight", "glacier retreat", "open-source licensing", "soil erosion", "water filtration", "bridge inspection", "coral restoration", "battery recycling"];
export const FILLER = [
  "engineers", "measure", "careful", "results", "over", "several", "seasons", "and", "compare", "them", "with", "earlier", "records",
  "local", "teams", "share", "methods", "that", "reduce", "waste", "while", "keeping", "costs", "steady", "across", "regions",
  "planners", "review", "data", "before", "each", "decision", "because", "small", "errors", "grow", "quickly", "in", "large", "systems",
];

/** A plausible sentence of `words` words from the filler vocabulary plus required words, capitalised, ending in a period. */
export function sentence(rng: Rng, words: number, include: readonly string[] = []): string {
  const body = [...include, ...Array.from({ length: Math.max(1, words - include.length) }, () => rng.pick(FILLER))];
  const ordered = rng.shuffle(body);
  const text = ordered.join(" ");
  return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
}

export function paragraph(rng: Rng, sentences: number, include: readonly string[] = []): string {
  return Array.from({ length: sentences }, (_, i) => sentence(rng, rng.int(8, 14), i === 0 ? include : [])).join(" ");
}

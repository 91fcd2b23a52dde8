import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { Diagnostic } from "../skill/diagnostic.js";
import { skvmHome } from "../state-dir.js";
import { VERSION } from "../version.js";
import { writeFileAtomic } from "./atomic-write.js";
import { listingOf, SkillListing, type Manifest } from "./manifest.js";

/**
 * What the last compile of a (skills roots, compiled root, pass list) found: per skill folder its
 * manifest and the stat signature of source + artifact. The next compile trusts an entry whose
 * signature is unchanged without hashing a byte, and a server answers from it at once. A local
 * cache in the state folder, not an artifact: absolute paths are fine here, and anything odd
 * about it just means "check everything".
 *
 * The file is one JSON header line, then one line per skill folder: its entry (with the skill's
 * listing), a tab, and its manifest. A start reads the entries and lists and searches the skills
 * from their listings; each manifest is parsed when first read (the first check reads them one
 * skill at a time): for 2,300 skills the manifests are 18 MB, 0.6 s of parsing on the main thread.
 */
/** Strict: the file of an earlier layout (one JSON object) is not read as an empty cache. */
const CacheHeader = z.strictObject({ version: z.literal(VERSION) });

const CacheLine = z.object({
  dir: z.string(),
  signature: z.string(),
  /** Present when the skill compiled: its manifest follows on the same line. */
  listing: SkillListing.optional(),
  /**
   * A skill that failed, kept like a success so an unchanged broken (or hostile) skill is not
   * loaded again on every start: `signature` is then over the source folder alone, and
   * `sourceHash` (when the files could be read) still matches it after a checkout elsewhere.
   */
  failure: z.object({ name: z.string(), sourceHash: z.string().optional(), diagnostics: z.array(Diagnostic) }).optional(),
});

type CacheLine = z.infer<typeof CacheLine>;

/**
 * Checked loosely for speed, like the manifests: the header says this version wrote the file, and
 * validating 2,300 entries with the schema took 45-90 ms of a start (zod compiles its checks first).
 */
function isCacheLine(value: unknown): value is CacheLine {
  if (typeof value !== "object" || value === null) return false;
  const { dir, signature, listing, failure } = value as Record<string, unknown>;
  if (typeof dir !== "string" || typeof signature !== "string") return false;
  if (listing !== undefined && !isListing(listing)) return false;
  const failed = failure as { name?: unknown; diagnostics?: unknown } | null | undefined;
  return failed === undefined || (typeof failed === "object" && failed !== null && typeof failed.name === "string" && Array.isArray(failed.diagnostics));
}

function isListing(value: unknown): value is SkillListing {
  if (typeof value !== "object" || value === null) return false;
  const { name, description, headings } = value as Record<string, unknown>;
  return typeof name === "string" && typeof description === "string" && (headings === undefined || (Array.isArray(headings) && headings.every((h) => typeof h === "string")));
}

/** An entry as the compiler writes it; read back, `manifest` is parsed on first access. */
export type CacheEntry = Omit<CacheLine, "listing"> & { manifest?: Manifest };
/** An entry as read back: a compiled skill's listing is there at once. */
export type CachedEntry = CacheEntry & { listing?: SkillListing };

/** The separator between an entry and its manifest: JSON escapes every tab inside a string. */
const TAB = 0x09;
const NEWLINE = 0x0a;

/** Keyed by the skills roots in order (one root keeps the key it always had), the compiled root and the passes. */
export function compileCachePath(skillsRoots: string | readonly string[], outRoot: string, passes: readonly string[]): string {
  const roots = (typeof skillsRoots === "string" ? [skillsRoots] : skillsRoots).map((root) => resolve(root));
  const key = createHash("sha256")
    .update([...roots, resolve(outRoot), passes.join(",")].join("\0"))
    .digest("hex")
    .slice(0, 16);
  return join(skvmHome(), "compile-cache", `${key}.json`);
}

/** The entries, or undefined when the file is missing, from another version or not one this code wrote. */
export async function readCompileCache(path: string): Promise<CachedEntry[] | undefined> {
  try {
    const bytes = await readFile(path);
    const lines = linesOf(bytes);
    const header = lines.shift();
    if (!header || !CacheHeader.safeParse(JSON.parse(bytes.toString("utf8", header.start, header.end))).success) return undefined;
    const entries: CachedEntry[] = [];
    for (const line of lines) {
      const tab = bytes.indexOf(TAB, line.start);
      const split = tab >= 0 && tab < line.end ? tab : line.end;
      const entry: unknown = JSON.parse(bytes.toString("utf8", line.start, split));
      if (!isCacheLine(entry)) return undefined;
      entries.push(entry.listing && split < line.end ? withLazyManifest(entry, bytes.subarray(split + 1, line.end)) : entry);
    }
    return entries;
  } catch {
    return undefined;
  }
}

export async function writeCompileCache(path: string, entries: readonly CacheEntry[]): Promise<void> {
  const lines = entries.map(({ manifest, ...entry }) => (manifest ? `${JSON.stringify({ ...entry, listing: listingOf(manifest) })}\t${JSON.stringify(manifest)}` : JSON.stringify(entry)));
  await writeFileAtomic(path, [JSON.stringify({ version: VERSION } satisfies z.infer<typeof CacheHeader>), ...lines].join("\n"));
}

function linesOf(bytes: Buffer): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  for (let start = 0; start < bytes.length; ) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.length : newline;
    lines.push({ start, end });
    start = end + 1;
  }
  return lines;
}

/**
 * The entry with `manifest` parsed from its bytes on first access, then kept. Its bytes are a view
 * of the file's buffer, which stays in memory until every manifest has been read (the first check
 * reads them all soon after the first answer). Written by this version, it is checked loosely for speed, like the whole file was before;
 * one that is not a manifest reads as none, so that skill is checked again like an unknown one.
 */
function withLazyManifest(entry: CacheLine, raw: Buffer): CachedEntry {
  let pending: Buffer | undefined = raw;
  let manifest: Manifest | undefined;
  return Object.defineProperty(entry, "manifest", {
    enumerable: true,
    get(): Manifest | undefined {
      if (pending) {
        manifest = parseLoosely(pending);
        pending = undefined;
      }
      return manifest;
    },
  }) as CachedEntry;
}

function parseLoosely(raw: Buffer): Manifest | undefined {
  try {
    const parsed = JSON.parse(raw.toString("utf8")) as unknown;
    return typeof parsed === "object" && parsed !== null && "skill" in parsed && "files" in parsed ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

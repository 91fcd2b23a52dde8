import type { McpServer, ProtocolEra } from "@modelcontextprotocol/server";
import type { Catalog, CatalogSkill } from "../catalog.js";
import { invalidParams } from "../protocol-error.js";
import { parseSkillUri, SKILL_MD, skillUri } from "../uri.js";

/** Where `notifications/resources/updated` go: the instance's own connection, or the stateless HTTP entry's publisher. */
type ResourceUpdatedSink = (uri: string) => void;

/**
 * Tells clients when what a `skill://` URI serves changed after a live edit (or a deletion):
 * one `notifications/resources/updated` per changed URI.
 *
 * - 2025-11-25 sessions ask with `resources/subscribe` / `unsubscribe`. Any well-formed skill://
 *   URI may be subscribed, even of a skill not served yet (it may appear with the next edit); any
 *   other URI is a resource this server never serves: -32602, as resources/read answers it (SEP-2164).
 * - 2026-07-28 clients name the URIs in `subscriptions/listen` (`resourceSubscriptions`), which
 *   the SDK's entry keeps and filters on: the instance tells every URI whose content changed.
 */
export function registerSubscriptions(server: McpServer, catalog: Catalog, era: ProtocolEra, send: ResourceUpdatedSink): () => void {
  return era === "modern" ? tellEveryChange(catalog, send) : answerSubscriptions(server, catalog, send);
}

function answerSubscriptions(server: McpServer, catalog: Catalog, send: ResourceUpdatedSink): () => void {
  // URI -> what it served when last checked (the version object of SKILL.md, a bundled file's digest).
  const subscribed = new Map<string, unknown>();
  server.server.setRequestHandler("resources/subscribe", async ({ params: { uri } }) => {
    if (!parseSkillUri(uri)) throw invalidParams(`RESOURCE_NOT_FOUND: ${uri} is not a skill file of this server; subscribe to skill://<skill>/<path> URIs (see resources/list)`);
    if (!subscribed.has(uri)) subscribed.set(uri, servedVersion(catalog.get(parseSkillUri(uri)!.skill), uri));
    return {};
  });
  server.server.setRequestHandler("resources/unsubscribe", async ({ params: { uri } }) => {
    subscribed.delete(uri);
    return {};
  });
  return catalog.onChange(() => {
    for (const [uri, before] of subscribed) {
      const now = servedVersion(catalog.get(parseSkillUri(uri)!.skill), uri);
      if (now === before) continue;
      subscribed.set(uri, now);
      send(uri);
    }
  });
}

/** Compares each skill that changed with what it was, file by file: a change touches few skills of many. */
function tellEveryChange(catalog: Catalog, send: ResourceUpdatedSink): () => void {
  let seen = new Map(catalog.skills.map((s) => [s.name, s]));
  return catalog.onChange(() => {
    const now = new Map(catalog.skills.map((s) => [s.name, s]));
    for (const name of new Set([...seen.keys(), ...now.keys()])) {
      const before = seen.get(name);
      const after = now.get(name);
      if (before === after) continue;
      for (const uri of urisOf(name, before, after)) {
        if (servedVersion(before, uri) !== servedVersion(after, uri)) send(uri);
      }
    }
    seen = now;
  });
}

const urisOf = (name: string, ...versions: (CatalogSkill | undefined)[]): Set<string> =>
  new Set([skillUri(name, SKILL_MD), ...versions.flatMap((s) => s?.manifest.files.map((f) => skillUri(name, f.path)) ?? [])]);

/** Changes exactly when what the URI serves changes; undefined while nothing is served there. */
function servedVersion(skill: CatalogSkill | undefined, uri: string): unknown {
  const parsed = parseSkillUri(uri);
  if (!parsed || !skill) return undefined;
  if (parsed.path === SKILL_MD || parsed.path === skill.manifest.skill.entry) return skill;
  return skill.manifest.files.find((f) => f.path === parsed.path)?.digest;
}

import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SubscribeRequestSchema, UnsubscribeRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Catalog } from "../catalog.js";
import { invalidParams } from "../protocol-error.js";
import { parseSkillUri, SKILL_MD } from "../uri.js";

/**
 * `resources/subscribe` and `unsubscribe` for skill files: after a live edit (or a deletion)
 * changes what a subscribed `skill://` URI serves, the session gets one
 * `notifications/resources/updated` for it. Any well-formed skill:// URI may be subscribed,
 * even of a skill not served yet (it may appear with the next edit); any other URI is a resource
 * this server never serves: -32602, as resources/read answers it (SEP-2164).
 */
export function registerSubscriptions(server: McpServer, catalog: Catalog): () => void {
  // URI -> what it served when last checked (the version object of SKILL.md, a bundled file's digest).
  const subscribed = new Map<string, unknown>();
  server.server.setRequestHandler(SubscribeRequestSchema, async ({ params: { uri } }) => {
    if (!parseSkillUri(uri)) throw invalidParams(`RESOURCE_NOT_FOUND: ${uri} is not a skill file of this server; subscribe to skill://<skill>/<path> URIs (see resources/list)`);
    if (!subscribed.has(uri)) subscribed.set(uri, servedVersion(catalog, uri));
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async ({ params: { uri } }) => {
    subscribed.delete(uri);
    return {};
  });
  return catalog.onChange(() => {
    for (const [uri, before] of subscribed) {
      const now = servedVersion(catalog, uri);
      if (now === before) continue;
      subscribed.set(uri, now);
      if (server.isConnected()) server.server.sendResourceUpdated({ uri }).catch(() => undefined);
    }
  });
}

/** Changes exactly when what the URI serves changes; undefined while nothing is served there. */
function servedVersion(catalog: Catalog, uri: string): unknown {
  const parsed = parseSkillUri(uri);
  const skill = parsed && catalog.get(parsed.skill);
  if (!parsed || !skill) return undefined;
  if (parsed.path === SKILL_MD || parsed.path === skill.manifest.skill.entry) return skill;
  return skill.manifest.files.find((f) => f.path === parsed.path)?.digest;
}

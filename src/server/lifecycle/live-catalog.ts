import { isInside } from "../../skill/index.js";
import { log } from "../../log.js";
import type { Catalog } from "../catalog.js";
import { basename, relative, sep } from "node:path";
import { PIN_FILE, VERSIONS_DIR } from "../../compiler/index.js";
import { notSource, watchFolders, type SkillsWatcher } from "./watcher.js";

export interface LiveCatalogOptions {
  /** Every skills root the catalog serves. */
  roots: readonly string[];
  /** Where artifacts are written: the server's own writes there are not edits. */
  compiledRoot: string;
}

/**
 * Keeps a served catalog in step with its sources: each settled batch of changes pins the
 * served text of the skills it touched (calls running on that version finish on it), then
 * refreshes the catalog, which recompiles only what went stale and swaps in one step. A
 * rollback (`skvm rollback`, which writes a pin beside the artifact) is served the same way.
 */
export function keepCatalogLive(catalog: Catalog, opts: LiveCatalogOptions): SkillsWatcher {
  const sources = watchFolders({ roots: opts.roots, ignored: notSource([opts.compiledRoot]), onBatch: (paths) => void apply(catalog, paths) });
  const rollbacks = watchFolders({
    roots: [opts.compiledRoot],
    ignored: (path) => !onPinPath(opts.compiledRoot, path),
    onBatch: (paths) => [...paths].some((p) => basename(p) === PIN_FILE) && void apply(catalog, paths),
  });
  // Edits made while the watches were being set up are caught by one check once they are in place.
  const ready = Promise.all([sources.ready, rollbacks.ready]).then(() => catalog.refresh());
  return { ready, close: async () => void (await Promise.all([sources.close(), rollbacks.close()])) };
}

/** `compiled/`, `compiled/<skill>/`, its versions folder and the rollback pin in it: all a rollback watch needs. */
function onPinPath(compiledRoot: string, path: string): boolean {
  const parts = relative(compiledRoot, path).split(sep);
  if (parts[0] === "" || parts[0] === ".." || parts.length === 1) return parts[0] !== "..";
  return parts[1] === VERSIONS_DIR && (parts.length === 2 || (parts.length === 3 && parts[2] === PIN_FILE));
}

async function apply(catalog: Catalog, paths: ReadonlySet<string>): Promise<void> {
  const touched = catalog.skills.filter((s) => [...paths].some((p) => isInside(s.dir, p))).map((s) => s.name);
  await catalog.pin(touched);
  log.info({ paths: paths.size, skills: touched }, "skills changed on disk; recompiling");
  const started = performance.now();
  await catalog.refresh();
  log.info({ ms: Math.round(performance.now() - started), skills: catalog.names.length, problems: catalog.problems.length }, "catalog refreshed");
}

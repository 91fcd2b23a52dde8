import { isInside } from "../../skill/index.js";
import { log } from "../../log.js";
import type { Catalog } from "../catalog.js";
import { watchSkillRoots, type SkillsWatcher } from "./watcher.js";

export interface LiveCatalogOptions {
  /** Every skills root the catalog serves. */
  roots: readonly string[];
  /** Where artifacts are written: the server's own writes there are not edits. */
  compiledRoot: string;
}

/**
 * Keeps a served catalog in step with its sources: each settled batch of changes pins the
 * served text of the skills it touched (calls running on that version finish on it), then
 * refreshes the catalog, which recompiles only what went stale and swaps in one step.
 */
export function keepCatalogLive(catalog: Catalog, opts: LiveCatalogOptions): SkillsWatcher {
  const watcher = watchSkillRoots({ roots: opts.roots, ignore: [opts.compiledRoot], onBatch: (paths) => void apply(catalog, paths) });
  // Edits made while the watches were being set up are caught by one check once they are in place.
  void watcher.ready.then(() => catalog.refresh());
  return watcher;
}

async function apply(catalog: Catalog, paths: ReadonlySet<string>): Promise<void> {
  const touched = catalog.skills.filter((s) => [...paths].some((p) => isInside(s.dir, p))).map((s) => s.name);
  await catalog.pin(touched);
  log.info({ paths: paths.size, skills: touched }, "skills changed on disk; recompiling");
  const started = performance.now();
  await catalog.refresh();
  log.info({ ms: Math.round(performance.now() - started), skills: catalog.names.length, problems: catalog.problems.length }, "catalog refreshed");
}

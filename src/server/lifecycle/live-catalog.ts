import { ENTRY_NAMES, isInside } from "../../skill/index.js";
import { log } from "../../log.js";
import type { Catalog } from "../catalog.js";
import { existsSync } from "node:fs";
import { realpath } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
// The versions module alone: the compiler's face loads every pass.
import { PIN_FILE, VERSIONS_DIR } from "../../compiler/artifact-versions.js";
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
  let closed = false;
  // One watch per folder (a thousand for a thousand skills): set up once the first verification
  // has settled, every slow skill's first compile included, so neither the first answer nor a
  // slow skill's compile waits for it.
  const watching = catalog.whenSettled.then(() => (closed ? undefined : watchCatalog(catalog, opts)));
  return {
    ready: watching.then((live) => live?.ready),
    add: (folders) => void watching.then((live) => live?.add(folders)),
    close: async () => {
      closed = true;
      await (await watching)?.close();
    },
  };
}

function watchCatalog(catalog: Catalog, opts: LiveCatalogOptions): SkillsWatcher {
  const linked = new LinkedSkills(opts.roots);
  const sources = watchFolders({ roots: opts.roots, ignored: notSource([opts.compiledRoot]), onBatch: (paths) => void apply(catalog, linked.asServed(paths)) });
  const followLinks = async () => sources.add(await linked.newFolders(catalog.skills.map((s) => s.dir)));
  const rollbacks = watchFolders({
    roots: [opts.compiledRoot],
    ignored: (path) => !onPinPath(opts.compiledRoot, path),
    onBatch: (paths) => [...paths].some((p) => basename(p) === PIN_FILE) && void apply(catalog, paths),
  });
  // Edits made before the watches were in place are caught by one check once they are.
  const started = performance.now();
  const ready = Promise.all([sources.ready, rollbacks.ready]).then(() => {
    log.info({ roots: opts.roots.length, ms: Math.round(performance.now() - started) }, "watching skills for edits");
    return catalog.refresh();
  });
  void followLinks();
  const stop = catalog.onChange(() => void followLinks());
  return {
    ready,
    add: sources.add,
    close: async () => {
      stop();
      await Promise.all([sources.close(), rollbacks.close()]);
    },
  };
}

/**
 * Skill folders a root reaches through a link to somewhere else (a root of links to skills kept
 * elsewhere is common): watched at their real place, their changes reported under the served path.
 */
class LinkedSkills {
  readonly #realRoots: Promise<string[]>;
  /** Real folder -> the folder as served (through the link). */
  readonly #served = new Map<string, string>();
  readonly #seen = new Set<string>();

  constructor(roots: readonly string[]) {
    this.#realRoots = Promise.all(roots.map((r) => realpath(r).catch(() => r)));
  }

  /** The real folders of skills not seen before that lie outside every root. */
  async newFolders(dirs: readonly string[]): Promise<string[]> {
    const roots = await this.#realRoots;
    const found: string[] = [];
    for (const dir of dirs) {
      if (this.#seen.has(dir)) continue;
      this.#seen.add(dir);
      const real = await realpath(dir).catch(() => dir);
      if (roots.some((root) => isInside(root, real))) continue;
      this.#served.set(real, dir);
      found.push(real);
    }
    return found;
  }

  asServed(paths: ReadonlySet<string>): Set<string> {
    return new Set([...paths].map((p) => {
      for (const [real, served] of this.#served) if (isInside(real, p)) return join(served, relative(real, p));
      return p;
    }));
  }
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
  const scope = editedSkills(catalog, paths);
  log.info({ paths: paths.size, skills: touched, scope: scope ? scope.size : "all" }, "skills changed on disk; recompiling");
  const started = performance.now();
  await catalog.refresh(scope);
  log.info({ ms: Math.round(performance.now() - started), skills: catalog.names.length, problems: catalog.problems.length }, "catalog refreshed");
}

/**
 * The skill folders a batch edited, when it only edited files inside skills already known (each
 * still has its SKILL.md): those alone are recompiled. Anything else (a folder added or removed
 * in a root, a SKILL.md deleted) needs every skill looked at: undefined.
 */
function editedSkills(catalog: Catalog, paths: ReadonlySet<string>): Set<string> | undefined {
  // Problems of a root or of the whole catalog are named "(...)"; their folder is no skill's.
  const known = [...catalog.skills, ...catalog.problems].filter((s) => !s.name.startsWith("(")).map((s) => s.dir);
  const dirs = new Set<string>();
  for (const path of paths) {
    const dir = known.find((d) => isInside(d, path) && d !== path);
    if (!dir) return undefined;
    dirs.add(dir);
  }
  for (const dir of dirs) if (!ENTRY_NAMES.some((entry) => existsSync(join(dir, entry)))) return undefined;
  return dirs;
}

import { basename, resolve } from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { EXCLUDED_NAMES, isInside, Limits } from "../../skill/index.js";
import { log } from "../../log.js";

/** Changes this close together (an editor's write + rename, a `git checkout`) are one batch. */
export const WATCH_DEBOUNCE_MS = 50;
/** A stream of changes that never pauses still gets a batch out this often. */
const WATCH_MAX_WAIT_MS = 250;

export interface WatchOptions {
  /** Folders, each watched recursively. */
  roots: readonly string[];
  /** Paths (absolute) not to watch: nothing below an ignored folder is looked at. */
  ignored: (path: string) => boolean;
  /** Hears the changed paths (absolute) once a batch settles. */
  onBatch: (paths: ReadonlySet<string>) => void;
}

export interface SkillsWatcher {
  /** Resolves once every root is being watched (changes before that are not reported). */
  ready: Promise<void>;
  /** Watches more folders the same way (skill folders a root only links to). */
  add: (folders: readonly string[]) => void;
  close: () => Promise<void>;
}

/** What a skills root watch leaves out: what the source hash leaves out (node_modules, .git, __pycache__), and the server's own output. */
export const notSource = (ownFolders: readonly string[]) => {
  const own = ownFolders.map((p) => resolve(p));
  return (path: string): boolean => EXCLUDED_NAMES.has(basename(path)) || own.some((dir) => isInside(dir, path));
};

/**
 * Watches folders (skills roots) for edits, new and deleted files and folders, and reports them in
 * debounced batches. chokidar, not `fs.watch({recursive})`: on Linux, Node 20 emulates recursion
 * with a synchronous walk at start (0.5 s of blocked event loop for 1,000 skills) and stat
 * polling of every file, where chokidar watches each folder with inotify and costs nothing at idle.
 */
export function watchFolders(opts: WatchOptions): SkillsWatcher {
  const watcher: FSWatcher = watch(
    opts.roots.map((r) => resolve(r)),
    // Links are not followed (a skills tree may hold a link to /usr or /proc/self/root); the
    // skill folders a root links to are added one by one (see live-catalog.ts). Depth is bounded
    // as discovery (skills below a root) and the stat signature (folders in a skill) bound theirs.
    { ignoreInitial: true, followSymlinks: false, depth: 2 * Limits.discoveryDepth, ignored: (path) => opts.ignored(resolve(path)) },
  );
  const batch = debounced(opts.onBatch);
  for (const event of ["add", "addDir", "change", "unlink", "unlinkDir"] as const) watcher.on(event, (path: string) => batch.add(resolve(path)));
  // A watch that fails (inotify limit, a folder that vanished as it was added) costs live edits, never the server.
  watcher.on("error", (err) => log.warn(`watching skills: ${(err as Error).message}; edits there may need a restart`));
  const ready = new Promise<void>((done) => watcher.once("ready", () => done()));
  return {
    ready,
    // Never with nothing: chokidar counts the paths it must scan before "ready", and an empty add during the first scan stops that count.
    add: (folders) => void (folders.length && watcher.add([...folders])),
    close: async () => {
      batch.cancel();
      await watcher.close();
    },
  };
}

/** Collects paths and hands them over WATCH_DEBOUNCE_MS after the last one (at most WATCH_MAX_WAIT_MS after the first). */
function debounced(onBatch: (paths: ReadonlySet<string>) => void) {
  let paths = new Set<string>();
  let quiet: NodeJS.Timeout | undefined;
  let cap: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(quiet);
    clearTimeout(cap);
    quiet = cap = undefined;
    const done = paths;
    paths = new Set();
    if (done.size) onBatch(done);
  };
  return {
    add(path: string) {
      paths.add(path);
      clearTimeout(quiet);
      quiet = setTimeout(flush, WATCH_DEBOUNCE_MS);
      cap ??= setTimeout(flush, WATCH_MAX_WAIT_MS);
    },
    cancel() {
      clearTimeout(quiet);
      clearTimeout(cap);
      paths = new Set();
    },
  };
}

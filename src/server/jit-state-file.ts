import { createHash } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { SolidifyState } from "../jit/index.js";
import { log } from "../log.js";
import { skvmHome } from "../state-dir.js";

/** Where the solidification state of one compiled root lives: `$SKVM_HOME/jit/<hash>.json`. */
export function jitStatePath(compiledRoot: string): string {
  const hash = createHash("sha256").update(resolve(compiledRoot)).digest("hex").slice(0, 16);
  return join(skvmHome(), "jit", `${hash}.json`);
}

const empty = (): SolidifyState => ({ version: 1, templates: {} });

/** The saved state, read without the lock (writes are atomic renames); undefined when missing or unreadable. */
export async function readJitState(path: string): Promise<SolidifyState | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = parseState(text);
  return parsed.ok ? parsed.state : undefined;
}

function parseState(text: string): { ok: true; state: SolidifyState } | { ok: false; error: string } {
  try {
    return { ok: true, state: SolidifyState.parse(JSON.parse(text)) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** How long a server waits for another's lock before taking it over (it only covers a read and a write). */
const LOCK_PATIENCE_MS = 10_000;

/**
 * The state file shared by every server of one compiled folder (one stdio server per client
 * window). Each change is a read-modify-write of the file under an exclusive lock file, so no
 * count is lost and a promotion is decided once, by whichever server crosses the threshold. A
 * lock left by a killed server (its pid is gone) is taken over; the temp file has one fixed name
 * written only under the lock, so a kill -9 never leaves temp files piling up.
 */
export class JitStateStore {
  #chain: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  get #lock(): string {
    return `${this.path}.lock`;
  }

  get #tmp(): string {
    return `${this.path}.tmp`;
  }

  /** The file's mtime, to notice another server's writes cheaply. */
  async mtime(): Promise<number | undefined> {
    return (await stat(this.path).catch(() => undefined))?.mtimeMs;
  }

  /** Reads the state under the lock, lets `change` edit it, writes it back; one at a time per process. */
  update<T>(change: (state: SolidifyState) => T): Promise<T> {
    const next = this.#chain.then(() => this.#locked(async () => {
      const state = await this.#readOrSetAside();
      const result = change(state);
      await writeFile(this.#tmp, `${JSON.stringify(state, null, 2)}\n`);
      await rename(this.#tmp, this.path);
      return result;
    }));
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** The state on disk; a corrupt file is kept as `<file>.corrupt-<time>` and the state starts fresh. */
  async #readOrSetAside(): Promise<SolidifyState> {
    const text = await readFile(this.path, "utf8").catch(() => undefined);
    if (text === undefined) return empty();
    const parsed = parseState(text);
    if (parsed.ok) return parsed.state;
    const aside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await rename(this.path, aside);
    log.warn(`JIT state ${this.path} is unreadable (${parsed.error}); kept as ${aside}, starting fresh`);
    return empty();
  }

  async #locked<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true });
    const deadline = Date.now() + LOCK_PATIENCE_MS;
    for (;;) {
      const handle = await open(this.#lock, "wx").catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "EEXIST") throw err;
        return undefined;
      });
      if (handle) {
        await handle.writeFile(String(process.pid));
        await handle.close();
        break;
      }
      if ((await this.#holderIsGone()) || Date.now() > deadline) {
        log.warn(`JIT state lock ${this.#lock} is stale; taking it over`);
        await rm(this.#lock, { force: true });
        continue;
      }
      await sleep(5 + Math.random() * 10);
    }
    try {
      return await work();
    } finally {
      await rm(this.#lock, { force: true });
    }
  }

  /** The lock's owner died without releasing it (kill -9). */
  async #holderIsGone(): Promise<boolean> {
    const pid = Number(await readFile(this.#lock, "utf8").catch(() => ""));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === "ESRCH";
    }
  }
}

import { appendFile, mkdir, readFile, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { InstanceResult } from "./results.js";

/**
 * Finished instances of a profile run, one JSON line each, appended as they finish. An interrupted
 * run loses at most the instances in flight; `--resume` reads the file back and skips what is
 * there. A torn last line (a crash mid-write) is ignored.
 */
export class ResumeLog {
  private writes: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async load(): Promise<Map<string, InstanceResult>> {
    const text = await readFile(this.path, "utf8").catch(() => "");
    const done = new Map<string, InstanceResult>();
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const parsed = InstanceResult.safeParse(JSON.parse(line));
        if (parsed.success) done.set(parsed.data.key, parsed.data);
      } catch {
        // a torn line: that instance runs again
      }
    }
    return done;
  }

  append(result: InstanceResult): Promise<void> {
    this.writes = this.writes.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, `${JSON.stringify(result)}\n`);
    });
    return this.writes;
  }

  async clear(): Promise<void> {
    await this.writes;
    await rm(this.path, { force: true });
  }
}

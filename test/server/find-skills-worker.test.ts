import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The built index thread, spoken to as the server speaks to it (see src/server/find-skills-index.ts).
const WORKER = resolve("dist/src/server/find-skills-worker.js");

type Doc = { name: string; description: string; headings: string };
type Reply = { id: number; result?: { hits: { name: string }[] }; error?: string };

const doc = (name: string, description: string): Doc => ({ name, description, headings: "" });
/** The digest the thread writes on the saved index's first line: of the docs it indexed. */
const digestOf = (docs: Doc[]) => createHash("sha256").update("no-stored-fields\n").update(JSON.stringify(docs)).digest("hex");

/** Starts a thread, sends it these messages in order, and returns the answer to the query among them. */
async function ask(messages: object[]): Promise<Reply> {
  const worker = new Worker(WORKER);
  try {
    const reply = new Promise<Reply>((done, fail) => {
      worker.once("message", done);
      worker.once("error", fail);
    });
    for (const message of messages) worker.postMessage(message);
    return await reply;
  } finally {
    await worker.terminate();
  }
}

describe("the find_skills index thread reads a saved index ahead", () => {
  let root: string;
  const file = () => join(root, "catalog.search.json");
  const served = [doc("pdf-merge", "Merge the pages of PDF files."), doc("image-resize", "Scale pictures.")];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-index-thread-"));
    // An index of other words, saved by a thread; then labelled as the index of `served`.
    const other = [doc("pdf-merge", "Zebrafinch songs, merged."), doc("image-resize", "Scale pictures.")];
    const writer = new Worker(WORKER);
    try {
      writer.postMessage({ kind: "index", docs: other, file: file() });
      for (const until = Date.now() + 20_000; !(await stat(file()).then(() => true, () => false)) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await writer.terminate();
    }
    const text = await readFile(file(), "utf8");
    expect(text.slice(0, text.indexOf("\n"))).toBe(digestOf(other));
    await writeFile(file(), `${digestOf(served)}${text.slice(text.indexOf("\n"))}`);
  }, 30_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("uses what it read ahead when the catalog sent after has the saved digest", async () => {
    const reply = await ask([{ kind: "preload", file: file() }, { kind: "index", docs: served, file: file() }, { kind: "search", id: 7, query: "zebrafinch", limit: 5 }]);
    // Only the saved index has the word.
    expect(reply).toMatchObject({ id: 7, result: { hits: [{ name: "pdf-merge" }] } });
  });

  it("indexes the catalog sent when the saved digest is another's", async () => {
    const edited = [doc("pdf-merge", "Merge the pages of PDF files."), doc("image-resize", "Scale pictures of hummingbirds.")];
    const reply = await ask([{ kind: "preload", file: file() }, { kind: "index", docs: edited, file: file() }, { kind: "search", id: 8, query: "hummingbird zebrafinch", limit: 5 }]);
    expect(reply.result?.hits.map((h) => h.name)).toEqual(["image-resize"]);
  });
});

import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serialize } from "node:v8";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indexDigest } from "../../src/server/find-skills-saved.js";

// The built index thread, spoken to as the server speaks to it (see src/server/find-skills-index.ts).
const WORKER = resolve("dist/src/server/find-skills-worker.js");

type Doc = { name: string; description: string; headings: string };
type Reply = { id: number; result?: { total: number; hits: { name: string; score: number; matched: unknown[] }[] }; error?: string };

const doc = (name: string, description: string): Doc => ({ name, description, headings: "" });
/** The digest the thread writes on the saved index's first line: of the docs it indexed. */
const digestOf = (docs: Doc[]) => indexDigest(docs);

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
  const file = () => join(root, "catalog.search.bin");
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
    const saved = await readFile(file());
    const newline = saved.indexOf("\n");
    expect(saved.toString("latin1", 0, newline)).toBe(digestOf(other));
    await writeFile(file(), Buffer.concat([Buffer.from(digestOf(served)), saved.subarray(newline)]));
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

describe("the find_skills index read back from its saved state", () => {
  let root: string;
  const docs = [
    doc("pdf-merge", "Merge the pages of several PDF files into one document."),
    doc("pdf-form-filler", "Fill in the fields of PDF forms."),
    doc("image-resize", "Scale pictures and photos to a width."),
    { name: "slides", description: "Make a presentation deck.", headings: "Layout\nSpeaker notes\nExport to pptx" },
    doc("youtube-transcript", "Fetch the transcript of a YouTube video."),
  ];
  const queries = ["merge pdf", "fil pdf form", "resizing photographs", "speaker note", "youtub transcripts", "presentaton", "zzz"];
  const searches = (from: number) => queries.map((query, i) => ({ kind: "search", id: from + i, query, limit: 5 }));

  /** Every query's answer from one thread, in order. */
  async function answers(messages: object[]): Promise<Reply[]> {
    const worker = new Worker(WORKER);
    try {
      const replies: Reply[] = [];
      const done = new Promise<void>((resolve, reject) => {
        worker.on("message", (reply: Reply) => void (replies.push(reply) === queries.length && resolve()));
        worker.once("error", reject);
      });
      for (const message of messages) worker.postMessage(message);
      await done;
      return replies;
    } finally {
      await worker.terminate();
    }
  }
  const built = () => answers([{ kind: "index", docs }, ...searches(0)]);
  const readBack = (file: string) => answers([{ kind: "preload", file }, { kind: "index", docs, file }, ...searches(0)]);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-index-state-"));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("ranks, scores and explains every query as the index built from the same skills", async () => {
    const file = join(root, "saved.search.bin");
    const writer = new Worker(WORKER);
    try {
      writer.postMessage({ kind: "index", docs, file });
      await expect.poll(() => readFile(file).then((b) => b.toString("latin1", 0, 64), () => ""), { timeout: 20_000 }).toBe(digestOf(docs));
    } finally {
      await writer.terminate();
    }
    const expected = await built();
    expect(expected[0]?.result?.hits[0]?.name).toBe("pdf-merge");
    expect(await readBack(file)).toEqual(expected);
  }, 30_000);

  it("builds the index again when the saved state is torn or not this library's", async () => {
    const expected = await built();
    const torn = join(root, "torn.search.bin");
    await writeFile(torn, `${digestOf(docs)}\n${"\u00ff".repeat(40)}`, "latin1");
    expect(await readBack(torn)).toEqual(expected);
    const foreign = join(root, "foreign.search.bin");
    await writeFile(foreign, Buffer.concat([Buffer.from(`${digestOf(docs)}\n`), serialize({ fields: { _someOtherField: 1 }, tree: new Map() })]));
    expect(await readBack(foreign)).toEqual(expected);
  }, 30_000);
});

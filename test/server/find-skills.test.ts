import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

/** Skills a registry might hold, each described in its author's words (the queries below use other words). */
const SKILLS: [name: string, description: string, body?: string][] = [
  ["pptx-builder", "Create and edit PowerPoint presentations: layouts, speaker notes and themes."],
  ["pdf-forms", "Fill in and flatten fillable PDF forms; read AcroForm fields and their values."],
  ["pdf-merge", "Merge, split and rotate the pages of PDF files."],
  ["xlsx-editor", "Read and write Excel workbooks with formulas, pivot tables and charts."],
  ["speech-to-text", "Turn audio recordings into text transcripts with timestamps and speakers."],
  ["image-resize", "Scale, crop and convert PNG and JPEG pictures in bulk."],
  ["repo-digest", "Summarize a Git repository: recent commits, contributors and the files that change most."],
  ["office-helper", "Helpers for office files.", "# Office helper\n\n## Convert DOCX to Markdown\n\nRun pandoc.\n\n## Count words\n\nUse wc.\n"],
  ["calendar-sync", "Keep two calendars in step: events, invitations and reminders."],
  ["weather-now", "Current conditions and a five-day forecast for any city."],
  ["email-triage", "Sort an inbox: label, archive and draft replies to messages."],
  ["sql-runner", "Run read-only SQL queries against a SQLite or Postgres database and show the rows."],
  ["web-scraper", "Fetch pages and pull structured data out of HTML with CSS selectors."],
  ["chart-maker", "Draw bar, line and pie charts from CSV data as SVG."],
  ["translate-text", "Translate text between languages, keeping Markdown formatting."],
  ["video-trim", "Cut, join and re-encode video clips with ffmpeg."],
];

/** Enough look-alike skills that the catalog counts as large. */
const FILLER = Array.from({ length: 40 }, (_, i) => [`filler-${String(i).padStart(2, "0")}`, `Filler skill number ${i} for catalog size.`] as const);

const textOf = (result: unknown): string => ((result as { content: { text: string }[] }).content[0]?.text ?? "");

interface Found {
  total: number;
  results: { name: string; score: number; matched: { term: string; fields: string[] }[] }[];
}

describe("find_skills over a catalog built in the test", () => {
  let root: string;
  let conn: Connected;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-find-skills-"));
    const skills = join(root, "skills");
    for (const [name, description, body] of [...SKILLS, ...FILLER]) await writeSkill(skills, name, { "SKILL.md": skillMd(name, description, body) });
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`references/part-${i}.md`, `part ${i}\n`]));
    await writeSkill(skills, "many-files", { "SKILL.md": skillMd("many-files", "A skill bundling sixty reference files."), ...files });
    conn = await connectStdio(["--skills", skills, "--compiled", join(root, "compiled")], { SKVM_HOME: join(root, "home") });
  }, 120_000);
  afterAll(async () => {
    await conn?.close();
    await rm(root, { recursive: true, force: true });
  });

  const find = async (query: string, limit?: number): Promise<Found> =>
    JSON.parse(textOf(await conn.client.callTool({ name: "find_skills", arguments: limit === undefined ? { query } : { query, limit } })));

  // Paraphrases: synonyms (slide deck -> PowerPoint presentations), stems (transcribing -> transcripts), typos, headings.
  const cases: [query: string, best: string][] = [
    ["make a slide deck for the quarterly review", "pptx-builder"],
    ["fill out the fields of a PDF form", "pdf-forms"],
    ["combine several PDFs into one", "pdf-merge"],
    ["crunch numbers in a spreadsheet with formulas", "xlsx-editor"],
    ["transcribing recorded interviews", "speech-to-text"],
    ["shrink photos", "image-resize"],
    ["summary of a github repo", "repo-digest"],
    ["powerpont presentaton", "pptx-builder"],
    ["convert a docx file to markdown", "office-helper"],
    ["will it rain tomorrow forecast", "weather-now"],
    ["plot a graph from csv", "chart-maker"],
  ];
  it.each(cases)("%j ranks %s first", async (query, best) => {
    const found = await find(query);
    expect(found.results[0]?.name, JSON.stringify(found.results.map((r) => r.name))).toBe(best);
  });

  it("says why a skill matched: the skill's (stemmed) words and the fields they are in", async () => {
    const found = await find("convert a docx file to markdown");
    const top = found.results[0];
    expect(top?.matched).toEqual(expect.arrayContaining([{ term: "docx", fields: ["headings"] }, { term: "markdown", fields: ["headings"] }]));
    const slides = (await find("slide deck")).results[0];
    // "slide" reached "presentations" through its synonyms; the index holds stems.
    expect(slides?.matched).toEqual(expect.arrayContaining([{ term: "present", fields: ["description"] }, { term: "powerpoint", fields: ["description"] }]));
  });

  it("returns at most `limit` skills, best first, and counts every match", async () => {
    const found = await find("pdf", 1);
    expect(found.results).toHaveLength(1);
    expect(found.total).toBeGreaterThanOrEqual(2);
    const two = await find("pdf", 2);
    expect(two.results.map((r) => r.name).sort()).toEqual(["pdf-forms", "pdf-merge"]);
    expect(two.results[0]!.score).toBeGreaterThanOrEqual(two.results[1]!.score);
  });

  it("a query that matches nothing returns no skills and a next step", async () => {
    const found = await find("zzqx qqzv");
    expect(found.results).toEqual([]);
    expect(JSON.stringify(found)).toContain("list_skills");
  });

  it("tells the model to search when the catalog is large", async () => {
    expect(conn.client.getInstructions()).toMatch(/There are 57 skills, too many to read: search with find_skills/);
  });

  it("list_skills pages through every skill in name order with a cursor, each page bounded", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: cursor === undefined ? { limit: 25 } : { limit: 25, cursor } })));
      expect(page.total).toBe(57);
      sizes.push(page.skills.length);
      seen.push(...page.skills.map((s: { name: string }) => s.name));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(sizes).toEqual([25, 25, 7]);
    expect(seen).toEqual([...SKILLS.map((s) => s[0]), ...FILLER.map((s) => s[0]), "many-files"].sort());
  });

  it("list_skills lists the first 50 files of a skill and how many it has; a made-up cursor is an error with a hint", async () => {
    const cursor = Buffer.from("many-filer", "utf8").toString("base64url");
    const page = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: { cursor, limit: 1 } })));
    expect(page.skills[0]).toMatchObject({ name: "many-files", filesTotal: 60 });
    expect(page.skills[0].files).toHaveLength(50);
    const bad = await conn.client.callTool({ name: "list_skills", arguments: { cursor: "not a cursor!" } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^INVALID_CURSOR: .*hint: omit cursor/);
  });
});

describe("the find_skills index between starts", () => {
  let root: string;
  const skills = () => join(root, "skills");
  let promptChanges = 0;
  const serve = () => {
    const client = new Client({ name: "skvm-test", version: "0" });
    client.setNotificationHandler('notifications/prompts/list_changed', () => void promptChanges++);
    return connectStdio(["--skills", skills(), "--compiled", join(root, "compiled")], { SKVM_HOME: join(root, "home") }, client);
  };
  const find = async (conn: Connected, query: string): Promise<Found> => JSON.parse(textOf(await conn.client.callTool({ name: "find_skills", arguments: { query } })));
  const savedIndex = async () => {
    const folder = join(root, "home", "compile-cache");
    const file = (await readdir(folder).catch(() => [])).find((f) => f.endsWith(".search.bin"));
    return file === undefined ? undefined : readFile(join(folder, file), "utf8");
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-find-index-"));
    for (const [name, description] of SKILLS.slice(0, 6)) await writeSkill(skills(), name, { "SKILL.md": skillMd(name, description) });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("is kept beside the compile cache for the catalog it indexes, and a catalog edited while no server ran is indexed as served", async () => {
    const first = await serve();
    try {
      expect((await find(first, "merge pdf pages")).results[0]?.name).toBe("pdf-merge");
      // The first line is the digest of the skills it indexes; the rest is the index.
      await expect.poll(async () => (await savedIndex())?.split("\n")[0], { timeout: 30_000 }).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await first.close();
    }
    const before = await savedIndex();
    // Edited while no server ran: the next start lists from the compile cache, then serves (and indexes) the edit.
    await writeSkill(skills(), "image-resize", { "SKILL.md": skillMd("image-resize", "Scale pictures of zebrafinch migration routes.") });
    promptChanges = 0;
    const second = await serve();
    try {
      await expect.poll(async () => (await find(second, "zebrafinch")).results.map((r) => r.name), { timeout: 30_000, interval: 200 }).toEqual(["image-resize"]);
      // The stale listing was corrected with one list_changed, once everything is checked.
      await expect.poll(async () => JSON.parse(textOf(await second.client.callTool({ name: "list_skills", arguments: {} }))).checking, { timeout: 30_000 }).toBeUndefined();
      await expect.poll(() => promptChanges, { timeout: 10_000 }).toBe(1);
      await expect.poll(savedIndex, { timeout: 30_000 }).not.toBe(before);
      expect(await savedIndex()).toContain("zebrafinch");
      expect(promptChanges).toBe(1);
    } finally {
      await second.close();
    }
  }, 90_000);
});

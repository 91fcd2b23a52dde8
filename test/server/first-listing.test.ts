import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectStdio, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

/** A client that counts tools/list_changed from the very first message (the handler is set before connecting). */
async function countingClient(args: string[], env: Record<string, string>): Promise<{ conn: Connected; changes: () => number }> {
  let changes = 0;
  const client = new Client({ name: "skvm-test", version: "0" });
  client.setNotificationHandler('notifications/tools/list_changed', () => void changes++);
  return { conn: await connectStdio(args, env, client), changes: () => changes };
}

const toolNames = async (conn: Connected) => (await conn.client.listTools()).tools.map((t) => t.name);
const settle = () => new Promise((r) => setTimeout(r, 1500));
type Listing = { checking?: string; skills: { name: string; description: string; ready: boolean | "unknown" }[] };
const listing = async (conn: Connected) => JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: {} }))) as Listing;
const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("the first tools/list is already true about readiness", () => {
  let root: string;
  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];
  const env = () => ({ SKVM_HOME: join(root, "home") });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-first-list-"));
    const skills = join(root, "skills");
    // Needs an executable nobody has: never ready.
    await writeSkill(skills, "needs-tool", {
      "SKILL.md": skillMd("needs-tool", "Runs a tool that is not installed", "# Run\n\n```bash\nbash scripts/run.sh\n```\n"),
      "scripts/run.sh": "#!/bin/bash\nskvm-absent-tool --version\n",
    });
    // Needs python3, which is there: ready once checked.
    await writeSkill(skills, "has-python", {
      "SKILL.md": skillMd("has-python", "Runs a Python script", "# Run\n\n```bash\npython3 scripts/hello.py\n```\n"),
      "scripts/hello.py": "print('hello')\n",
    });
    // Nothing to check: ready without a check.
    await writeSkill(skills, "plain", { "SKILL.md": skillMd("plain", "Instructions only") });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("on a first start, offers no skill whose environment is unknown or missing, then one list_changed when the check is done", async () => {
    const { conn, changes } = await countingClient(args(), env());
    try {
      const first = await toolNames(conn);
      expect(first).toContain("plain");
      expect(first).not.toContain("needs-tool");
      expect(first).not.toContain("has-python");
      await expect.poll(() => toolNames(conn), { timeout: 30_000 }).toContain("has-python");
      await settle();
      expect(await toolNames(conn)).not.toContain("needs-tool");
      expect(changes()).toBe(1);
    } finally {
      await conn.close();
    }
  });

  it("after a restart, the first answer comes from the verdicts on record, and nothing changes after", async () => {
    const { conn, changes } = await countingClient(args(), env());
    try {
      const first = await toolNames(conn);
      expect(first).toEqual(expect.arrayContaining(["plain", "has-python"]));
      expect(first).not.toContain("needs-tool");
      // Once list_skills says nothing is being checked any more, give any late notification time to arrive.
      await expect.poll(async () => (await listing(conn)).checking, { timeout: 30_000 }).toBeUndefined();
      await settle();
      expect(changes()).toBe(0);
    } finally {
      await conn.close();
    }
  });
});

describe("the first list_skills page does not wait for the catalog's verification", () => {
  let root: string;
  // As in a large catalog: no skill has a tool of its own, so no verdict is read before the first answer.
  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled"), "--max-skill-tools", "1"];
  const env = () => ({ SKVM_HOME: join(root, "home") });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-first-page-"));
    await writeSkill(join(root, "skills"), "needs-tool", {
      "SKILL.md": skillMd("needs-tool", "Runs a tool that is not installed", "# Run\n\n```bash\nbash scripts/run.sh\n```\n"),
      "scripts/run.sh": "#!/bin/bash\nskvm-absent-tool --version\n",
    });
    await writeSkill(join(root, "skills"), "slow", { "SKILL.md": skillMd("slow", "Slow, first version") });
    // A first start leaves the compile cache the next start answers from.
    const first = await connectStdio(args(), env());
    for (const until = Date.now() + 30_000; (await listing(first)).checking && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    await first.close();
  }, 60_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("answers from the compile cache, says what is not checked yet, and serves the edit made while the server was down later", async () => {
    // Edited while no server ran, into a body the parser needs its whole deadline for: verification cannot be done early.
    await writeSkill(join(root, "skills"), "slow", { "SKILL.md": skillMd("slow", "Slow, second version", `${"a`` ".repeat(250_000)}\n`) });
    const conn = await connectStdio(args(), env());
    try {
      const first = await listing(conn);
      expect(first.checking).toMatch(/still being checked/);
      expect(first.skills.find((s) => s.name === "slow")?.description).toBe("Slow, first version");
      expect(first.skills.find((s) => s.name === "needs-tool")?.ready).toBe("unknown");
      await expect.poll(async () => (await listing(conn)).checking, { timeout: 60_000, interval: 250 }).toBeUndefined();
      const settled = await listing(conn);
      expect(settled.skills.find((s) => s.name === "slow")?.description).toBe("Slow, second version");
      expect(settled.skills.find((s) => s.name === "needs-tool")?.ready).toBe(false);
    } finally {
      await conn.close();
    }
  }, 90_000);
});

/** Preload for the server: counts the manifests its main thread parses until it answers initialize, and says so on stderr. */
const COUNT_MANIFEST_PARSES = `import { isMainThread } from "node:worker_threads";
if (isMainThread) {
  let parsed = 0;
  const parse = JSON.parse;
  JSON.parse = function (text, reviver) {
    if (typeof text === "string" && text.includes('"schemaVersion":1')) parsed++;
    return parse.call(this, text, reviver);
  };
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    if (String(chunk).includes('"serverInfo"')) process.stderr.write("manifests parsed before initialize was answered: " + parsed + "\\n");
    return write(chunk, ...rest);
  };
}
`;

// At 2,300 skills the manifests in the compile cache are 18 MB: a restart lists and searches from
// the skills' listings, and each manifest is parsed when first read (the first check reads them).
describe("a restart answers before parsing any skill's manifest", () => {
  let root: string;
  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled"), "--max-skill-tools", "1"];
  const env = () => ({ SKVM_HOME: join(root, "home") });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-lean-start-"));
    await writeFile(join(root, "count.mjs"), COUNT_MANIFEST_PARSES);
    await writeSkill(join(root, "skills"), "pdf-merge", { "SKILL.md": skillMd("pdf-merge", "Merge the pages of several PDF files into one", "# Merge pages\n\nUse qpdf.\n") });
    await writeSkill(join(root, "skills"), "image-resize", { "SKILL.md": skillMd("image-resize", "Scale pictures to a given width", "# Resize\n\nUse convert.\n") });
    const first = await connectStdio(args(), env());
    for (const until = Date.now() + 30_000; (await listing(first)).checking && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    await first.close();
  }, 60_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("lists, prompts and searches from the compile cache's listings, then serves content once checked", async () => {
    const conn = await connectStdio(args(), { ...env(), NODE_OPTIONS: `--import ${pathToFileURL(join(root, "count.mjs")).href}` });
    try {
      expect(conn.stderr()).toMatch(/manifests parsed before initialize was answered: 0\n/);
      expect(await toolNames(conn)).toEqual(expect.arrayContaining(["list_skills", "load_skill", "find_skills"]));
      const prompts = (await conn.client.listPrompts()).prompts;
      expect(prompts.map((p) => [p.name, p.description])).toEqual([["image-resize", "Scale pictures to a given width"], ["pdf-merge", "Merge the pages of several PDF files into one"]]);
      const found = JSON.parse(textOf(await conn.client.callTool({ name: "find_skills", arguments: { query: "combine pdf pages" } }))) as { results: { name: string; description: string }[] };
      expect(found.results[0]).toMatchObject({ name: "pdf-merge", description: "Merge the pages of several PDF files into one" });
      const loaded = textOf(await conn.client.callTool({ name: "load_skill", arguments: { name: "pdf-merge" } }));
      expect(loaded).toContain("Use qpdf.");
    } finally {
      await conn.close();
    }
  }, 60_000);

  /** Cuts image-resize's manifest short in the compile cache, as a torn write or a bad disk would. */
  const damageCachedManifest = async (): Promise<string> => {
    const folder = join(root, "home", "compile-cache");
    const [cacheFile = ""] = (await readdir(folder)).filter((f) => f.endsWith(".json"));
    const lines = (await readFile(join(folder, cacheFile), "utf8")).split("\n");
    await writeFile(join(folder, cacheFile), lines.map((l) => (l.includes('"name":"image-resize"') ? `${l.slice(0, l.indexOf("\t"))}\t{"skill": ` : l)).join("\n"));
    return join(folder, cacheFile);
  };

  it("starts, lists and lists resources at once with a damaged cached manifest, one tool per skill (the default)", async () => {
    await damageCachedManifest();
    // Up to 32 skills each get a tool, so the start primes their readiness from their manifests.
    const conn = await connectStdio(["--skills", join(root, "skills"), "--compiled", join(root, "compiled")], env());
    try {
      expect(await toolNames(conn)).toEqual(expect.arrayContaining(["image-resize", "pdf-merge"]));
      const first = JSON.parse(textOf(await conn.client.callTool({ name: "list_skills", arguments: {} }))) as { skills: { name: string }[] };
      expect(first.skills.map((s) => s.name)).toEqual(["image-resize", "pdf-merge"]);
      const resources = (await conn.client.listResources()).resources.map((r) => r.uri);
      expect(resources.some((uri) => uri.includes("image-resize"))).toBe(true);
    } finally {
      await conn.close();
    }
  }, 60_000);

  it("serves a skill whose cached manifest is damaged once the first check has read it again", async () => {
    const cache = await damageCachedManifest();
    const conn = await connectStdio(args(), env());
    try {
      expect(JSON.parse(textOf(await conn.client.callTool({ name: "find_skills", arguments: { query: "scale pictures" } }))).results[0]?.name).toBe("image-resize");
      expect(textOf(await conn.client.callTool({ name: "load_skill", arguments: { name: "image-resize" } }))).toContain("Use convert.");
      await expect.poll(async () => (await listing(conn)).skills.map((s) => [s.name, s.ready]), { timeout: 30_000 }).toEqual([["image-resize", true], ["pdf-merge", true]]);
    } finally {
      await conn.close();
    }
    // The next start finds the line written again.
    expect((await readFile(cache, "utf8")).split("\n").find((l) => l.includes('"name":"image-resize"'))).toMatch(/\t\{"/);
  }, 60_000);
});

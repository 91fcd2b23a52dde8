import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { PIN_2026 } from "../helpers/eras.js";
import { connectStdio, startHttp, type Connected } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";

const textOf = (r: { content: unknown }) => (r.content as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";
const EVENTUALLY = { timeout: 20_000, interval: 50 };
const workflowBlock = (yaml: string) => `# Flow\n\n\`\`\`yaml workflow\n${yaml}\n\`\`\`\n`;

// A quote left open across keys: YAML no repairer can fix safely (an unclosed `[` is repaired now).
const BROKEN_YAML = "---\nname: alpha\ndescription: \"unclosed\nmetadata: x\n---\n# Alpha broken\n";

describe("skills edited while the server runs (watching is on by default)", () => {
  let root: string;
  let server: Connected;
  const counts = { tools: 0, prompts: 0, resources: 0 };
  const updated: string[] = [];
  const logged: string[] = [];
  const skills = () => join(root, "skills");

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-live-"));
    await writeSkill(skills(), "alpha", { "SKILL.md": skillMd("alpha", "Alpha, first version", "# Alpha v1\n") });
    await writeSkill(skills(), "beta", { "SKILL.md": skillMd("beta", "Beta skill", "# Beta\n") });
    // A skill the root only links to, kept elsewhere.
    await writeSkill(join(root, "elsewhere"), "delta", { "SKILL.md": skillMd("delta", "Delta, linked", "# Delta v1\n") });
    await symlink(join(root, "elsewhere/delta"), join(skills(), "delta"));
    server = await connectStdio(["--skills", skills(), "--compiled", join(root, "compiled")], { SKVM_HOME: join(root, "home") });
    const { client } = server;
    client.setNotificationHandler('notifications/tools/list_changed', () => void counts.tools++);
    client.setNotificationHandler('notifications/prompts/list_changed', () => void counts.prompts++);
    client.setNotificationHandler('notifications/resources/list_changed', () => void counts.resources++);
    client.setNotificationHandler('notifications/resources/updated', (n) => void updated.push(n.params.uri));
    client.setNotificationHandler('notifications/message', (n) => void logged.push(String(n.params.data)));
    // The first listing is settled (and the watches are set up once the catalog is verified).
    expect(textOf(await client.callTool({ name: "load_skill", arguments: { name: "alpha" } }))).toContain("# Alpha v1");
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  const loadText = async (name: string) => textOf(await server.client.callTool({ name: "load_skill", arguments: { name } }));
  const promptNames = async () => (await server.client.listPrompts()).prompts.map((p) => p.name);

  it("serves an edited SKILL.md: the client hears list_changed and resources/updated, and reads the new text", async () => {
    const { client } = server;
    await client.subscribeResource({ uri: "skill://alpha/SKILL.md" });
    await client.subscribeResource({ uri: "skill://beta/SKILL.md" });
    const before = { ...counts };
    await writeFile(join(skills(), "alpha/SKILL.md"), skillMd("alpha", "Alpha, second version", "# Alpha v2\n"));

    await expect.poll(() => loadText("alpha"), EVENTUALLY).toContain("# Alpha v2");
    await expect.poll(() => updated, EVENTUALLY).toContain("skill://alpha/SKILL.md");
    await expect.poll(() => counts.prompts, EVENTUALLY).toBeGreaterThan(before.prompts);
    await expect.poll(() => counts.tools, EVENTUALLY).toBeGreaterThan(before.tools);
    await expect.poll(() => counts.resources, EVENTUALLY).toBeGreaterThan(before.resources);
    const read = await client.readResource({ uri: "skill://alpha/SKILL.md" });
    expect((read.contents[0] as { text: string }).text).toContain("# Alpha v2");
    expect((await client.listPrompts()).prompts.find((p) => p.name === "alpha")?.description).toBe("Alpha, second version");
    // The skills extension listing follows: its digest is of the new text.
    const listed = (await client.request({ method: "skills/list", params: {} }, (await import("zod")).z.any())) as { skills: { uri: string; frontmatter: Record<string, unknown> }[] };
    expect(listed.skills.find((s) => s.uri === "skill://alpha/SKILL.md")?.frontmatter.description).toBe("Alpha, second version");
    // beta did not change: no update for it.
    expect(updated).not.toContain("skill://beta/SKILL.md");
  }, 60_000);

  it("accepts a subscription to any skill:// URI and refuses other URIs with -32602; unsubscribing stops updates", async () => {
    const { client } = server;
    await expect(client.subscribeResource({ uri: "test://watched-resource" })).rejects.toMatchObject({ code: -32602 });
    await client.subscribeResource({ uri: "skill://not-yet/SKILL.md" });
    await client.unsubscribeResource({ uri: "skill://alpha/SKILL.md" });
    const seen = updated.length;
    const resourcesBefore = counts.resources;
    await writeFile(join(skills(), "alpha/SKILL.md"), skillMd("alpha", "Alpha, third version", "# Alpha v3\n"));
    await expect.poll(() => loadText("alpha"), EVENTUALLY).toContain("# Alpha v3");
    // An update would have come before the (coalesced) resources list_changed of the same change.
    await expect.poll(() => counts.resources, EVENTUALLY).toBeGreaterThan(resourcesBefore);
    expect(updated.slice(seen)).toEqual([]);
  }, 60_000);

  it("serves a new skill folder and withdraws a deleted one", async () => {
    await writeSkill(skills(), "gamma", { "SKILL.md": skillMd("gamma", "Gamma, added while serving", "# Gamma\n") });
    await expect.poll(promptNames, EVENTUALLY).toContain("gamma");
    expect(await loadText("gamma")).toContain("# Gamma");
    await rm(join(skills(), "beta"), { recursive: true });
    await expect.poll(promptNames, EVENTUALLY).not.toContain("beta");
    expect((await server.client.listTools()).tools.map((t) => t.name)).not.toContain("beta");
    // The subscribed beta SKILL.md is gone: its subscriber hears it.
    expect(updated).toContain("skill://beta/SKILL.md");
  }, 60_000);

  it("keeps the last good version serving through invalid YAML and a workflow cycle, and says why", async () => {
    await writeFile(join(skills(), "alpha/SKILL.md"), BROKEN_YAML);
    await expect.poll(() => logged.find((l) => l.startsWith("skill edit not applied: alpha")), EVENTUALLY).toBeDefined();
    expect(await loadText("alpha")).toContain("# Alpha v3");
    const listing = JSON.parse(textOf(await server.client.callTool({ name: "list_skills", arguments: {} }))) as { skills: { name: string }[]; problems: { name: string; error: string }[] };
    expect(listing.skills.map((s) => s.name)).toContain("alpha");
    expect(listing.problems.find((p) => p.name === "alpha")?.error).toMatch(/last good version .* is still served/);

    const cycle = workflowBlock("nodes:\n  - { id: a, run: echo a, dependsOn: b }\n  - { id: b, run: echo b, dependsOn: a }");
    await writeFile(join(skills(), "alpha/SKILL.md"), skillMd("alpha", "Alpha with a cycle", cycle));
    await expect.poll(() => logged.find((l) => l.includes("WORKFLOW_CYCLE")), EVENTUALLY).toBeDefined();
    expect(await loadText("alpha")).toContain("# Alpha v3");

    // Fixed: the new version serves and the problem is gone.
    await writeFile(join(skills(), "alpha/SKILL.md"), skillMd("alpha", "Alpha, fixed", "# Alpha v4\n"));
    await expect.poll(() => loadText("alpha"), EVENTUALLY).toContain("# Alpha v4");
    const fixed = JSON.parse(textOf(await server.client.callTool({ name: "list_skills", arguments: {} }))) as { problems: { name: string }[] };
    expect(fixed.problems.map((p) => p.name)).not.toContain("alpha");
  }, 60_000);

  it("answers 100 concurrent calls across a swap, each on one consistent version", async () => {
    // The new version has a new bundled file: text and file list must come from the same version.
    const call = async () => {
      const result = await server.client.callTool({ name: "load_skill", arguments: { name: "alpha" } });
      expect(result.isError).toBeFalsy();
      const text = textOf(result);
      const version = text.includes("# Alpha v5") ? "new" : text.includes("# Alpha v4") ? "old" : "neither";
      expect(text.includes("references/v5.md")).toBe(version === "new");
      return version;
    };
    const first = Array.from({ length: 10 }, call);
    await writeSkill(skills(), "alpha", { "references/v5.md": "# Notes for v5\n", "SKILL.md": skillMd("alpha", "Alpha, fifth", "# Alpha v5\n\nSee references/v5.md.\n") });
    const versions = await Promise.all(first);
    // The rest go out in waves while the watcher recompiles and swaps.
    while (versions.length < 100) versions.push(...(await Promise.all(Array.from({ length: 10 }, call))));
    expect(versions).not.toContain("neither");
    expect(versions[0]).toBe("old");
    await expect.poll(call, EVENTUALLY).toBe("new");
  }, 90_000);

  it("follows a skill folder the root links to (the link itself is not followed blindly)", async () => {
    await writeFile(join(root, "elsewhere/delta/SKILL.md"), skillMd("delta", "Delta, linked, edited", "# Delta v2\n"));
    await expect.poll(() => loadText("delta"), EVENTUALLY).toContain("# Delta v2");
  }, 60_000);

  it("sends each list_changed at most once per change (coalesced), never a burst", () => {
    // Writes so far, each at most one change: alpha v2, v3, gamma added, beta removed, two rejected
    // edits, v4, v5 (two files), delta v2. Uncoalesced, adding gamma or removing beta alone sends
    // two tools/list_changed (load_skill's enum and the skill's own tool).
    const writes = 11;
    expect(counts.prompts).toBeLessThanOrEqual(writes);
    expect(counts.resources).toBeLessThanOrEqual(writes);
    expect(counts.tools).toBeLessThanOrEqual(writes);
  });
});

describe.each(["stdio", "streamable"] as const)("skills edited while 2026-07-28 clients listen (%s)", (transport) => {
  let root: string;
  let client: Client;
  let stop: () => Promise<void>;
  const updated: string[] = [];
  let promptsChanged = 0;
  const skills = () => join(root, "skills");
  const modern = (name: string) => new Client({ name, version: "0" }, PIN_2026);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-live-modern-"));
    await writeSkill(skills(), "alpha", { "SKILL.md": skillMd("alpha", "Alpha v1", "# Alpha v1\n"), "references/a.md": "# A v1\n" });
    await writeSkill(skills(), "beta", { "SKILL.md": skillMd("beta", "Beta v1", "# Beta v1\n") });
    const args = ["--skills", skills(), "--compiled", join(root, "compiled")];
    const env = { SKVM_HOME: join(root, "home") };
    client = modern(`listen-${transport}`);
    if (transport === "stdio") stop = (await connectStdio(args, env, client)).close;
    else {
      const http = await startHttp(args, env);
      await client.connect(new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`)));
      stop = async () => {
        await client.close();
        await http.stop();
      };
    }
    client.setNotificationHandler("notifications/resources/updated", (n) => void updated.push(n.params.uri));
    client.setNotificationHandler("notifications/prompts/list_changed", () => void promptsChanged++);
    expect(textOf(await client.callTool({ name: "load_skill", arguments: { name: "alpha" } }))).toContain("# Alpha v1");
  }, 60_000);
  afterAll(async () => {
    await stop?.();
    await rm(root, { recursive: true, force: true });
  });

  it("keeps lists briefly while watching (ttlMs 5 s)", async () => {
    expect((await client.listTools()).ttlMs).toBe(5_000);
    expect((await client.listPrompts()).ttlMs).toBe(5_000);
  });

  it("sends resources/updated on subscriptions/listen for each subscribed URI an edit changed, and no other", async () => {
    const subscription = await client.listen({ resourceSubscriptions: ["skill://alpha/SKILL.md", "skill://alpha/references/a.md", "skill://beta/SKILL.md"], promptsListChanged: true });
    try {
      await writeFile(join(skills(), "alpha/SKILL.md"), skillMd("alpha", "Alpha v2", "# Alpha v2\n"));
      await expect.poll(() => updated, EVENTUALLY).toContain("skill://alpha/SKILL.md");
      await expect.poll(() => promptsChanged, EVENTUALLY).toBeGreaterThan(0);
      expect(updated).not.toContain("skill://alpha/references/a.md");
      const read = await client.readResource({ uri: "skill://alpha/SKILL.md" });
      expect((read.contents[0] as { text: string }).text).toContain("# Alpha v2");

      await writeFile(join(skills(), "alpha/references/a.md"), "# A v2\n");
      await expect.poll(() => updated, EVENTUALLY).toContain("skill://alpha/references/a.md");
      expect(updated).not.toContain("skill://beta/SKILL.md");
    } finally {
      await subscription.close();
    }
  }, 60_000);
});

describe("lists kept by 2026-07-28 clients of a server that does not watch", () => {
  it("carry ttlMs of 5 minutes with --no-watch", async () => {
    const root = await mkdtemp(join(tmpdir(), "skvm-live-nowatch-"));
    try {
      await writeSkill(join(root, "skills"), "alpha", { "SKILL.md": skillMd("alpha", "Alpha", "# Alpha\n") });
      const client = new Client({ name: "nowatch", version: "0" }, PIN_2026);
      const server = await connectStdio(["--skills", join(root, "skills"), "--compiled", join(root, "compiled"), "--no-watch"], { SKVM_HOME: join(root, "home") }, client);
      try {
        expect((await client.listTools()).ttlMs).toBe(300_000);
      } finally {
        await server.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("a server killed (SIGKILL) during a background recompile", () => {
  let root: string;
  const OTHERS = Array.from({ length: 30 }, (_, i) => `skill-${String(i).padStart(2, "0")}`);
  const body = (name: string, version: string) => `# ${name} ${version}\n\n${"Some steps to follow.\n".repeat(200)}`;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-live-kill-"));
    await writeSkill(join(root, "skills"), "alpha", { "SKILL.md": skillMd("alpha", "alpha old", "# Alpha good\n") });
    for (const name of OTHERS) await writeSkill(join(root, "skills"), name, { "SKILL.md": skillMd(name, `${name} old`, body(name, "old")) });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const args = () => ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];
  const env = () => ({ SKVM_HOME: join(root, "home"), SKVM_LOG_LEVEL: "info" });
  type Listing = { skills: { name: string; description: string }[]; problems: { name: string; error: string }[] };
  const listing = async (c: Connected) => JSON.parse(textOf(await c.client.callTool({ name: "list_skills", arguments: {} }))) as Listing;

  it("restarts serving the previous good version of a broken edit, and one whole version of every other skill", async () => {
    const first = await connectStdio(args(), env());
    expect(textOf(await first.client.callTool({ name: "load_skill", arguments: { name: "alpha" } }))).toContain("# Alpha good");
    // The watches are set up once the first verification settled; the edits below are for them to see.
    await expect.poll(() => first.stderr(), EVENTUALLY).toContain("watching skills for edits");
    // One broken edit and thirty good ones land together; the kill comes as their recompile starts.
    await writeFile(join(root, "skills/alpha/SKILL.md"), BROKEN_YAML);
    for (const name of OTHERS) await writeFile(join(root, "skills", name, "SKILL.md"), skillMd(name, `${name} new`, body(name, "new")));
    await expect.poll(() => first.stderr(), EVENTUALLY).toContain("recompiling");
    process.kill(first.pid!, "SIGKILL");
    await first.close();

    const second = await connectStdio(args(), env());
    try {
      expect(textOf(await second.client.callTool({ name: "load_skill", arguments: { name: "alpha" } }))).toContain("# Alpha good");
      const after = await listing(second);
      expect(after.skills.find((s) => s.name === "alpha")?.description).toBe("alpha old");
      expect(after.problems.find((p) => p.name === "alpha")?.error).toMatch(/last good version/);
      // Each other skill is served whole: its text and its listing from the same (new) version.
      for (const name of OTHERS) {
        const text = textOf(await second.client.callTool({ name: "load_skill", arguments: { name } }));
        expect(text).toContain(`# ${name} new`);
        expect(after.skills.find((s) => s.name === name)?.description).toBe(`${name} new`);
      }
    } finally {
      await second.close();
    }
  }, 120_000);
});

describe("skvm serve --no-watch", () => {
  let root: string;
  let watching: Connected;
  let unwatched: Connected;
  const skills = () => join(root, "skills");
  // Two servers on the same skills, each with its own artifacts and state: the watching one shows when an edit is seen.
  const serve = (name: string, flags: string[]) =>
    connectStdio(["--skills", skills(), "--compiled", join(root, `compiled-${name}`), ...flags], { SKVM_HOME: join(root, `home-${name}`), SKVM_LOG_LEVEL: "info" });
  const loadAlpha = async (c: Connected) => textOf(await c.client.callTool({ name: "load_skill", arguments: { name: "alpha" } }));

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-no-watch-"));
    await writeSkill(skills(), "alpha", { "SKILL.md": skillMd("alpha", "Alpha, first version", "# Alpha v1\n") });
    [watching, unwatched] = await Promise.all([serve("watching", []), serve("unwatched", ["--no-watch"])]);
    expect(await loadAlpha(unwatched)).toContain("# Alpha v1");
    expect(await loadAlpha(watching)).toContain("# Alpha v1");
  }, 60_000);
  afterAll(async () => {
    await Promise.all([watching?.close(), unwatched?.close()]);
    await rm(root, { recursive: true, force: true });
  });

  it("does not pick up an edit that a watching server serves", async () => {
    await expect.poll(() => watching.stderr(), EVENTUALLY).toContain("watching skills for edits");
    await writeFile(join(skills(), "alpha/SKILL.md"), skillMd("alpha", "Alpha, second version", "# Alpha v2\n"));
    await expect.poll(() => loadAlpha(watching), EVENTUALLY).toContain("# Alpha v2");
    expect(await loadAlpha(unwatched)).toContain("# Alpha v1");
    const listed = JSON.parse(textOf(await unwatched.client.callTool({ name: "list_skills", arguments: {} }))) as { skills: { description: string }[] };
    expect(listed.skills.map((s) => s.description)).toEqual(["Alpha, first version"]);
    expect(unwatched.stderr()).not.toContain("watching skills for edits");
  });
});

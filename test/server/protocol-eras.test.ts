// One server, both protocol eras: the same tools, prompts, resources, run_code (matched,
// solidified into a direct tool, the tool list change heard) and run_workflow (with progress)
// through SDK v2 clients of 2025-11-25 (initialize, sessions) and of 2026-07-28 (server/discover,
// stateless requests, subscriptions/listen), over stdio and Streamable HTTP, and legacy SSE for
// 2025-11-25.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, ProtocolError, SSEClientTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseName, ERA_CASES, pinFor, type Era, type TransportKind } from "../helpers/eras.js";
import { connectStdio, startHttp } from "../helpers/server.js";
import { skillMd, writeSkill } from "../helpers/skill-fixtures.js";


const GREET = ["name = 'world'", "times = 2", "for i in range(times):", "    print(f'hello {name} {i}')"].join("\n");
const greetVariant = (who: string, times: number) => [`name = '${who}'`, `times = ${times}`, "for i in range(times):", "    print(f'hello {name} {i}')", ""].join("\n");
const WORKFLOW = ["nodes:", "  - { id: a, run: { shell: 'printf a' } }", "  - { id: b, run: { shell: 'printf b' } }", "  - { id: joined, dependsOn: [a, b], run: { js: 'return deps.a + deps.b' } }"].join("\n");
const textOf = (r: { content?: unknown }) => ((r.content ?? []) as { type: string; text?: string }[]).find((c) => c.type === "text")?.text ?? "";

describe("both protocol eras through SDK v2 clients", () => {
  let root: string;
  let http: Awaited<ReturnType<typeof startHttp>>;
  const skills = () => join(root, "skills");

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-eras-"));
    // A skill per case: solidification counts are per template, and a case must see its own promotion.
    for (const c of ERA_CASES) {
      const name = `greet-${caseName(c)}`;
      const body = `# Greet\n\n## Template: greet\n\n\`\`\`python\n${GREET}\n\`\`\`\n\n## Steps\n\n\`\`\`yaml workflow\n${WORKFLOW}\n\`\`\`\n`;
      await writeSkill(skills(), name, { "SKILL.md": skillMd(name, `Greets people (${caseName(c)})`, body), "references/note.md": `# Note for ${name}\n` });
    }
    http = await startHttp(["--skills", skills(), "--compiled", join(root, "compiled-http")]);
  });
  afterAll(async () => {
    await http?.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function connect({ transport, era }: { transport: TransportKind; era: Era }, onToolsChanged: () => void): Promise<Client> {
    const client = new Client(
      { name: `eras-${transport}-${era}`, version: "0" },
      {
        ...pinFor(era),
        // On 2026-07-28 the SDK opens subscriptions/listen for this; on 2025-11-25 it hears the notification.
        listChanged: { tools: { onChanged: () => onToolsChanged() } },
      },
    );
    if (transport === "stdio") return (await connectStdio(["--skills", skills(), "--compiled", join(root, `compiled-stdio-${era}`)], {}, client)).client;
    await client.connect(transport === "sse" ? new SSEClientTransport(new URL(`${http.url}/sse`)) : new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`)));
    return client;
  }

  for (const c of ERA_CASES) {
    it(`${c.transport}, protocol ${c.era === "modern" ? "2026-07-28" : "2025-11-25"}: tools, prompts, resources, run_code to a direct tool, run_workflow`, async () => {
      const skill = `greet-${caseName(c)}`;
      let toolsChanged = 0;
      const client = await connect(c, () => toolsChanged++);
      try {
        expect(client.getProtocolEra()).toBe(c.era);
        expect(client.getInstructions()).toContain(skill);

        const tools = await client.listTools();
        expect(tools.tools.map((t) => t.name)).toEqual(expect.arrayContaining(["list_skills", "load_skill", "run_code", "run_workflow", "env_setup", skill]));
        // Cache hints are a 2026-07-28 field; 2025-era answers never carry them.
        if (c.era === "modern") expect(tools.ttlMs).toBeGreaterThan(0);
        else expect(tools.ttlMs).toBeUndefined();

        const prompt = await client.getPrompt({ name: skill, arguments: { task: "greet ada" } });
        expect((prompt.messages[0]?.content as { text: string }).text).toContain("greet ada");
        const read = await client.readResource({ uri: `skill://${skill}/references/note.md` });
        expect((read.contents[0] as { text: string }).text).toBe(`# Note for ${skill}\n`);
        const missing = await client.readResource({ uri: `skill://${skill}/references/none.md` }).catch((err: unknown) => err);
        expect(missing).toBeInstanceOf(ProtocolError);
        expect((missing as ProtocolError).code).toBe(-32602);

        // SEP-2640: each listed file with the digest and size of what resources/read serves; folders read by resources/directory/read.
        const listed = await client.request({ method: "skills/get", params: { uri: `skill://${skill}/SKILL.md` } }, z.object({ skill: z.object({ resources: z.array(z.object({ uri: z.string(), size: z.number() })) }) }).passthrough());
        const note = listed.skill.resources.find((r) => r.uri.endsWith("/references/note.md"));
        expect(note?.size).toBe(Buffer.byteLength(`# Note for ${skill}\n`));
        const folder = await client.request({ method: "resources/directory/read", params: { uri: `skill://${skill}` } }, z.object({ resources: z.array(z.object({ uri: z.string(), mimeType: z.string().optional() })) }));
        expect(folder.resources).toEqual(expect.arrayContaining([{ uri: `skill://${skill}/references`, mimeType: "inode/directory" }, { uri: `skill://${skill}/SKILL.md`, mimeType: "text/markdown" }]));
        const notAFolder = await client.request({ method: "resources/directory/read", params: { uri: `skill://${skill}/SKILL.md` } }, z.object({})).catch((err: unknown) => err);
        expect((notAFolder as ProtocolError).code).toBe(-32602);

        // The catalog tools main grew: find_skills by meaning, list_skills in pages.
        const found = JSON.parse(textOf(await client.callTool({ name: "find_skills", arguments: { query: `greets people ${caseName(c)}` } }))) as { results: { name: string }[] };
        expect(found.results.map((r) => r.name)).toContain(skill);
        const page = JSON.parse(textOf(await client.callTool({ name: "list_skills", arguments: { limit: 1 } }))) as { skills: unknown[]; nextCursor?: string };
        expect(page.skills).toHaveLength(1);
        expect(page.nextCursor).toBeDefined();
        const next = JSON.parse(textOf(await client.callTool({ name: "list_skills", arguments: { limit: 1, cursor: page.nextCursor } }))) as { skills: unknown[] };
        expect(next.skills).toHaveLength(1);

        for (const [i, who] of ["ada", "bob", "cy"].entries()) {
          const run = await client.callTool({ name: "run_code", arguments: { skill, language: "python", code: greetVariant(who, i + 1) } });
          expect(run.structuredContent, textOf(run)).toMatchObject({ exitCode: 0, match: { kind: "exact", template: "greet" } });
        }
        // The third match solidified the template: a direct tool appears, and the client hears it.
        await expect.poll(() => toolsChanged, { timeout: 20_000 }).toBeGreaterThan(0);
        const direct = `${skill}__greet`;
        expect((await client.listTools()).tools.map((t) => t.name)).toContain(direct);
        const served = await client.callTool({ name: direct, arguments: { name: "dee", times: 1 } });
        expect(served.structuredContent).toMatchObject({ exitCode: 0, stdout: "hello dee 0\n" });

        const progress: number[] = [];
        const flow = await client.callTool({ name: "run_workflow", arguments: { skill, cwd: root } }, { onprogress: (p) => progress.push(p.progress) });
        const report = flow.structuredContent as { status: string; nodes: { id: string; status: string; output?: unknown }[] };
        expect(report.nodes.map((n) => [n.id, n.status]), textOf(flow)).toEqual([
          ["a", "succeeded"],
          ["b", "succeeded"],
          ["joined", "succeeded"],
        ]);
        expect(report.nodes.find((n) => n.id === "joined")?.output).toBe("ab");
        expect(progress.length).toBeGreaterThan(0);
      } finally {
        await client.close();
      }
    }, 120_000);
  }
});

// Tasks over stateless Streamable HTTP (2026-07-28): two server processes share the compiled folder
// and SKVM_HOME. A task created through one is polled, read and cancelled through the other (no
// affinity needed), and the methods the extension removed are -32601 on the wire.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StreamableHTTPClientTransport, type Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, workflowSkill } from "../dag/fixtures.js";
import { runningWith, uniqueSleep } from "../helpers/process.js";
import { startHttp } from "../helpers/server.js";
import { writeSkill } from "../helpers/skill-fixtures.js";
import { acceptTaskHandles, callAsTask, cancelTask, getTask, pollUntilEnded, TASKS_EXTENSION, tasksClient } from "../helpers/tasks-client.js";

const LONG = uniqueSleep();
type Report = { status: string; nodes: { id: string; status: string }[] };

describe("tasks across two HTTP server processes (2026-07-28)", () => {
  let root: string;
  const servers: Awaited<ReturnType<typeof startHttp>>[] = [];
  const clients: Client[] = [];
  const work = async (name: string) => {
    const dir = join(root, "work", name);
    await mkdir(dir, { recursive: true });
    return dir;
  };

  async function connect(server: { url: string }, name: string): Promise<Client> {
    const client = tasksClient(name);
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)));
    acceptTaskHandles(client.transport!);
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "skvm-tasks-http-"));
    await writeSkill(join(root, "skills"), "steps", {
      "SKILL.md": workflowSkill("steps", "nodes:\n  - { id: one, run: { shell: 'sleep 0.3; echo one' } }\n  - { id: two, run: { shell: 'sleep 0.3; echo two' }, dependsOn: one }"),
    });
    await writeSkill(join(root, "skills"), "long", { "SKILL.md": workflowSkill("long", `nodes:\n  - { id: wait, run: { shell: 'sleep ${LONG}' } }`) });
    const args = ["--skills", join(root, "skills"), "--compiled", join(root, "compiled")];
    // One after the other: the first compiles, the second finds the artifacts fresh.
    servers.push(await startHttp(args, { SKVM_HOME: join(root, "home") }));
    servers.push(await startHttp(args, { SKVM_HOME: join(root, "home") }));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await Promise.all(servers.map((s) => s.stop()));
    for (const pid of runningWith(LONG)) process.kill(pid, "SIGKILL");
    await rm(root, { recursive: true, force: true });
  });

  it("a task created through one process is followed to its result through the other", async () => {
    const [a, b] = [await connect(servers[0]!, "a"), await connect(servers[1]!, "b")];
    const { task } = await callAsTask(a, "run_workflow", { skill: "steps", cwd: await work("steps") });
    expect(task?.status).toBe("working");
    const seen = await pollUntilEnded(b, task!.taskId);
    const done = seen.at(-1)!;
    expect(done.status, done.statusMessage).toBe("completed");
    expect((done.result as { structuredContent: Report }).structuredContent.nodes.map((n) => n.status)).toEqual(["succeeded", "succeeded"]);
    expect(await getTask(a, task!.taskId)).toEqual(done);
  }, 120_000);

  it("a cancel through the other process stops the run where it runs", async () => {
    const [a, b] = [await connect(servers[0]!, "a2"), await connect(servers[1]!, "b2")];
    const { task } = await callAsTask(a, "run_workflow", { skill: "long", cwd: await work("long") });
    expect(await eventually(() => runningWith(LONG).length >= 1)).toBe(true);
    await cancelTask(b, task!.taskId);
    expect((await pollUntilEnded(b, task!.taskId)).at(-1)!.status).toBe("cancelled");
    expect(await eventually(() => runningWith(LONG).length === 0)).toBe(true);
  }, 120_000);

  it("tasks/result and tasks/list, which the extension removed, are -32601", async () => {
    for (const method of ["tasks/result", "tasks/list"]) {
      const params = {
        ...(method === "tasks/result" ? { taskId: "00000000-0000-4000-8000-000000000000" } : {}),
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
          "io.modelcontextprotocol/clientCapabilities": { extensions: { [TASKS_EXTENSION]: {} } },
        },
      };
      const response = await fetch(`${servers[0]!.url}/mcp`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": method },
        body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
      });
      const body = await response.text();
      const message = JSON.parse(body.startsWith("{") ? body : body.split("\n").find((l) => l.startsWith("data: {"))!.slice(6)) as { error?: { code: number } };
      expect(message.error?.code, `${method}: ${body}`).toBe(-32601);
    }
  });
});

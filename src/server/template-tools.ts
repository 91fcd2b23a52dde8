import { isAbsolute } from "node:path";
import type { McpServer, RegisteredTool } from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Template, TemplateParam } from "../jit/index.js";
import { directToolName, TemplateCallError, type JitRuntime } from "./jit-runtime.js";
import type { Readiness } from "./readiness.js";
import { renderRun, RunOutput } from "./run-view.js";
import { errorResult } from "./skill-view.js";
import { syncByName } from "./sync-by-name.js";
import { reportRun, type FailureReporter } from "./adaptive.js";

const SCALAR = z.union([z.string(), z.number(), z.boolean()]);
const PARAM_SCHEMAS: Readonly<Record<TemplateParam["type"], () => z.ZodType>> = {
  string: () => z.string(),
  integer: () => z.number().int(),
  number: () => z.number(),
  boolean: () => z.boolean(),
  array: () => z.array(SCALAR),
};

/** A template's parameters as a tool input schema: each optional, defaulting to the author's value. */
function inputSchema(template: Template) {
  const shape: Record<string, z.ZodType> = {};
  for (const p of template.params) shape[p.name] = PARAM_SCHEMAS[p.type]().optional().describe(`${p.description}; default ${JSON.stringify(p.default)}`);
  shape.cwd = z.string().optional().describe("Absolute working directory (default: the server's)");
  shape.stdin = z.string().optional().describe("Text written to the program's standard input");
  shape.timeoutMs = z.number().int().min(100).max(600_000).optional().describe("Kill the program after this long (default 60000)");
  return shape;
}

/**
 * One tool per solidified template (`<skill>__<template>`): the model passes parameters instead
 * of regenerating the code. Tools follow promotions, demotions, recompiles and environment
 * readiness; the SDK tells clients with tools/list_changed.
 */
export function registerTemplateTools(server: McpServer, readiness: Readiness, jit: JitRuntime, reporter: FailureReporter): () => void {
  const { catalog } = readiness;
  const tools = new Map<string, RegisteredTool>();
  // The parameters each tool's schema was built from: a patch that tightens a type updates it.
  const schemaOf = new Map<string, string>();
  const sync = () => {
    const promoted = jit.promoted().filter((p) => readiness.isRunnable(p.skill.name));
    const byName = new Map(promoted.map((p) => [directToolName(p.skill.name, p.template.id), p]));
    syncByName(tools, [...byName.keys()], {
      add: (name) => {
        const { skill, template } = byName.get(name)!;
        schemaOf.set(name, JSON.stringify(template.params));
        return server.registerTool(
          name,
          {
            title: `${skill.name}: ${template.title}`,
            description: `Solidified template "${template.id}" of skill ${skill.name} (${template.lang}, from ${template.origin}): runs the skill's own code with these parameters. ${template.title}.`,
            inputSchema: inputSchema(template),
            outputSchema: { ...RunOutput, cached: z.boolean() },
            annotations: { readOnlyHint: template.pure, destructiveHint: !template.pure, idempotentHint: template.pure, openWorldHint: !template.pure },
          },
          async (args, ctx) => {
            const current = catalog.get(skill.name);
            const entry = current && jit.index.find(current.name, template.id);
            if (!current || !entry) return errorResult(`TEMPLATE_GONE: ${skill.name}/${template.id} is no longer served`);
            const verdict = await readiness.verdictFor(current);
            if (!verdict.ready) return errorResult(readiness.describeNotReady(current.name, verdict));
            const { cwd, stdin, timeoutMs, ...values } = args as Record<string, unknown> & { cwd?: string; stdin?: string; timeoutMs?: number };
            if (cwd !== undefined && !isAbsolute(cwd)) return errorResult(`CWD_NOT_ABSOLUTE: cwd "${cwd}" must be an absolute path`);
            const settings = { cwd: cwd ?? process.cwd(), ...(stdin !== undefined ? { stdin } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
            try {
              const outcome = await jit.runTemplate(current, entry.template, values, settings, ctx.mcpReq.signal);
              const notes = await reportRun(reporter, current, { source: "template", target: template.id, lang: template.lang, params: values }, outcome.result);
              return renderRun(`${current.name} template ${template.id}`, outcome.result, { notes, structured: { cached: outcome.cached } });
            } catch (err) {
              if (err instanceof TemplateCallError) return errorResult(err.message);
              throw err;
            }
          },
        );
      },
      refresh: (name, tool) => {
        const { template } = byName.get(name)!;
        if (schemaOf.get(name) === JSON.stringify(template.params)) return;
        schemaOf.set(name, JSON.stringify(template.params));
        tool.update({ paramsSchema: z.object(inputSchema(template)) });
      },
      remove: (tool) => tool.remove(),
    });
  };
  sync();
  const stops = [jit.onChange(sync), readiness.onChange(sync)];
  return () => stops.forEach((stop) => stop());
}

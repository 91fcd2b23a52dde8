import { z } from "zod";
import { ParamValue } from "../../../jit/index.js";

/** The workflow artifact beside manifest.json (manifest field `workflow`). */
export const WORKFLOW_FILE = "workflow.json";

/**
 * What a node executes. `script`, `code` and `js` the runtime runs; `instruction` is prose only
 * the model can carry out, so the runtime reports it as a to-do instead of running it.
 */
export const NodeRun = z.discriminatedUnion("kind", [
  /**
   * A bundled script (path relative to the skill), argv data only: never a shell string. The
   * command's `X=1` assignments and file redirects (`> out.txt`, `< in.txt`, `2> err.txt`) come
   * along as data, so the runtime does what the author's command line did.
   */
  z.object({
    kind: z.literal("script"),
    script: z.string().min(1),
    args: z.array(z.string()),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).optional(),
    redirects: z.array(z.object({ op: z.enum(["<", ">", ">>", "2>", "2>>"]), path: z.string().min(1) })).optional(),
  }),
  /** A code block from the instructions, run by its interpreter; inputs arrive as environment variables. */
  z.object({ kind: z.literal("code"), lang: z.enum(["shell", "python", "node"]), code: z.string() }),
  /** A JS transform run on the worker pool: an async function body over `inputs`, `deps` and `item`. */
  z.object({ kind: z.literal("js"), code: z.string() }),
  /**
   * A JIT template of the skill (manifest `templates`) run by id with these parameters, as its
   * direct tool would; `{input}` / `<input>` inside a string parameter is filled in at run time.
   */
  z.object({ kind: z.literal("template"), template: z.string().min(1), params: z.record(z.string(), ParamValue) }),
  z.object({ kind: z.literal("instruction"), text: z.string() }),
]);
export type NodeRun = z.infer<typeof NodeRun>;

export const NodeId = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, "letters, digits, '_', '.' and '-' only");

export const WorkflowNode = z.object({
  id: NodeId,
  title: z.string(),
  run: NodeRun,
  dependsOn: z.array(z.string()),
  /** Data-parallel map: the node runs once per item of input `over`; `{as}` / `<as>` in args is the item. */
  forEach: z.object({ over: z.string().min(1), as: z.string().min(1) }).optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
  /** Where the node came from, e.g. `SKILL.md:40`. */
  origin: z.string().optional(),
  /** Files the node reads and writes, as the compiler saw them (why the edges exist). */
  reads: z.array(z.string()).optional(),
  writes: z.array(z.string()).optional(),
  /** Why each dependency exists, by dependency id (inferred workflows): what `skvm inspect` explains. */
  why: z.record(z.string(), z.string()).optional(),
});
export type WorkflowNode = z.infer<typeof WorkflowNode>;

export const ParallelKind = z.enum(["data", "instruction", "thread"]);

export const ParallelGroup = z.object({
  /** data: one node over many inputs; instruction: independent steps; thread: independent sub-tasks for sub-agents. */
  kind: ParallelKind,
  nodes: z.array(z.string()).min(1),
  /** For a data group: the input it maps over. */
  over: z.string().optional(),
});
export type ParallelGroup = z.infer<typeof ParallelGroup>;

export const WorkflowInput = z.object({
  name: z.string().min(1),
  default: z.union([z.string(), z.array(z.string())]).optional(),
  description: z.string().optional(),
});
export type WorkflowInput = z.infer<typeof WorkflowInput>;

export const Workflow = z.object({
  /** `explicit`: the author wrote it; `inferred`: the compiler read it off the Markdown. */
  source: z.enum(["explicit", "inferred"]),
  inputs: z.array(WorkflowInput),
  nodes: z.array(WorkflowNode),
  parallel: z.array(ParallelGroup),
});
export type Workflow = z.infer<typeof Workflow>;

import { z } from "zod";

export const NodeStatus = z.enum(["succeeded", "failed", "cancelled", "skipped", "manual"]);
export type NodeStatus = z.infer<typeof NodeStatus>;

export const NodeReport = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  status: NodeStatus,
  /** Milliseconds from the start of the run to the node's start (when it got a slot). */
  startedMs: z.number().optional(),
  durationMs: z.number().optional(),
  /** Parsed JSON when the node printed JSON, else its text; a list for data-parallel maps. */
  output: z.unknown().optional(),
  error: z.string().optional(),
  /** Why a node did not run (skipped, cancelled, manual). */
  reason: z.string().optional(),
  /** Items a data-parallel node ran over. */
  items: z.number().int().optional(),
});
export type NodeReport = z.infer<typeof NodeReport>;

export const WorkflowReport = z.object({
  skill: z.string(),
  status: z.enum(["succeeded", "failed", "cancelled"]),
  policy: z.enum(["continue", "cancel"]),
  /** How many nodes (or map items) could run at once, and why that many. */
  concurrency: z.number().int(),
  concurrencyReason: z.string(),
  /** The most that did run at once. */
  peakConcurrency: z.number().int(),
  /** Wall time of the run, from start to the last node's end. */
  durationMs: z.number(),
  nodes: z.array(NodeReport),
  /** The graph's longest chain of dependent nodes, by their measured durations: the least wall time any concurrency could reach. */
  criticalPath: z.object({ nodes: z.array(z.string()), durationMs: z.number() }),
  /**
   * `busyMs`: node durations summed; `realized`: busyMs / wall time (how many nodes ran at once on
   * average); `possible`: busyMs / critical path (what unlimited concurrency would reach).
   */
  parallelism: z.object({ busyMs: z.number(), realized: z.number(), possible: z.number() }),
  /** Instruction nodes: the model's part of the work. */
  manual: z.array(z.string()),
});
export type WorkflowReport = z.infer<typeof WorkflowReport>;

export const FailurePolicy = z.enum(["continue", "cancel"]);
export type FailurePolicy = z.infer<typeof FailurePolicy>;

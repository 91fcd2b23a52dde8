// A Piscina worker: runs a workflow's JS transform nodes off the main thread. A transform is the
// body of an async function over `inputs` (the workflow inputs), `deps` (outputs of the nodes it
// depends on) and `item` (the current item of a data-parallel map); it returns a JSON value.

import { stepResult } from "./step-result.js";

export interface TransformTask {
  code: string;
  inputs: Record<string, unknown>;
  deps: Record<string, unknown>;
  item?: unknown;
  /** Largest result (bytes of JSON) the step may return: what is left of its run's output budget. */
  maxResultBytes?: number;
}

type Transform = (inputs: unknown, deps: unknown, item: unknown) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => Transform;

// Map nodes run the same code for every item: compile it once per worker.
const compiled = new Map<string, Transform>();

export default async function runTransform(task: TransformTask): Promise<unknown> {
  let fn = compiled.get(task.code);
  if (!fn) {
    fn = new AsyncFunction("inputs", "deps", "item", task.code);
    if (compiled.size > 256) compiled.clear();
    compiled.set(task.code, fn);
  }
  return stepResult(await fn(task.inputs, task.deps, task.item), task.maxResultBytes);
}

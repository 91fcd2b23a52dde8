// A Piscina worker: runs a workflow's JS transform nodes off the main thread. A transform is the
// body of an async function over `inputs` (the workflow inputs), `deps` (outputs of the nodes it
// depends on) and `item` (the current item of a data-parallel map); it returns a JSON value.

export interface TransformTask {
  code: string;
  inputs: Record<string, unknown>;
  deps: Record<string, unknown>;
  item?: unknown;
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
  const value = await fn(task.inputs, task.deps, task.item);
  // Only JSON crosses back: a function or a class instance would not survive the trip intact.
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

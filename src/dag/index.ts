// The public face of src/dag: the schemas a tool declares; the runtime itself (runtime.ts) loads
// on first use.
export { InputValues, WorkflowInputError, describeInputs } from "./inputs.js";
export { WorkflowReport, NodeReport, FailurePolicy } from "./report.js";

export type DagRuntime = typeof import("./runtime.js");
let runtime: Promise<DagRuntime> | undefined;
/** The scheduler, pool and workflow loader, imported once. */
export const loadDagRuntime = (): Promise<DagRuntime> => (runtime ??= import("./runtime.js"));

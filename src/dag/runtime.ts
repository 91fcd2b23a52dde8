// The running half of src/dag's public face: the scheduler, the worker pool and what loads and
// renders a workflow. Loaded with the first workflow (`loadDagRuntime`), not with every server.
export { runWorkflow, type RunWorkflowOptions, type WorkflowEvent } from "./scheduler.js";
export { loadWorkflow, skillRunOptions, WorkflowLoadError, type WorkflowSkill } from "./load-workflow.js";
export { workflowText, workflowMermaid, reportText } from "./render.js";
export { chooseConcurrency, CONCURRENCY_VARIABLE } from "./concurrency.js";
export { closePool } from "./pool.js";
export { WorkflowInputError } from "./inputs.js";

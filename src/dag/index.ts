// The public face of src/dag: the workflow runtime. Everything else in the folder is private.
export { runWorkflow, type RunWorkflowOptions, type WorkflowEvent } from "./scheduler.js";
export { loadWorkflow, WorkflowLoadError, type WorkflowSkill } from "./load-workflow.js";
export { InputValues, WorkflowInputError, describeInputs } from "./inputs.js";
export { WorkflowReport, NodeReport, FailurePolicy } from "./report.js";
export { workflowText, workflowMermaid, reportText } from "./render.js";
export { defaultConcurrency } from "./slots.js";
export { closePool } from "./pool.js";

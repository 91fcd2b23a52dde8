// The public face of the env script generators: pure functions from requirements to bash text,
// and the schemas of what that bash prints. Runtime code that runs the scripts lives in src/env.
export { verifyScript } from "./verify.js";
export { installScript } from "./install.js";
export { InstallReport } from "./report.js";
export { checkNames, type CheckedRequires } from "./names.js";

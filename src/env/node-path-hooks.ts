import { register } from "node:module";

// Preloaded (`--import`) into a skill's Node processes once it has its own npm prefix: ES modules
// ignore NODE_PATH, so without this an `import("pkg")` never finds what env_setup installed there.
register("./node-path-resolve.js", import.meta.url);

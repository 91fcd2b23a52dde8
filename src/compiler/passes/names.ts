/**
 * The built-in passes' names, in order: what keys the compile cache. Kept apart from the passes
 * themselves so a server start finds its cache without loading a compiler; passes/index.ts
 * refuses to load if its list says otherwise.
 */
export const BUILTIN_PASS_NAMES: readonly string[] = ["capability", "paths", "env", "concurrency", "templates"];

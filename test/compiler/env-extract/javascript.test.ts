import { describe, expect, test } from "vitest";
import { extractFrom, fence, names, req } from "./skill.js";

describe("JavaScript imports", () => {
  test("import-from, export-from, dynamic import() and require() name npm packages", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.mjs": [
        'import { PDFDocument } from "pdf-lib";',
        'export { x } from "zod";',
        'const sharp = await import("sharp");',
        'const chalk = require("chalk");',
      ].join("\n"),
    });
    expect(names(r, "node")).toEqual(["chalk", "pdf-lib", "sharp", "zod"]);
    expect(req(r, "node", "sharp")).toMatchObject({ import: "sharp", optional: false, origins: ["scripts/run.mjs:3"] });
  });

  test("a subpath specifier names its package: @scope/pkg/sub -> @scope/pkg, lodash/fp -> lodash", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.js": 'const fp = require("lodash/fp");\nimport { Client } from "@modelcontextprotocol/sdk/client/index.js";\n',
    });
    expect(names(r, "node")).toEqual(["@modelcontextprotocol/sdk", "lodash"]);
  });

  test("Node builtins (bare and node:), relative and absolute specifiers are not packages", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.mjs": [
        'import fs from "node:fs";',
        'import { readFile } from "fs/promises";',
        'import path from "path";',
        'import helper from "./helper.mjs";',
        'import cfg from "/etc/app/config.js";',
        'const up = require("../lib/up.cjs");',
      ].join("\n"),
    });
    expect(r.requires.node).toEqual([]);
    expect(names(r, "bins")).toEqual(["node"]);
  });

  test("javascript and typescript code blocks in SKILL.md are read too", async () => {
    const body = `# Use\n\n${fence("javascript", 'import { chromium } from "playwright";')}\n${fence("ts", 'import axios from "axios";\nconst n: number = 1;')}`;
    const r = await extractFrom(body);
    expect(names(r, "node")).toEqual(["axios", "playwright"]);
  });

  test("child_process calls with literal programs are bins; RegExp#exec is not", async () => {
    const r = await extractFrom("# Use\n", {
      "scripts/run.mjs": [
        'import { execSync, spawn } from "node:child_process";',
        'execSync("git rev-parse HEAD");',
        'spawn("ffmpeg", ["-i", input]);',
        '/x/.exec("soffice");',
      ].join("\n"),
      "scripts/other.cjs": 'const cp = require("child_process");\nconst { execFileSync: run } = require("child_process");\ncp.exec("jq . x.json");\nrun("tesseract", ["in.png", "out"]);\n',
    });
    expect(names(r, "bins")).toEqual(["ffmpeg", "git", "jq", "node", "tesseract"]);
  });
});

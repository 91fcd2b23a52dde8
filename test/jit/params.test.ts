import { beforeAll, describe, expect, it } from "vitest";
import { normalize } from "../../src/jit/normalize/index.js";
import { assignParams, coerceParam, paramName } from "../../src/jit/params.js";
import type { JitLang } from "../../src/jit/index.js";
import { loadParsers, type Parsers } from "../../src/syntax/index.js";

let parsers: Parsers;
beforeAll(async () => {
  parsers = await loadParsers();
});

const paramsOf = (lang: JitLang, code: string) => {
  const n = normalize(parsers, lang, code, { bundled: new Set(["scripts/tool.sh"]) });
  if (!n) throw new Error("not normalized");
  return assignParams(lang, n.holes);
};

describe("paramName", () => {
  it("turns options, camelCase and odd characters into snake_case identifiers", () => {
    expect(paramName("min-length")).toBe("min_length");
    expect(paramName("--top")).toBe("top");
    expect(paramName("tagCount")).toBe("tag_count");
    expect(paramName("A1")).toBe("a1");
    expect(paramName("data.users")).toBe("data_users");
  });

  it("gives a name to what is not one: empty, leading digit, reserved, too long", () => {
    expect(paramName("")).toBe("value");
    expect(paramName("---")).toBe("value");
    expect(paramName("2x")).toBe("p_2x");
    expect(paramName("cwd")).toBe("cwd_value");
    expect(paramName("stdin")).toBe("stdin_value");
    expect(paramName("x".repeat(80))).toHaveLength(48);
  });
});

describe("assignParams", () => {
  it("makes one parameter of a file mentioned twice, whatever each mention would be called", () => {
    const { params, slots } = paramsOf("bash", "wc -w notes.txt\nsort < notes.txt\n");
    expect(params.map((p) => [p.name, p.default])).toEqual([["path", "notes.txt"]]);
    expect(slots).toEqual([{ param: "path", bare: true }, { param: "path", bare: true }]);
  });

  it("keeps two different files apart with numbered names", () => {
    const { params } = paramsOf("bash", "cp a.txt b.txt\n");
    expect(params.map((p) => [p.name, p.default])).toEqual([
      ["path", "a.txt"],
      ["path_2", "b.txt"],
    ]);
  });

  it("does not merge a version with an option that has the same spelling", () => {
    const { params } = paramsOf("bash", 'bash scripts/tool.sh --to v1.3.0 --title "v1.3.0"\n');
    expect(params.map((p) => p.name)).toEqual(["to", "title"]);
  });

  it("types numbers written as shell words and keeps other words strings", () => {
    const { params } = paramsOf("bash", "bash scripts/tool.sh --top 20 --k 1.5 --name 7x\n");
    expect(params.map((p) => [p.name, p.type, p.default])).toEqual([
      ["top", "integer", 20],
      ["k", "number", 1.5],
      ["name", "string", "7x"],
    ]);
  });

  it("keeps python literal types and describes where each name comes from", () => {
    const { params, slots } = paramsOf("python", 'path = "a.txt"\nlimit = 3\nratio = 0.5\nverbose = False\nwords = ["x", "y"]\nplot("hi", label="")\n');
    expect(params.map((p) => [p.name, p.type, p.default])).toEqual([
      ["path", "string", "a.txt"],
      ["limit", "integer", 3],
      ["ratio", "number", 0.5],
      ["verbose", "boolean", false],
      ["words", "array", ["x", "y"]],
      ["label", "string", ""],
    ]);
    expect(params[0]!.description).toBe("variable path (line 1)");
    expect(params[5]!.description).toBe("keyword label (line 6)");
    expect(slots[5]).toEqual({ constant: '"hi"' });
  });

  it("gives the same keyword with two values two parameters", () => {
    const { params } = paramsOf("python", 'draw(a, size=10)\ndraw(b, size=12)\n');
    expect(params.map((p) => [p.name, p.default])).toEqual([
      ["size", 10],
      ["size_2", 12],
    ]);
  });
});

describe("coerceParam", () => {
  it("accepts each type's own values and numbers written as text for numeric parameters", () => {
    expect(coerceParam({ type: "string" }, "x")).toBe("x");
    expect(coerceParam({ type: "integer" }, 4)).toBe(4);
    expect(coerceParam({ type: "integer" }, "-12")).toBe(-12);
    expect(coerceParam({ type: "number" }, "2.5")).toBe(2.5);
    expect(coerceParam({ type: "number" }, 3)).toBe(3);
    expect(coerceParam({ type: "boolean" }, false)).toBe(false);
    expect(coerceParam({ type: "array" }, ["a", 1, true])).toEqual(["a", 1, true]);
  });

  it("rejects values of another type instead of converting them", () => {
    expect(coerceParam({ type: "string" }, 5)).toBeUndefined();
    expect(coerceParam({ type: "integer" }, 1.5)).toBeUndefined();
    expect(coerceParam({ type: "integer" }, "1.5")).toBeUndefined();
    expect(coerceParam({ type: "integer" }, "12; rm -rf /")).toBeUndefined();
    expect(coerceParam({ type: "number" }, "1e400")).toBeUndefined();
    expect(coerceParam({ type: "number" }, Number.NaN)).toBeUndefined();
    expect(coerceParam({ type: "boolean" }, "true")).toBeUndefined();
    expect(coerceParam({ type: "array" }, [{ a: 1 }])).toBeUndefined();
    expect(coerceParam({ type: "array" }, "a,b")).toBeUndefined();
  });
});

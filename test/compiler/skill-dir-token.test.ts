import { describe, expect, it } from "vitest";
import { bindSkillDir, SKILL_DIR_TOKEN } from "../../src/compiler/index.js";

describe("bindSkillDir", () => {
  const line = `python3 ${SKILL_DIR_TOKEN}/scripts/x.py`;

  it("fills in a plain folder as it is", () => {
    expect(bindSkillDir(line, "/home/me/skills/x")).toBe("python3 /home/me/skills/x/scripts/x.py");
  });

  it("single-quotes a folder with spaces or quotes so commands still split right", () => {
    expect(bindSkillDir(line, "/Users/me/Application Support/x")).toBe("python3 '/Users/me/Application Support/x'/scripts/x.py");
    expect(bindSkillDir(line, "/tmp/it's")).toBe(`python3 '/tmp/it'\\''s'/scripts/x.py`);
  });

  it("escapes instead of single-quoting inside a double-quoted word", () => {
    const quoted = `python3 "${SKILL_DIR_TOKEN}/scripts/x.py" --out "$OUT" ${SKILL_DIR_TOKEN}/y`;
    expect(bindSkillDir(quoted, '/tmp/a b/"q"')).toBe(`python3 "/tmp/a b/\\"q\\"/scripts/x.py" --out "$OUT" '/tmp/a b/"q"'/y`);
  });
});

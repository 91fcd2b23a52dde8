import { describe, expect, it } from "vitest";
import { addedLines, guardEdit, growthAllowance } from "../../src/adapt/index.js";

const doc = (body: string) => `---\nname: demo\ndescription: A demo skill\n---\n${body}`;
const lines = (n: number, prefix = "line") => Array.from({ length: n }, (_, i) => `${prefix} ${i}`).join("\n");
const CODE = "```python\nprint('hi')\n```";

describe("guardEdit: the PASS-1 guard on a proposed SKILL.md edit", () => {
  it("accepts a prose note that keeps frontmatter and code", () => {
    expect(guardEdit(doc(`# Use\n\n${CODE}\n`), doc(`# Use\n\nA note.\n\n${CODE}\n`))).toBeUndefined();
  });

  it("refuses a changed frontmatter", () => {
    expect(guardEdit(doc("# Use\n"), doc("# Use\n").replace("A demo skill", "Another"))).toBe("the edit changes the frontmatter");
  });

  it("refuses a changed, removed or added fenced block, naming which", () => {
    const original = doc(`# Use\n\n${CODE}\n\n~~~bash\nls\n~~~\n`);
    expect(guardEdit(original, original.replace("ls", "ls -la"))).toBe("the edit changes fenced code block 2 (code blocks must stay byte for byte)");
    expect(guardEdit(original, original.replace(CODE, ""))).toMatch(/fenced code block 1/);
    expect(guardEdit(original, `${original}\n\`\`\`bash\nrm -rf /\n\`\`\`\n`)).toBe("the edit changes fenced code block 3 (code blocks must stay byte for byte)");
    // A changed indent inside a block is a change.
    expect(guardEdit(original, original.replace("print('hi')", " print('hi')"))).toMatch(/fenced code block 1/);
  });

  it("bounds growth: 2x under 100 lines, 1x up to 200, 0.5x above", () => {
    expect([growthAllowance(50), growthAllowance(150), growthAllowance(400)]).toEqual([100, 150, 200]);
    const small = doc(lines(20));
    const smallLines = small.split("\n").length;
    expect(guardEdit(small, `${small}\n${lines(2 * smallLines, "new")}`)).toBeUndefined();
    expect(guardEdit(small, `${small}\n${lines(2 * smallLines + 1, "new")}`)).toBe(`the edit adds ${2 * smallLines + 1} lines to a ${smallLines}-line SKILL.md (at most ${2 * smallLines})`);
    const big = doc(lines(300));
    const bigLines = big.split("\n").length;
    expect(guardEdit(big, `${big}\n${lines(Math.floor(bigLines / 2) + 1, "new")}`)).toBe(`the edit adds ${Math.floor(bigLines / 2) + 1} lines to a ${bigLines}-line SKILL.md (at most ${Math.floor(bigLines / 2)})`);
  });

  it("counts a repeated line each time it is added, and an unchanged edit is refused", () => {
    expect(addedLines("a\nb", "a\nb\nb\nb")).toBe(2);
    expect(guardEdit(doc("x\n"), doc("x\n"))).toBe("the edit changes nothing");
  });
});

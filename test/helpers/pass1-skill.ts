// The PASS-1 demonstration skill (the shared contract's): it runs a bundled script by relative
// path and asks for a comprehensive report, so the qwen3.5-9b profile (tool.exec L0,
// gen.text.long L1) has gaps and claude-opus-4.6 has none.
import { skillMd, writeSkill } from "./skill-fixtures.js";

export const QWEN = "bare-agent/qwen--qwen3.5-9b";
export const OPUS = "bare-agent/anthropic--claude-opus-4.6";

export const SALES_REPORT_BODY = [
  "# Sales report",
  "",
  "Run the analysis script on the CSV:",
  "",
  "```bash",
  "python scripts/analyze.py data.csv",
  "```",
  "",
  "The script's output format is described in references/output.md.",
  "",
  "Then write a comprehensive report with sections: Summary, Trends, Regions, Risks and Next steps.",
  "",
].join("\n");

export function writeSalesReport(skillsRoot: string): Promise<string> {
  return writeSkill(skillsRoot, "sales-report", {
    "SKILL.md": skillMd("sales-report", "Analyse a sales CSV and write a report on it.", SALES_REPORT_BODY),
    "scripts/analyze.py": "import sys\nprint('rows in', sys.argv[1])\n",
    "references/output.md": "# Output\n\nOne line: `rows in <file>`.\n",
  });
}

// `node dist/bench/capability-survey.js DIR... [--json]`: what the skills under each folder demand
// (PASS-1 requirement analysis) and how many fall short of each bundled profile.
import { surveyCapabilities, type CapabilitySurvey } from "./capability.js";

const args = process.argv.slice(2);
const roots = args.filter((a) => !a.startsWith("--"));
const surveys: CapabilitySurvey[] = [];
for (const root of roots.length ? roots : ["skills"]) surveys.push(await surveyCapabilities(root));

const top = (list: [string, number][], n: number) => list.slice(0, n).map(([id, c]) => `${id} ${c}`).join(", ");
if (args.includes("--json")) process.stdout.write(`${JSON.stringify(surveys, null, 2)}\n`);
else {
  for (const s of surveys) {
    const analysed = s.skills - s.failed;
    console.log(`${s.root}: ${s.skills} skills, ${analysed} analysed (${s.failed} refused by the loader)`);
    console.log(`  requirements per skill: mean ${s.requirementsPerSkill.mean.toFixed(1)}, median ${s.requirementsPerSkill.median}, none ${s.requirementsPerSkill.none}`);
    console.log(`  most common: ${top(s.primitives, 8)}`);
    console.log(`  analysis per skill: median ${s.analysisMs.toFixed(2)} ms (loading: ${s.loadMs.toFixed(1)} ms)`);
    for (const [id, g] of Object.entries(s.gaps)) console.log(`  ${id}: ${g.skills}/${analysed} with gaps (${top(g.primitives, 5)})`);
  }
}

import type { ModelProvider } from "../../../model/index.js";
import type { Diagnostic } from "../../../skill/diagnostic.js";
import type { SkillIR } from "../../../skill/ir.js";
import type { RequirementReport } from "../contract.js";
import { readCachedAnswer, refineCacheDir, writeCachedAnswer } from "./cache.js";
import { applyClaims, checkClaims, parseAnswer } from "./claims.js";
import { refinePrompt, skillLines } from "./prompt.js";

/** Refines the deterministic report of a skill; `id` (`provider/model`) is what refined artifacts record. */
export interface RequirementRefiner {
  readonly id: string;
  refine(ir: SkillIR, report: RequirementReport): Promise<{ report: RequirementReport; diagnostics: Diagnostic[] }>;
}

const MAX_ANSWER_TOKENS = 2_000;

/**
 * A refiner asking `provider`, with answers cached under `home`. Whatever goes wrong (the API
 * fails, the answer is not JSON) the deterministic report stands and a diagnostic says why.
 */
export function providerRefiner(provider: ModelProvider, home: string): RequirementRefiner {
  const id = `${provider.kind}/${provider.model}`;
  const dir = refineCacheDir(home);
  return {
    id,
    async refine(ir, report) {
      const problem = (code: string, message: string, hint: string): Diagnostic => ({ code, severity: "warning", message, file: `${ir.folder}/${ir.entry}`, hint });
      let answer = await readCachedAnswer(dir, ir.sourceHash, id);
      const cached = answer !== undefined;
      if (answer === undefined) {
        const { system, user } = refinePrompt(ir, report);
        try {
          answer = (await provider.complete({ system, messages: [{ role: "user", content: user }], maxTokens: MAX_ANSWER_TOKENS, temperature: 0 })).text;
        } catch (err) {
          return { report, diagnostics: [problem("CAPABILITY_REFINE_FAILED", `${id} could not refine the requirements: ${(err as Error).message}`, "the rules' result stands; check the model settings with `skvm config`")] };
        }
      }
      const claims = parseAnswer(answer);
      if (claims === undefined) {
        return { report, diagnostics: [problem("CAPABILITY_REFINE_UNREADABLE", `${id} answered without a {"claims": [...]} JSON object`, "the rules' result stands; a model that follows JSON instructions more closely may do better")] };
      }
      // Only readable answers are kept: a garbled one is asked again next time.
      if (!cached) await writeCachedAnswer(dir, ir.sourceHash, id, answer).catch(() => undefined);
      const { accepted, diagnostics } = checkClaims(claims, skillLines(ir), ir.folder);
      // Reviewed, even when nothing changed: the artifact records who reviewed it.
      return { report: applyClaims(report, accepted, id), diagnostics };
    },
  };
}

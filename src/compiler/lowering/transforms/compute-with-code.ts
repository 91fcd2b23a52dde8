import { locateEvidence, noteAfter, toolCall, type Transform } from "./transform.js";

const NAME = "compute-with-code";

/** reason.arithmetic: computations go to `run_code`; the model reads the result instead of working it out. */
export const computeWithCode: Transform = {
  name: NAME,
  serves: (primitive) => primitive === "reason.arithmetic",
  apply(ctx, gap) {
    return locateEvidence(ctx, gap).map((at) =>
      noteAfter(ctx, NAME, gap, at, `do not compute this in your head: write the calculation as a short Python program, run it with ${toolCall("run_code", { skill: ctx.skill, language: "python", code: "print(...)" })}, and use the number it prints.`),
    );
  },
};

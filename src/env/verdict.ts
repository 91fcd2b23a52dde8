import { z } from "zod";
import { VerifyVerdict } from "../compiler/passes/env/schema.js";

/** A skill's environment verdict: what verify.sh printed, or why there is no such verdict. */
export const EnvVerdict = VerifyVerdict.extend({
  /** Set when verify could not give an answer (crash, timeout, garbage); `ready` is then false. */
  error: z.string().optional(),
});
export type EnvVerdict = z.infer<typeof EnvVerdict>;

/** A skill with nothing to check is ready without running anything. */
export const READY: EnvVerdict = Object.freeze({ ready: true, missing: [], optionalMissing: [], rejected: [] });

export const unknownVerdict = (error: string): EnvVerdict => ({ ready: false, missing: [], optionalMissing: [], rejected: [], error });

import { z } from "zod";
import type { Template } from "./schema.js";

export const TemplateStats = z.object({
  /** The template these counts belong to; a recompiled, different template starts over. */
  fingerprint: z.string(),
  /** Consecutive exact matches since the last miss. */
  streak: z.number().int().nonnegative(),
  promoted: z.boolean(),
  matches: z.number().int().nonnegative(),
  misses: z.number().int().nonnegative(),
  promotions: z.number().int().nonnegative(),
  demotions: z.number().int().nonnegative(),
  /** Runs of the canonical program: matching run_code calls once promoted, and direct tool calls. */
  servedRuns: z.number().int().nonnegative(),
  directCalls: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  failureStreak: z.number().int().nonnegative(),
  /** Tokens the model did not write: the template's code minus the direct call, per direct call. */
  tokensSaved: z.number().int(),
  lastUsed: z.string().optional(),
});
export type TemplateStats = z.infer<typeof TemplateStats>;

export const SolidifyState = z.object({ version: z.literal(1), templates: z.record(z.string(), TemplateStats) });
export type SolidifyState = z.infer<typeof SolidifyState>;

export interface SolidifyPolicy {
  /** Consecutive exact matches that promote a template (default 3). */
  promoteAfter: number;
  /** Consecutive failed runs of a promoted template that demote it (default 2). */
  demoteAfter: number;
}
export const DEFAULT_POLICY: SolidifyPolicy = { promoteAfter: 3, demoteAfter: 2 };

export type Transition = "promoted" | "demoted" | undefined;
/** The counts of a template nobody has used yet. */
export const emptyStats = (fingerprint: string): TemplateStats => ({
  fingerprint, streak: 0, promoted: false, matches: 0, misses: 0, promotions: 0, demotions: 0, servedRuns: 0, directCalls: 0, failures: 0, failureStreak: 0, tokensSaved: 0,
});

export const templateKey = (skill: string, id: string): string => `${skill}/${id}`;

/**
 * The solidification state machine, per template: exact matches build a streak; a streak of
 * `promoteAfter` promotes it (served from then on, offered as a direct tool); a run_code call
 * that resembles it but is not an exact match resets the streak; `demoteAfter` failures in a row
 * of the served program demote it. Pure bookkeeping: the runtime persists `state`.
 */
export class Solidifier {
  state: SolidifyState;

  constructor(
    readonly policy: SolidifyPolicy = DEFAULT_POLICY,
    initial?: SolidifyState,
  ) {
    this.state = initial ?? { version: 1, templates: {} };
  }

  stats(skill: string, template: Pick<Template, "id" | "fingerprint">): TemplateStats {
    const key = templateKey(skill, template.id);
    let entry = this.state.templates[key];
    if (!entry || entry.fingerprint !== template.fingerprint) {
      entry = emptyStats(template.fingerprint);
      this.state.templates[key] = entry;
    }
    return entry;
  }

  /** Takes the state another process (or the shared file) holds as ours. */
  adopt(state: SolidifyState): void {
    this.state = state;
  }

  isPromoted(skill: string, template: Pick<Template, "id" | "fingerprint">): boolean {
    return this.state.templates[templateKey(skill, template.id)]?.fingerprint === template.fingerprint && this.stats(skill, template).promoted;
  }

  match(skill: string, template: Template): Transition {
    const s = this.#touch(skill, template);
    s.matches++;
    s.streak++;
    if (s.promoted || s.streak < this.policy.promoteAfter) return undefined;
    s.promoted = true;
    s.promotions++;
    s.failureStreak = 0;
    return "promoted";
  }

  miss(skill: string, template: Template): void {
    const s = this.#touch(skill, template);
    s.misses++;
    s.streak = 0;
  }

  /** A run of the canonical program finished; `direct` when the model called the template's tool. */
  served(skill: string, template: Template, ok: boolean, opts: { direct: boolean }): Transition {
    const s = this.#touch(skill, template);
    s.servedRuns++;
    if (opts.direct) s.directCalls++;
    if (ok) {
      s.failureStreak = 0;
      return undefined;
    }
    s.failures++;
    s.failureStreak++;
    if (s.failureStreak < this.policy.demoteAfter) return undefined;
    return this.demote(skill, template);
  }

  /** Stops serving a template at once (its program is gone); a streak starts over. */
  demote(skill: string, template: Template): Transition {
    const s = this.#touch(skill, template);
    if (!s.promoted) return undefined;
    s.promoted = false;
    s.streak = 0;
    s.demotions++;
    return "demoted";
  }

  /** Tokens a direct call saved (counted after it answered). */
  saved(skill: string, template: Template, tokens: number): void {
    this.#touch(skill, template).tokensSaved += tokens;
  }

  #touch(skill: string, template: Template): TemplateStats {
    const s = this.stats(skill, template);
    s.lastUsed = new Date().toISOString();
    return s;
  }
}

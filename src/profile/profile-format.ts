import { z } from "zod";
import { LevelOrZero } from "./catalogue.js";

// SkVM's profile format (TCP JSON), read as it is: unknown fields are kept, so a profile
// imported and written back loses nothing. Primitive ids are strings here: a newer catalogue's
// ids survive an import too.

export const LevelResult = z.looseObject({
  level: LevelOrZero,
  passed: z.boolean(),
  passCount: z.number().int().nonnegative(),
  totalCount: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative().optional(),
  costUsd: z.number().nonnegative().optional(),
  testDescription: z.string().optional(),
  failureDetails: z.array(z.string()).default([]),
});
export type LevelResult = z.infer<typeof LevelResult>;

export const PrimitiveDetail = z.looseObject({
  primitiveId: z.string(),
  highestLevel: LevelOrZero,
  levelResults: z.array(LevelResult).default([]),
});
export type PrimitiveDetail = z.infer<typeof PrimitiveDetail>;

export const ProfileCost = z.looseObject({
  totalUsd: z.number().nonnegative().default(0),
  totalTokens: z.looseObject({ input: z.number().nonnegative().default(0), output: z.number().nonnegative().default(0) }).optional(),
  durationMs: z.number().nonnegative().optional(),
});

export const Profile = z.looseObject({
  version: z.string(),
  model: z.string().min(1),
  harness: z.string().min(1),
  profiledAt: z.iso.datetime({ offset: true }),
  capabilities: z.record(z.string(), LevelOrZero),
  details: z.array(PrimitiveDetail).default([]),
  cost: ProfileCost.optional(),
  isPartial: z.boolean().optional(),
});
export type Profile = z.infer<typeof Profile>;

/** What skvm-mcp adds to the profiles it measures (other tools ignore these fields). */
export const ProbeRunInfo = z.object({
  generator: z.string(),
  seed: z.union([z.number(), z.string()]),
  instancesPerLevel: z.number().int().positive(),
  earlyStop: z.boolean(),
  provider: z.string(),
});
export type ProbeRunInfo = z.infer<typeof ProbeRunInfo>;

export const PROFILE_VERSION = "1.0";

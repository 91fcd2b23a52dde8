import { z } from "zod";
import { Level, PrimitiveId } from "./catalogue.js";

/** One finished instance: what the resume log keeps and the profile's details are built from. */
export const InstanceResult = z.object({
  key: z.string(),
  primitive: PrimitiveId,
  level: Level,
  index: z.number().int().nonnegative(),
  passed: z.boolean(),
  reason: z.string().optional(),
  calls: z.number().int().nonnegative(),
  usage: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }),
  durationMs: z.number().nonnegative(),
  modelMs: z.number().nonnegative(),
});
export type InstanceResult = z.infer<typeof InstanceResult>;

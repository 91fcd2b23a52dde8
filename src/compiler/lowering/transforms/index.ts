import { absolutePaths } from "./absolute-paths.js";
import { checklist } from "./checklist.js";
import { computeWithCode } from "./compute-with-code.js";
import { concreteRegex } from "./concrete-regex.js";
import { inlineReferences } from "./inline-references.js";
import { runnableCode } from "./runnable-code.js";
import { sectionedOutput } from "./sectioned-output.js";
import { sequentialOrder } from "./sequential-order.js";
import { structuredOutput } from "./structured-output.js";
import type { Transform } from "./transform.js";

export type { Located, Transform, TransformContext } from "./transform.js";

/** Every deterministic lowering transform: the single list lowering picks from, by primitive. */
export const TRANSFORMS: readonly Transform[] = [
  absolutePaths,
  runnableCode,
  structuredOutput,
  checklist,
  inlineReferences,
  sequentialOrder,
  computeWithCode,
  sectionedOutput,
  concreteRegex,
];

export const transformFor = (primitive: string): Transform | undefined => TRANSFORMS.find((t) => t.serves(primitive));

import JSON5 from "json5";
import { isRecord } from "./shape.js";

/** An object written as JSON or JSON5 text, as harness metadata often is; undefined if it is not one. */
export function parseObjectText(text: string): Record<string, unknown> | undefined {
  for (const parse of [JSON.parse, JSON5.parse]) {
    try {
      const v: unknown = parse(text);
      if (isRecord(v)) return v;
    } catch {
      // try the next, laxer syntax
    }
  }
  return undefined;
}

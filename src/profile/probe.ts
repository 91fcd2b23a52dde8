import type { ToolSpec } from "../model/provider.js";
import type { ScriptedTurn } from "../model/scripted.js";
import type { Level, PrimitiveId } from "./catalogue.js";
import type { Rng } from "./rng.js";

/** A reply as a model would give it: text, tool calls, or both. References are written this way. */
export type Turn = ScriptedTurn;

/** What a model did on an instance, as the grader sees it. */
export interface Outcome {
  /** The final assistant text. */
  text: string;
  /** Agent mode: the temp workspace as the model left it. */
  workspace?: string;
  /** Agent mode: every tool call, with the assistant turn it was made in (0-based). */
  calls: { turn: number; name: string; arguments: Record<string, unknown> }[];
}

export interface Verdict {
  passed: boolean;
  /** Why it failed, naming the check (for people reading a profile). */
  reason?: string;
}

export interface GradeContext {
  signal?: AbortSignal;
}

/** A JSON document served on loopback for the instance (tool.web); the URL goes into base_url.txt. */
export interface HttpRoute {
  /** Query string to match exactly, e.g. "page=2"; absent: any query. */
  query?: string;
  body: unknown;
}

/** What a family generates; the registry adds identity (primitive, level, index, key). */
export interface InstanceBody {
  prompt: string;
  /** Files in the workspace before the run (agent mode). */
  files?: Record<string, string>;
  /** Routes of a loopback HTTP server started for the run (agent mode). */
  http?: Record<string, HttpRoute[]>;
  /** Tools offered beside the workspace tools (agent mode), answered with "ok". */
  extraTools?: ToolSpec[];
  /** The correct answer, as turns a model would produce. */
  reference: Turn[];
  /** The reference with one small, deliberate mistake: must fail (proves the grader looks). */
  nearMiss: Turn[];
  grade(outcome: Outcome, ctx: GradeContext): Promise<Verdict>;
}

export interface LevelProbe {
  /** What this level asks, for profile details (`testDescription`). */
  description: string;
  make(rng: Rng): InstanceBody;
}

export interface ProbeFamily {
  primitive: PrimitiveId;
  /** "answer": one completion, graded on its text. "agent": a tool loop in a temp workspace. */
  mode: "answer" | "agent";
  levels: Record<Level, LevelProbe>;
}

export interface ProbeInstance extends InstanceBody {
  primitive: PrimitiveId;
  level: Level;
  index: number;
  mode: ProbeFamily["mode"];
  description: string;
  /** Stable identity of this exact instance (content hash): the resume cache's key. */
  key: string;
}

export const pass = (): Verdict => ({ passed: true });
export const fail = (reason: string): Verdict => ({ passed: false, reason });

/** The first failing verdict, else a pass: checks read top to bottom. */
export function firstFailure(...verdicts: (Verdict | undefined)[]): Verdict {
  return verdicts.find((v) => v && !v.passed) ?? pass();
}

/** A one-turn text answer. */
export const says = (text: string): Turn[] => [{ text }];

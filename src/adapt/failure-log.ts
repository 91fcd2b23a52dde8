import { randomBytes } from "node:crypto";
import { appendFile, mkdir, readFile, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { skillStateDir } from "../env/index.js";
import { log } from "../log.js";
import { FailureRecord } from "./failure.js";

/** Bounds: a record never carries more than these, and a skill's log rotates past LOG_BYTES. */
export const STDERR_TAIL_CHARS = 2_000;
export const CODE_CHARS = 4_000;
export const LOG_BYTES = 256 * 1024;

const CURRENT = "failures.jsonl";
const ROTATED = "failures.1.jsonl";

type SkillRef = { name: string; dir: string };

/** The folder a skill's failure log lives in (its state folder under SKVM_HOME, beside its venv). */
export const failureLogDir = (skill: SkillRef): string => skillStateDir(skill);

/** The record cut to its bounds before it is written. */
export function boundRecord(record: Omit<FailureRecord, "id" | "at">): FailureRecord {
  const cut = (text: string, max: number, end: boolean) => (text.length <= max ? text : end ? `…${text.slice(-max)}` : `${text.slice(0, max)}…`);
  const { params, ...rest } = record;
  // Parameters too big to keep whole are left out rather than cut into something they never were.
  const paramsFit = params !== undefined && JSON.stringify(params).length <= CODE_CHARS;
  return FailureRecord.parse({
    ...rest,
    id: `f-${randomBytes(6).toString("hex")}`,
    at: new Date().toISOString(),
    stderrTail: cut(record.stderrTail, STDERR_TAIL_CHARS, true),
    ...(record.code !== undefined ? { code: cut(record.code, CODE_CHARS, false) } : {}),
    ...(paramsFit ? { params } : {}),
  });
}

/**
 * Appends one record to the skill's log; past LOG_BYTES the log becomes the one rotated file
 * (the older one goes), so a skill that fails forever costs at most twice that on disk.
 */
export async function appendFailure(skill: SkillRef, record: FailureRecord): Promise<void> {
  const dir = failureLogDir(skill);
  await mkdir(dir, { recursive: true });
  const path = join(dir, CURRENT);
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size >= LOG_BYTES) await rename(path, join(dir, ROTATED));
  await appendFile(path, `${JSON.stringify(record)}\n`);
}

/** Every record still kept for the skill, oldest first; lines that do not parse are skipped. */
export async function readFailures(skill: SkillRef): Promise<FailureRecord[]> {
  const dir = failureLogDir(skill);
  const records: FailureRecord[] = [];
  for (const file of [ROTATED, CURRENT]) {
    const text = await readFile(join(dir, file), "utf8").catch(() => "");
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        const parsed = FailureRecord.safeParse(JSON.parse(line));
        if (parsed.success) records.push(parsed.data);
      } catch {
        log.debug(`skipped a damaged line in ${join(dir, file)}`);
      }
    }
  }
  return records;
}

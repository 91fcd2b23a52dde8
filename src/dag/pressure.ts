import { readFile } from "node:fs/promises";

/** Linux pressure stall information: the share of the last 10 s that tasks waited for a resource. */
export interface Pressure {
  /** `some avg10` of /proc/pressure/cpu, 0-100: time at least one runnable task waited for a CPU. */
  cpu?: number;
  /** `some avg10` of /proc/pressure/memory, 0-100: time tasks stalled on memory (reclaim, swap). */
  memory?: number;
}

const SOME_AVG10 = /^some avg10=(\d+(?:\.\d+)?)/m;

/**
 * Contention now, not a minute ago: PSI's 10-second averages (Linux 4.20+). A resource whose file
 * is missing or unreadable (other systems, kernels without PSI) is left out.
 */
export async function readPressure(root = "/proc/pressure"): Promise<Pressure> {
  const [cpu, memory] = await Promise.all([someAvg10(`${root}/cpu`), someAvg10(`${root}/memory`)]);
  return { ...(cpu === undefined ? {} : { cpu }), ...(memory === undefined ? {} : { memory }) };
}

async function someAvg10(file: string): Promise<number | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  const value = text === undefined ? undefined : SOME_AVG10.exec(text)?.[1];
  return value === undefined ? undefined : Number(value);
}

import { availableParallelism } from "node:os";
import { readPressure, type Pressure } from "./pressure.js";

/** Caps how many nodes run at once, e.g. for benchmarks: SKVM_WORKFLOW_CONCURRENCY=4. */
export const CONCURRENCY_VARIABLE = "SKVM_WORKFLOW_CONCURRENCY";

/**
 * A fan-out this small always runs at once unless the user caps it. On a busy machine Linux
 * shares the CPU per runnable process, so holding a few nodes back frees little for others and
 * makes the workflow wait; a handful of processes cost little memory.
 */
export const SMALL_FANOUT = 4;
/** Memory stalls above this (PSI some avg10, %) are where more processes start to hurt everyone. */
const MEMORY_PRESSURE_LIMIT = 10;

/** How many nodes may run at once, and why: the run report says both. */
export interface ConcurrencyChoice {
  limit: number;
  reason: string;
}

/** The caller's cap (`--concurrency`), else SKVM_WORKFLOW_CONCURRENCY, else what the machine's contention now allows. */
export async function chooseConcurrency(cap?: number, env: NodeJS.ProcessEnv = process.env): Promise<ConcurrencyChoice> {
  if (cap !== undefined) return { limit: cap, reason: `capped at ${cap} by the caller (--concurrency)` };
  const forced = Number(env[CONCURRENCY_VARIABLE]);
  if (Number.isInteger(forced) && forced > 0) return { limit: forced, reason: `capped at ${forced} by ${CONCURRENCY_VARIABLE}` };
  return concurrencyFor(availableParallelism(), await readPressure());
}

/**
 * Without a cap: two nodes per core while the CPU is free (process nodes often wait on files or
 * the network), fewer as CPU pressure rises, never fewer than SMALL_FANOUT; two at a time when
 * memory stalls, since that is where oversubscription hurts. Without PSI: one per core.
 */
export function concurrencyFor(cores: number, pressure: Pressure): ConcurrencyChoice {
  const on = `${cores} core${cores === 1 ? "" : "s"}`;
  if (pressure.memory !== undefined && pressure.memory >= MEMORY_PRESSURE_LIMIT) {
    return { limit: 2, reason: `memory pressure ${pressure.memory}% (PSI some avg10) on ${on}: 2 at a time, the fewest that still runs a group in parallel` };
  }
  if (pressure.cpu === undefined) {
    const limit = Math.max(SMALL_FANOUT, cores);
    return { limit, reason: `no CPU pressure signal (/proc/pressure/cpu unreadable): one node per core on ${on}, at least ${SMALL_FANOUT}` };
  }
  const free = Math.max(0, 1 - pressure.cpu / 100);
  const limit = Math.max(SMALL_FANOUT, Math.round(2 * cores * free));
  const floor = limit === SMALL_FANOUT ? `; a fan-out of ${SMALL_FANOUT} always runs at once` : "";
  return { limit, reason: `CPU pressure ${pressure.cpu}% (PSI some avg10) on ${on}: ${limit} at a time${floor}` };
}

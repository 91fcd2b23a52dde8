/**
 * One limiter shared by every file-system call of the loader. A server loads many skills at once;
 * a per-skill limit would still open thousands of descriptors together (EMFILE), a process-wide
 * one keeps the total bounded. Only leaf operations go through it (never a task that awaits
 * another limited task), so it cannot deadlock.
 */
const MAX_IN_FLIGHT = 64;

let inFlight = 0;
const waiting: Array<() => void> = [];

export async function io<T>(op: () => Promise<T>): Promise<T> {
  // A finishing call hands its slot straight to the next waiter, so the count never overshoots.
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  else inFlight++;
  try {
    return await op();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else inFlight--;
  }
}

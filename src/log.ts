import pino from "pino";

/**
 * The one logger. It writes to stderr only: stdout of the stdio server carries JSON-RPC and
 * nothing else. SKVM_LOG_LEVEL sets the level (default "info"; "silent" turns it off).
 */
export const log = pino(
  { name: "skvm", level: process.env.SKVM_LOG_LEVEL ?? "info", base: undefined },
  pino.destination({ fd: 2, sync: true }),
);
export type Logger = typeof log;

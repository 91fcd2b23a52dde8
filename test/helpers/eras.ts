/** The two protocol eras one server serves: 2025-11-25 ("legacy") and 2026-07-28 ("modern"). */
export type Era = "legacy" | "modern";
export type TransportKind = "stdio" | "streamable" | "sse";

/** Every transport of each era, as the matrix tests walk them: legacy SSE exists only for 2025-11-25. */
export const ERA_CASES: readonly { transport: TransportKind; era: Era }[] = [
  { transport: "stdio", era: "legacy" },
  { transport: "stdio", era: "modern" },
  { transport: "streamable", era: "legacy" },
  { transport: "streamable", era: "modern" },
  { transport: "sse", era: "legacy" },
];
export const caseName = ({ transport, era }: { transport: TransportKind; era: Era }): string => `${transport}-${era}`;

/** Client options pinning the 2026-07-28 revision (a client otherwise negotiates 2025-11-25 first). */
export const PIN_2026 = { versionNegotiation: { mode: { pin: "2026-07-28" } } } as const;
export const pinFor = (era: Era) => (era === "modern" ? PIN_2026 : {});

/** The skvm-mcp version; recorded in every manifest so a new compiler recompiles old artifacts. */
export const VERSION = "0.1.0";

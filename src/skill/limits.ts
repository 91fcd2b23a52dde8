/** Hard caps that keep one hostile or broken skill from stalling a server that loads a thousand. */
export const Limits = {
  /** SKILL.md is read whole and parsed twice at most; larger is not a skill, it is a payload. */
  entryBytes: 1024 * 1024,
  filesPerSkill: 5_000,
  /**
   * Directory entries of every kind (files, folders, links, empty folders) one walk of a skill
   * visits before it stops: files alone would not bound a tree of ten thousand empty folders.
   */
  entriesPerSkill: 20_000,
  bytesPerSkill: 200 * 1024 * 1024,
  /** YAML aliases a frontmatter may expand; stops "billion laughs" in microseconds. */
  yamlAliases: 100,
  /** Bytes inspected for a NUL when deciding whether a file is binary. */
  binarySniffBytes: 8 * 1024,
  /** Folder levels searched below a skills root before giving up on a branch. */
  discoveryDepth: 8,
  /** Folders searched below one followed symlink during discovery (a link to /usr is not a skill tree). */
  discoveryFoldersPerLink: 2_000,
  /** SKILL.md bodies with more fenced code blocks are not analysed: every pass would pay per block. */
  codeBlocks: 500,
  /** Wall-clock budget for parsing one SKILL.md body (in a worker thread); a legit 1 MiB body takes well under 1 s. */
  markdownParseMs: 5_000,
  /** Heap of the Markdown worker thread; a body whose syntax tree needs more is refused. */
  markdownHeapMb: 96,
} as const;

/** Names never walked into, hashed or served (`.env` often holds the API keys a skill asks for). */
export const EXCLUDED_NAMES: ReadonlySet<string> = new Set([".git", "node_modules", "__pycache__", ".DS_Store", ".env"]);

/** The entry file names a skill folder may use, in order of preference. */
export const ENTRY_NAMES = ["SKILL.md", "skill.md"] as const;

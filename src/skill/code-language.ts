/** What a fenced block's info-string language means for the passes that read code. */
export type CodeLanguage = "python" | "javascript" | "shell" | "console";

const LANGUAGES: Readonly<Record<string, CodeLanguage>> = {
  python: "python", py: "python", python3: "python",
  javascript: "javascript", js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript", node: "javascript",
  typescript: "javascript", ts: "javascript", tsx: "javascript",
  bash: "shell", sh: "shell", shell: "shell", zsh: "shell",
  // Transcripts: `$ ` prompts before commands, output lines between them.
  console: "console", "shell-session": "console", shellsession: "console", terminal: "console",
};

/** The one table of block languages every pass shares (lowercased info string in). */
export const codeLanguage = (lang: string): CodeLanguage | undefined => LANGUAGES[lang.toLowerCase()];

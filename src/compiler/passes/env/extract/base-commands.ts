/**
 * Command names that never become requirements: the shell's own words, and the tools every
 * POSIX-ish machine has. Listing `cd` or `grep` as a requirement would only make verify noisier.
 */

/** bash/zsh builtins and reserved words (`help` in bash, plus the few zsh adds). */
const SHELL_BUILTINS = [
  "!", ".", ":", "[", "[[", "]]", "{", "}", "alias", "autoload", "bg", "bind", "break", "builtin", "caller", "case",
  "cd", "command", "compgen", "complete", "compopt", "continue", "coproc", "declare", "dirs", "disown", "do", "done",
  "echo", "elif", "else", "emulate", "enable", "esac", "eval", "exec", "exit", "export", "false", "fc", "fg", "fi",
  "for", "function", "getopts", "hash", "help", "history", "if", "in", "jobs", "kill", "let", "local", "logout",
  "mapfile", "noglob", "popd", "print", "printf", "pushd", "pwd", "read", "readarray", "readonly", "return",
  "select", "set", "setopt", "shift", "shopt", "source", "suspend", "test", "then", "time", "times", "trap", "true",
  "type", "typeset", "ulimit", "umask", "unalias", "unset", "unsetopt", "until", "wait", "whence", "where", "while",
];

/** GNU coreutils 9 (every program it installs). */
const COREUTILS = [
  "arch", "b2sum", "base32", "base64", "basename", "basenc", "cat", "chcon", "chgrp", "chmod", "chown", "chroot",
  "cksum", "comm", "cp", "csplit", "cut", "date", "dd", "df", "dir", "dircolors", "dirname", "du", "echo", "env",
  "expand", "expr", "factor", "false", "fmt", "fold", "groups", "head", "hostid", "hostname", "id", "install",
  "join", "kill", "link", "ln", "logname", "ls", "md5sum", "mkdir", "mkfifo", "mknod", "mktemp", "mv", "nice", "nl",
  "nohup", "nproc", "numfmt", "od", "paste", "pathchk", "pinky", "pr", "printenv", "printf", "ptx", "pwd",
  "readlink", "realpath", "rm", "rmdir", "runcon", "seq", "sha1sum", "sha224sum", "sha256sum", "sha384sum",
  "sha512sum", "shred", "shuf", "sleep", "sort", "split", "stat", "stdbuf", "stty", "sum", "sync", "tac", "tail",
  "tee", "test", "timeout", "touch", "tr", "true", "truncate", "tsort", "tty", "uname", "unexpand", "uniq",
  "unlink", "uptime", "users", "vdir", "wc", "who", "whoami", "yes",
];

/** findutils, grep, sed, gawk (and the awk names it answers to), diffutils. */
const TEXT_TOOLS = [
  "find", "xargs", "locate", "updatedb", "frcode",
  "grep", "egrep", "fgrep",
  "sed",
  "awk", "gawk", "mawk", "nawk",
  "diff", "diff3", "sdiff", "cmp",
];

/** Essential packages of every Debian/Alpine/macOS base image: the POSIX shell, tar, gzip, which. */
const BASE_SYSTEM = ["sh", "dash", "tar", "gzip", "gunzip", "zcat", "which", "more", "clear"];

export const BASE_COMMANDS: ReadonlySet<string> = new Set([...SHELL_BUILTINS, ...COREUTILS, ...TEXT_TOOLS, ...BASE_SYSTEM]);

/**
 * Package managers: `apt-get install x` says what to install, not a tool the skill runs. The
 * ones whose install lines are understood (pip, npm, apt, brew, ...) are handled before this.
 */
export const PACKAGE_MANAGERS: ReadonlySet<string> = new Set([
  "apt", "apt-get", "aptitude", "dpkg", "brew", "port", "yum", "dnf", "zypper", "apk", "pacman", "snap", "choco",
  "winget", "scoop", "conda", "mamba", "micromamba", "pip", "pip3", "pipx",
]);

#!/usr/bin/env bash
# Markdown changelog grouped by conventional-commit type between two refs of a git repository.
set -euo pipefail

prog=changelog.sh
usage() {
  cat <<'USAGE'
Usage: changelog.sh [--repo DIR] [--from REF] [--to REF] [--title TEXT] [--out FILE] [--no-hash]

Write a Markdown changelog of the commits in FROM..TO, grouped by conventional-commit type:
Breaking Changes, Features (feat), Bug Fixes (fix), Documentation (docs), Other Changes.

  --repo DIR     repository to read (default: current directory)
  --from REF     exclusive start (tag, branch or commit). Default: the latest tag before TO,
                 or the whole history when there is no tag
  --to REF       inclusive end (default: HEAD)
  --title TEXT   heading text (default: TO, or the tag pointing at it)
  --out FILE     write the Markdown to FILE and print a one-line JSON summary instead
  --no-hash      leave out the short commit hashes
  -h, --help     show this help
Merge commits are skipped. Exit codes: 0 ok, 2 bad usage, unknown ref or not a git repository.
USAGE
}
die() { printf '%s: error: %s\n' "$prog" "$1" >&2; exit "${2:-2}"; }

repo=. from="" to=HEAD title="" out="" show_hash=1
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --repo|--from|--to|--title|--out)
      [ $# -ge 2 ] || die "$1 needs a value"
      case "$1" in
        --repo) repo=$2 ;; --from) from=$2 ;; --to) to=$2 ;; --title) title=$2 ;; --out) out=$2 ;;
      esac
      shift 2 ;;
    --repo=*) repo=${1#*=}; shift ;;
    --from=*) from=${1#*=}; shift ;;
    --to=*) to=${1#*=}; shift ;;
    --title=*) title=${1#*=}; shift ;;
    --out=*) out=${1#*=}; shift ;;
    --no-hash) show_hash=0; shift ;;
    *) die "unexpected argument: $1 (see --help)" ;;
  esac
done

command -v git >/dev/null 2>&1 || die "git is not installed"
[ -d "$repo" ] || die "repository directory not found: $repo"
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || die "not a git repository: $repo"
git -C "$repo" rev-parse --verify --quiet "HEAD^{commit}" >/dev/null || die "repository has no commits: $repo"

resolve() { git -C "$repo" rev-parse --verify --quiet "$1^{commit}" 2>/dev/null || die "unknown ref '$1' in $repo"; }
to_sha=$(resolve "$to")
if [ -z "$from" ]; then
  # Latest tag strictly before TO (so a tagged TO compares against the previous release).
  from=$(git -C "$repo" describe --tags --abbrev=0 "$to_sha^" 2>/dev/null || true)
fi
if [ -n "$from" ]; then
  from_sha=$(resolve "$from")
  range="$from_sha..$to_sha"
else
  range="$to_sha"
fi

if [ -z "$title" ]; then
  title=$(git -C "$repo" describe --tags --exact-match "$to_sha" 2>/dev/null || printf '%s' "$to")
fi
date=$(git -C "$repo" log -1 --format=%cs "$to_sha")

breaking=() feat=() fix=() docs=() other=()
re='^([A-Za-z]+)(\(([^)]*)\))?(!)?:[[:space:]]*(.+)$'
count=0
while IFS= read -r -d $'\x1e' record; do
  record=${record#$'\n'}
  [ -n "$record" ] || continue
  hash=${record%%$'\x1f'*}; rest=${record#*$'\x1f'}
  subject=${rest%%$'\x1f'*}; body=${rest#*$'\x1f'}
  count=$((count + 1))
  suffix=""
  [ "$show_hash" -eq 1 ] && suffix=" ($hash)"
  if [[ $subject =~ $re ]]; then
    type=$(printf '%s' "${BASH_REMATCH[1]}" | tr '[:upper:]' '[:lower:]')
    scope=${BASH_REMATCH[3]}
    bang=${BASH_REMATCH[4]}
    text=${BASH_REMATCH[5]}
    line="- ${scope:+**$scope:** }$text$suffix"
    if [ -n "$bang" ] || printf '%s\n' "$body" | grep -Eq '^BREAKING[ -]CHANGE:'; then
      note=$(printf '%s\n' "$body" | sed -n -E 's/^BREAKING[ -]CHANGE:[[:space:]]*//p' | head -n 1)
      breaking+=("- ${scope:+**$scope:** }${note:-$text}$suffix")
    fi
    case "$type" in
      feat|feature) feat+=("$line") ;;
      fix|bugfix) fix+=("$line") ;;
      docs|doc) docs+=("$line") ;;
      *) other+=("- $type${scope:+($scope)}: $text$suffix") ;;
    esac
  else
    other+=("- $subject$suffix")
  fi
done < <(git -C "$repo" log --no-merges --format='%h%x1f%s%x1f%b%x1e' "$range")

section() {
  local heading=$1; shift
  [ $# -gt 0 ] || return 0
  printf '\n### %s\n\n' "$heading"
  printf '%s\n' "$@"
}

render() {
  printf '## %s (%s)\n' "$title" "$date"
  if [ "$count" -eq 0 ]; then
    printf '\n_No changes._\n'
    return
  fi
  section "⚠ Breaking Changes" ${breaking[@]+"${breaking[@]}"}
  section "Features" ${feat[@]+"${feat[@]}"}
  section "Bug Fixes" ${fix[@]+"${fix[@]}"}
  section "Documentation" ${docs[@]+"${docs[@]}"}
  section "Other Changes" ${other[@]+"${other[@]}"}
}

json_escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }

if [ -n "$out" ]; then
  out_dir=$(dirname -- "$out")
  [ -d "$out_dir" ] || die "output directory does not exist: $out_dir"
  render > "$out"
  printf '{"out":"%s","range":"%s","commits":%d,"breaking":%d,"feat":%d,"fix":%d,"docs":%d,"other":%d}\n' \
    "$(json_escape "$out")" "$(json_escape "${from:+$from..}$to")" "$count" \
    "${#breaking[@]}" "${#feat[@]}" "${#fix[@]}" "${#docs[@]}" "${#other[@]}"
else
  render
fi

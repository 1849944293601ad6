# shellcheck shell=bash
# Shared helpers for the real-editor tests; sourced, never run.
#
# Every heavy install lands under $EDITOR_TEST_CACHE so a second run reuses it. Each installer
# writes a `.ok` stamp only after it fully succeeded, so a run interrupted halfway redoes that step
# instead of trusting a half-filled folder.

set -euo pipefail

EDITOR_TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$EDITOR_TESTS_DIR/../.." && pwd)"
EDITOR_TEST_CACHE="${EDITOR_TEST_CACHE:-$HOME/.cache/dockerfile-lsp-editors}"
mkdir -p "$EDITOR_TEST_CACHE"

log() { printf '[editors] %s\n' "$*" >&2; }
die() {
	printf '[editors] FAIL: %s\n' "$*" >&2
	exit 1
}

# Exit code 77 means "skipped": run.sh counts it as a skip on a developer machine and as a failure
# under CI, where a missing editor means the install step broke.
SKIP_CODE=77
skip() {
	printf '[editors] SKIP: %s\n' "$*" >&2
	exit "$SKIP_CODE"
}

# Runs apt-get install only for the packages that are missing, so a warm run never touches apt.
apt_ensure() {
	local missing=()
	local pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		log "missing Debian packages ${missing[*]} and not root to install them"
		return 1
	fi
	log "apt-get install ${missing[*]}"
	# The package lists on a fresh machine can be empty or stale; one update before installing fixes both.
	apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
}

# The server binary under test: DOCKERFILE_LSP_BIN, else the newest of target/release and target/debug.
resolve_server_bin() {
	if [ -n "${DOCKERFILE_LSP_BIN:-}" ]; then
		[ -x "$DOCKERFILE_LSP_BIN" ] || die "DOCKERFILE_LSP_BIN=$DOCKERFILE_LSP_BIN is not an executable file"
		(cd "$(dirname "$DOCKERFILE_LSP_BIN")" && printf '%s/%s\n' "$(pwd)" "$(basename "$DOCKERFILE_LSP_BIN")")
		return
	fi
	local candidate best=""
	for candidate in "$REPO_ROOT/target/release/dockerfile-lsp" "$REPO_ROOT/target/debug/dockerfile-lsp"; do
		if [ -x "$candidate" ] && { [ -z "$best" ] || [ "$candidate" -nt "$best" ]; }; then
			best="$candidate"
		fi
	done
	[ -n "$best" ] || die "no server binary: set DOCKERFILE_LSP_BIN or run cargo build -p dockerfile-lsp first"
	printf '%s\n' "$best"
}

# True when the server under test advertised capability $1 at initialize (run.sh records them in
# $EDITOR_SERVER_CAPS). Checks for features the server does not have yet are skipped, not failed.
server_has() {
	[ -n "${EDITOR_SERVER_CAPS:-}" ] && [ -f "$EDITOR_SERVER_CAPS" ] && grep -qx "$1" "$EDITOR_SERVER_CAPS"
}

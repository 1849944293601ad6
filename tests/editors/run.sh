#!/usr/bin/env bash
# Real-editor tests: Neovim 0.7.2 and 0.11.4, Helix 25.01, VS Code (code-server 4.100.3).
#
#   DOCKERFILE_LSP_BIN=target/release/dockerfile-lsp tests/editors/run.sh [neovim] [helix] [vscode]
#
# Builds nothing of ours: the server is $DOCKERFILE_LSP_BIN (default: the newer of target/release and
# target/debug). Editors and browsers are installed once under $EDITOR_TEST_CACHE
# (default ~/.cache/dockerfile-lsp-editors) and reused. An editor that cannot be installed is a skip on
# a developer machine and a failure when CI is set. Ends with `N passed, N failed[, N skipped]` and
# exits non-zero when anything failed.
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

editors=("$@")
[ "${#editors[@]}" -gt 0 ] || editors=(neovim helix vscode)
for e in "${editors[@]}"; do
	case "$e" in neovim | helix | vscode) ;; *) die "unknown editor '$e' (neovim, helix, vscode)" ;; esac
done

passed=0
failed=0
skipped=0
results=()

record() { # name status seconds [reason]
	results+=("$(printf '%-6s %-22s %4ss %s' "$2" "$1" "$3" "${4:-}")")
	case "$2" in
	PASS) passed=$((passed + 1)) ;;
	FAIL) failed=$((failed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	esac
}

# An editor we could not get: skipped on a developer machine, a failure in CI.
unavailable() { # name reason
	if [ -n "${CI:-}" ]; then
		log "FAIL $1: $2 (CI is set, so a missing editor is a failure)"
		record "$1" FAIL 0 "$2"
	else
		log "SKIP $1: $2"
		record "$1" SKIP 0 "$2"
	fi
}

run_test() { # name command...
	local name="$1"
	shift
	log "=== $name"
	local start=$SECONDS rc=0
	"$@" || rc=$?
	local took=$((SECONDS - start))
	if [ "$rc" -eq 0 ]; then
		record "$name" PASS "$took"
	elif [ "$rc" -eq "$SKIP_CODE" ]; then
		unavailable "$name" "skipped by the test (see above)"
	else
		record "$name" FAIL "$took" "exit $rc"
	fi
}

if ! bin="$(resolve_server_bin)"; then
	printf '0 passed, 1 failed\n'
	exit 1
fi
export DOCKERFILE_LSP_BIN="$bin"
caps_dir="$(mktemp -d "${TMPDIR:-/tmp}/dockerfile-lsp-caps.XXXXXX")"
trap 'rm -rf "$caps_dir"' EXIT
export EDITOR_SERVER_CAPS="$caps_dir/capabilities"
log "cache: $EDITOR_TEST_CACHE"

# The server must speak LSP at all; otherwise every editor would only time out, slowly and vaguely.
if ! python3 "$EDITOR_TESTS_DIR/lsp_ping.py" "$bin" "$EDITOR_SERVER_CAPS"; then
	record "server answers initialize" FAIL 0 "$bin serve is not an LSP server (see above)"
	printf '%s\n' "${results[@]}"
	printf '%d passed, %d failed\n' "$passed" "$failed"
	exit 1
fi

total_start=$SECONDS
for editor in "${editors[@]}"; do
	case "$editor" in
	neovim)
		install_start=$SECONDS
		if nvims="$(bash "$EDITOR_TESTS_DIR/install/neovim.sh")"; then
			log "Neovim ready in $((SECONDS - install_start)) s"
			nvim07="$(printf '%s\n' "$nvims" | awk '$1 == "0.7" { print $2 }')"
			nvim011="$(printf '%s\n' "$nvims" | awk '$1 == "0.11" { print $2 }')"
			run_test "neovim-0.7.2 setup()" bash "$EDITOR_TESTS_DIR/neovim/run.sh" "$nvim07" setup
			run_test "neovim-0.11.4 enable" bash "$EDITOR_TESTS_DIR/neovim/run.sh" "$nvim011" enable
			run_test "neovim-0.11.4 setup()" bash "$EDITOR_TESTS_DIR/neovim/run.sh" "$nvim011" setup
			run_test "neovim-0.11.4 queries" bash "$EDITOR_TESTS_DIR/neovim/run.sh" "$nvim011" queries
		else
			unavailable "neovim" "installing Neovim failed (see above)"
		fi
		;;
	helix)
		install_start=$SECONDS
		if hx="$(bash "$EDITOR_TESTS_DIR/install/helix.sh")"; then
			log "Helix ready in $((SECONDS - install_start)) s"
			run_test "helix --health" bash "$EDITOR_TESTS_DIR/helix/run.sh" "$hx" health
			run_test "helix tmux" bash "$EDITOR_TESTS_DIR/helix/run.sh" "$hx" tmux
		else
			unavailable "helix" "installing Helix from Debian trixie failed (see above)"
		fi
		;;
	vscode)
		install_start=$SECONDS
		if bash "$EDITOR_TESTS_DIR/install/code-server.sh" >/dev/null; then
			log "code-server ready in $((SECONDS - install_start)) s"
			run_test "vscode bundled server" bash "$EDITOR_TESTS_DIR/vscode/run.sh" bundled
			run_test "vscode server.path" bash "$EDITOR_TESTS_DIR/vscode/run.sh" setting
		else
			unavailable "vscode" "installing code-server or Chromium failed (see above)"
		fi
		;;
	esac
done

log "editor tests took $((SECONDS - total_start)) s"
printf '%s\n' "${results[@]}"
if [ "$skipped" -gt 0 ]; then
	printf '%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
else
	printf '%d passed, %d failed\n' "$passed" "$failed"
fi
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# One headless Neovim run: run.sh NVIM MODE
#   setup | enable   neovim/test.lua: the plugin started that way gets our server's diagnostics
#   queries          neovim/queries.lua: queries/dockerfile/*.scm compile and highlight (0.11)
# shellcheck source-path=SCRIPTDIR source=../lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

nvim="${1:?usage: run.sh NVIM MODE}"
mode="${2:?usage: run.sh NVIM MODE}"
[ -x "$nvim" ] || skip "no Neovim at $nvim"
bin="$(resolve_server_bin)"

work="$(mktemp -d "${TMPDIR:-/tmp}/dockerfile-lsp-nvim.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -r "$EDITOR_TESTS_DIR/fixtures/project" "$work/project"
# Keep Neovim's state, logs and shada away from the user's own.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"

log "$("$nvim" --version | head -1), mode $mode, server $bin"
set +e
if [ "$mode" = queries ]; then
	parser="$(bash "$EDITOR_TESTS_DIR/install/dockerfile-parser.sh")" || skip "could not build the tree-sitter-dockerfile parser"
	PARSER="$parser" PLUGIN_DIR="$REPO_ROOT/editors/neovim" SAMPLE="$EDITOR_TESTS_DIR/fixtures/highlight.Dockerfile" \
		timeout 120 "$nvim" --headless -u NONE -i NONE -n -c "luafile $EDITOR_TESTS_DIR/neovim/queries.lua" </dev/null
else
	DOCKERFILE_LSP_BIN="$bin" PLUGIN_DIR="$REPO_ROOT/editors/neovim" PROJECT_DIR="$work/project" MODE="$mode" \
		timeout 120 "$nvim" --headless -u NONE -i NONE -n -c "luafile $EDITOR_TESTS_DIR/neovim/test.lua" </dev/null
fi
rc=$?
set -e
case "$rc" in
0) exit 0 ;;
124) die "Neovim did not finish within 120 s" ;;
*) die "Neovim test exited with $rc (see the FAIL lines above)" ;;
esac

#!/usr/bin/env bash
# Compiles the tree-sitter-dockerfile grammar that the server uses (the arborium-dockerfile crate's
# C sources, version from Cargo.lock) into a shared library for Neovim, and prints its path.
#
# Neither Neovim build ships a Dockerfile parser; with this one our queries/dockerfile/*.scm can be
# compiled against the exact grammar the server parses with. Helix 25.01 cannot load it: the grammar
# is generated for tree-sitter ABI 15 and Helix 25.01 reads up to 14.
# shellcheck source-path=SCRIPTDIR source=../lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

version="$(awk '/^name = "arborium-dockerfile"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$REPO_ROOT/Cargo.lock")"
[ -n "$version" ] || die "arborium-dockerfile not found in Cargo.lock"
dest="$EDITOR_TEST_CACHE/dockerfile-parser-$version"
so="$dest/dockerfile.so"
if [ -f "$dest/.ok" ]; then
	printf '%s\n' "$so"
	exit 0
fi

# The crate's sources are in cargo's registry once the server has been built (or `cargo fetch`ed).
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
grammar=""
for candidate in "$registry"/*/"arborium-dockerfile-$version/grammar"; do
	if [ -f "$candidate/src/parser.c" ]; then
		grammar="$candidate"
		break
	fi
done
[ -n "$grammar" ] || die "arborium-dockerfile $version sources not under $registry (build the server or run cargo fetch first)"
command -v cc >/dev/null || die "no C compiler (cc) to build the Dockerfile parser"

rm -rf "$dest"
mkdir -p "$dest"
sources=("$grammar/src/parser.c")
[ -f "$grammar/scanner.c" ] && sources+=("$grammar/scanner.c")
cc -shared -fPIC -O2 -w -I "$grammar/src" -I "$grammar" -o "$so" "${sources[@]}" ||
	die "compiling the tree-sitter-dockerfile parser failed"
touch "$dest/.ok"
printf '%s\n' "$so"

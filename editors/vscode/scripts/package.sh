#!/usr/bin/env bash
# Builds the extension and packages it into a .vsix.
#
#   scripts/package.sh                      universal .vsix; the server is found via setting or PATH
#   scripts/package.sh --bundle-server      also ship target/release/dockerfile-lsp (built if missing)
#                                           as server/dockerfile-lsp, in a .vsix for this platform only
#   scripts/package.sh --server-bin FILE    like --bundle-server, with that binary
#   --out FILE                              where to write the .vsix (default: dist/<name>-<version>[-<target>].vsix)
#
# Needs `npm ci` to have been run here (the script runs it when node_modules is missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
bundle=""
server_bin=""
out=""
while [ $# -gt 0 ]; do
	case "$1" in
	--bundle-server) bundle=1 ;;
	--server-bin)
		bundle=1
		server_bin="${2:?--server-bin needs a path}"
		shift
		;;
	--out)
		out="${2:?--out needs a path}"
		shift
		;;
	-h | --help)
		sed -n '2,11p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	*)
		echo "package.sh: unknown argument $1" >&2
		exit 2
		;;
	esac
	shift
done

cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund

name="$(node -p 'require("./package.json").name')"
version="$(node -p 'require("./package.json").version')"

# A binary left from an earlier bundled build must not leak into a universal package.
rm -rf server
target_args=()
suffix=""
if [ -n "$bundle" ]; then
	if [ -z "$server_bin" ]; then
		server_bin="$repo/target/release/dockerfile-lsp"
		if [ ! -x "$server_bin" ]; then
			(cd "$repo" && cargo build --release -p dockerfile-lsp)
		fi
	fi
	[ -x "$server_bin" ] || {
		echo "package.sh: $server_bin is not an executable file" >&2
		exit 1
	}
	# vsce's target names: <node platform>-<node arch>, e.g. linux-x64, darwin-arm64.
	target="$(node -p 'process.platform + "-" + process.arch')"
	mkdir -p server
	cp "$server_bin" server/dockerfile-lsp
	chmod 755 server/dockerfile-lsp
	target_args=(--target "$target")
	suffix="-$target"
fi

npx --no-install tsc -p .
node scripts/build.mjs

[ -n "$out" ] || out="dist/$name-$version$suffix.vsix"
mkdir -p "$(dirname "$out")"
npx --no-install vsce package --no-dependencies --skip-license "${target_args[@]}" --out "$out"
if [ -n "$bundle" ]; then
	rm -rf server
fi
echo "$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

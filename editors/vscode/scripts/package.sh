#!/usr/bin/env bash
# Builds the extension and packages it into a .vsix.
#
#   scripts/package.sh                        universal .vsix; the server is found via setting or PATH
#   scripts/package.sh --target TARGET        a .vsix for one platform (vsce's TARGET, e.g. linux-x64) with
#                                             the server inside as server/dockerfile-lsp[.exe]: the binary
#                                             of --server-bin, else target/<rust triple>/release/dockerfile-lsp
#                                             (built with cargo --target when missing)
#   scripts/package.sh --bundle-server        the same for this machine's platform, with target/release's binary
#   --server-bin FILE                         the server binary to bundle (implies --bundle-server)
#   --out FILE                                where to write the .vsix (default: dist/<name>-<version>[-<target>].vsix)
#
# TARGET and the Rust target triple of its binary:
#   linux-x64     x86_64-unknown-linux-gnu       alpine-x64    x86_64-unknown-linux-musl
#   linux-arm64   aarch64-unknown-linux-gnu      alpine-arm64  aarch64-unknown-linux-musl
#   linux-armhf   armv7-unknown-linux-gnueabihf  win32-x64     x86_64-pc-windows-msvc
#   darwin-x64    x86_64-apple-darwin            win32-arm64   aarch64-pc-windows-msvc
#   darwin-arm64  aarch64-apple-darwin
# The binary's format and processor are checked against TARGET before packaging.
#
# Needs `npm ci` to have been run here (the script runs it when node_modules is missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
bundle=""
server_bin=""
target=""
out=""
while [ $# -gt 0 ]; do
	case "$1" in
	--bundle-server) bundle=1 ;;
	--server-bin)
		bundle=1
		server_bin="${2:?--server-bin needs a path}"
		shift
		;;
	--target)
		bundle=1
		target="${2:?--target needs a vsce target such as linux-x64}"
		shift
		;;
	--out)
		out="${2:?--out needs a path}"
		shift
		;;
	-h | --help)
		sed -n '2,21p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	*)
		echo "package.sh: unknown argument $1" >&2
		exit 2
		;;
	esac
	shift
done

# The Rust target triple whose binary runs on vsce's target $1.
rust_triple() {
	case "$1" in
	linux-x64) echo x86_64-unknown-linux-gnu ;;
	linux-arm64) echo aarch64-unknown-linux-gnu ;;
	linux-armhf) echo armv7-unknown-linux-gnueabihf ;;
	alpine-x64) echo x86_64-unknown-linux-musl ;;
	alpine-arm64) echo aarch64-unknown-linux-musl ;;
	darwin-x64) echo x86_64-apple-darwin ;;
	darwin-arm64) echo aarch64-apple-darwin ;;
	win32-x64) echo x86_64-pc-windows-msvc ;;
	win32-arm64) echo aarch64-pc-windows-msvc ;;
	*) return 1 ;;
	esac
}

cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund

name="$(node -p 'require("./package.json").name')"
version="$(node -p 'require("./package.json").version')"

# A binary left from an earlier bundled build must not leak into a universal package.
rm -rf server
target_args=()
suffix=""
if [ -n "$bundle" ]; then
	# vsce's target names: <node platform>-<node arch>, e.g. linux-x64, darwin-arm64.
	host="$(node -p 'process.platform + "-" + process.arch')"
	[ -n "$target" ] || target="$host"
	triple="$(rust_triple "$target")" || {
		echo "package.sh: no server binary for vsce target '$target' (see --help for the targets)" >&2
		exit 2
	}
	exe=dockerfile-lsp
	case "$target" in win32-*) exe=dockerfile-lsp.exe ;; esac
	if [ -z "$server_bin" ]; then
		if [ "$target" = "$host" ]; then
			server_bin="$repo/target/release/dockerfile-lsp"
			[ -x "$server_bin" ] || (cd "$repo" && cargo build --release -p dockerfile-lsp)
		else
			server_bin="$repo/target/$triple/release/$exe"
			[ -f "$server_bin" ] || (cd "$repo" && cargo build --release -p dockerfile-lsp --target "$triple")
		fi
	fi
	[ -f "$server_bin" ] || {
		echo "package.sh: $server_bin is not a file" >&2
		exit 1
	}
	# The executable's own header says which system and processor it is for.
	node - "$server_bin" "$target" <<'JS' || exit 1
const fs = require("node:fs");
const [file, target] = process.argv.slice(2);
const [os, arch] = target.split("-");
const head = Buffer.alloc(4096);
const fd = fs.openSync(file, "r");
const n = fs.readSync(fd, head, 0, head.length, 0);
fs.closeSync(fd);
const b = head.subarray(0, n);
let found = "unknown";
if (b.length >= 20 && b.readUInt32BE(0) === 0x7f454c46) {
  const machine = { 0x3e: "x64", 0xb7: "arm64", 0x28: "armhf" }[b.readUInt16LE(18)];
  found = `elf-${machine ?? "other"}`;
} else if (b.length >= 8 && b.readUInt32LE(0) === 0xfeedfacf) {
  const cpu = { 0x01000007: "x64", 0x0100000c: "arm64" }[b.readUInt32LE(4)];
  found = `macho-${cpu ?? "other"}`;
} else if (b.length >= 0x40 && b.toString("latin1", 0, 2) === "MZ") {
  const pe = b.readUInt32LE(0x3c);
  const machine = pe + 6 <= b.length && b.readUInt32LE(pe) === 0x4550 ? b.readUInt16LE(pe + 4) : 0;
  found = `pe-${{ 0x8664: "x64", 0xaa64: "arm64" }[machine] ?? "other"}`;
}
const format = { linux: "elf", alpine: "elf", darwin: "macho", win32: "pe" }[os];
if (found !== `${format}-${arch}`) {
  console.error(`package.sh: ${file} is ${found}, not a ${format}-${arch} executable for ${target}`);
  process.exit(1);
}
JS
	mkdir -p server
	cp "$server_bin" "server/$exe"
	chmod 755 "server/$exe"
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

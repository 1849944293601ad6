#!/usr/bin/env bash
# Installs code-server 4.100.3 and playwright-core 1.65.1 under the cache and prints the folder.
#
# code-server's normal npm install runs scripts that download prebuilt binaries from a host this
# machine cannot reach, so it is installed with --ignore-scripts and its native modules are built
# from source with npm's bundled node-gyp against the system Node headers.
# shellcheck source-path=SCRIPTDIR source=../lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

CODE_SERVER_VERSION=4.100.3
PLAYWRIGHT_VERSION=1.65.1
dest="$EDITOR_TEST_CACHE/code-server-$CODE_SERVER_VERSION"

if [ -f "$dest/.ok" ]; then
	printf '%s\n' "$dest"
	exit 0
fi

apt_ensure chromium ripgrep python3 make g++ || die "cannot install chromium/ripgrep/build tools"

NODE_GYP=/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js
[ -f "$NODE_GYP" ] || die "npm's bundled node-gyp is missing at $NODE_GYP"
[ -d /usr/include/node ] || die "Node headers missing at /usr/include/node (needed to build code-server's native modules)"

gyp() { node "$NODE_GYP" rebuild --nodedir=/usr "$@" >>"$dest/build.log" 2>&1; }

log "installing code-server $CODE_SERVER_VERSION into $dest (first run: a few minutes)"
rm -rf "$dest"
mkdir -p "$dest"
cd "$dest" || die "cannot enter $dest"
printf '{"name":"editor-test-code-server","private":true}\n' >package.json
npm install --no-audit --no-fund --ignore-scripts \
	"code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION" >>build.log 2>&1 ||
	die "npm install code-server failed (see $dest/build.log)"

cs="$dest/node_modules/code-server"
# npm hoists argon2 next to code-server or keeps it inside; ask Node where it resolved.
argon2_dir="$(cd "$cs" && node -p 'require("path").dirname(require.resolve("argon2/package.json"))')" ||
	die "argon2 not found among code-server's dependencies"
(cd "$argon2_dir" &&
	gyp --module_name=argon2 --module_path="$PWD/lib/binding/napi-v3" --napi_build_version=3) ||
	die "building argon2 failed (see $dest/build.log)"

(cd "$cs/lib/vscode" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >>"$dest/build.log" 2>&1) ||
	die "npm install in code-server's lib/vscode failed (see $dest/build.log)"
for mod in @vscode/spdlog @vscode/deviceid native-watchdog node-pty; do
	(cd "$cs/lib/vscode/node_modules/$mod" && gyp) || die "building $mod failed (see $dest/build.log)"
done

mkdir -p "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin"
ln -sf /usr/bin/rg "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
(cd "$cs/lib/vscode" && ln -sfn node_modules node_modules.asar)
(cd "$cs/lib/vscode/bin/remote-cli" && ln -sf code-linux.sh code-server)
(cd "$cs/lib/vscode/bin/helpers" && ln -sf browser-linux.sh browser.sh)
(cd "$cs/lib/vscode/extensions" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >>"$dest/build.log" 2>&1) ||
	die "npm install of code-server's built-in extensions failed (see $dest/build.log)"

touch "$dest/.ok"
log "code-server ready"
printf '%s\n' "$dest"

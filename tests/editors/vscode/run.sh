#!/usr/bin/env bash
# VS Code: package editors/vscode, install the .vsix into code-server, and let drive.mjs check in
# headless Chromium that the Problems panel shows the server's diagnostics. run.sh SCENARIO:
#   bundled   the platform-specific .vsix (scripts/package.sh --target linux-x64 --server-bin) carries
#             the server under test: found with no setting and nothing on PATH; Show Stage Graph
#             draws the server's SVG in a webview (screenshot vscode-bundled-stage-graph.png)
#   setting   the universal .vsix, no server anywhere: the "not found" error and red status item show;
#             then dockerfileLsp.server.path is set, the extension restarts by itself and diagnostics
#             appear; then the Restart Server command brings the server back
# Screenshots go to $EDITOR_TEST_ARTIFACTS (outside the repo).
# shellcheck source-path=SCRIPTDIR source=../lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

scenario="${1:-bundled}"
case "$scenario" in bundled | setting) ;; *) die "unknown VS Code scenario '$scenario'" ;; esac

bin="$(resolve_server_bin)"
cs_root="$(bash "$EDITOR_TESTS_DIR/install/code-server.sh")" || die "code-server install failed"
cs="$cs_root/node_modules/code-server"
[ -f "$cs/out/node/entry.js" ] || die "code-server entry point missing under $cs"
[ -x /usr/bin/chromium ] || apt_ensure chromium || die "Debian's chromium is needed to drive code-server"

artifacts="${EDITOR_TEST_ARTIFACTS:-${TMPDIR:-/tmp}/dockerfile-lsp-editor-artifacts}"
mkdir -p "$artifacts"
work="$(mktemp -d "${TMPDIR:-/tmp}/dockerfile-lsp-vscode.XXXXXX")"
server_pid=""
cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

# 1. The extension's npm dependencies, cached by the hash of its lockfile so a warm run skips npm.
ext_src="$REPO_ROOT/editors/vscode"
lock_hash="$(cat "$ext_src/package.json" "$ext_src/package-lock.json" | sha256sum | cut -c1-16)"
deps="$EDITOR_TEST_CACHE/vscode-ext-deps/$lock_hash"
if [ ! -f "$deps/.ok" ]; then
	log "npm ci for the extension (lockfile $lock_hash)"
	rm -rf "$deps"
	mkdir -p "$deps"
	cp "$ext_src/package.json" "$ext_src/package-lock.json" "$deps/"
	(cd "$deps" && npm ci --no-audit --no-fund >"$deps/npm.log" 2>&1) || die "npm ci for editors/vscode failed (see $deps/npm.log)"
	touch "$deps/.ok"
fi

# 2. Package a copy of the extension (the repo tree stays untouched).
ext="$work/ext"
mkdir -p "$ext"
(cd "$ext_src" && tar --exclude=./node_modules --exclude=./out --exclude=./dist --exclude=./server -cf - .) | (cd "$ext" && tar -xf -)
ln -s "$deps/node_modules" "$ext/node_modules"
vsix="$work/dockerfile-lsp.vsix"
package_args=(--out "$vsix")
platform=""
if [ "$scenario" = bundled ]; then
	# The platform-specific package, as published for this machine (linux-x64 on the usual CI).
	case "$(uname -m)" in
	x86_64) platform=linux-x64 ;;
	aarch64) platform=linux-arm64 ;;
	*) skip "no VS Code platform package for $(uname -m)" ;;
	esac
	package_args+=(--target "$platform" --server-bin "$bin")
fi
(cd "$ext" && bash scripts/package.sh "${package_args[@]}" >"$work/package.log" 2>&1) ||
	{
		tail -n 40 "$work/package.log" >&2
		df -h "$work" >&2 || true
		die "packaging the extension failed (log above; free space under $work shown in case a copy ran out)"
	}
log "packaged a $(du -h "$vsix" | cut -f1) .vsix ($scenario${platform:+, $platform})"
# What the package says of itself: its target platform, and the server where the extension looks.
python3 - "$vsix" "$platform" <<'PY' || die "the .vsix is not the package this scenario needs (see above)"
import sys, zipfile
vsix, platform = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(vsix)
manifest = z.read("extension.vsixmanifest").decode()
server = [i for i in z.infolist() if i.filename == "extension/server/dockerfile-lsp"]
if platform:
    ok = f'TargetPlatform="{platform}"' in manifest and server and (server[0].external_attr >> 16) & 0o111
    what = f"TargetPlatform={platform} and an executable extension/server/dockerfile-lsp"
else:
    ok = "TargetPlatform" not in manifest and not server
    what = "a universal package without a server"
if not ok:
    sys.exit(f"[editors] expected {what}; files: {z.namelist()}")
PY

# The extension must find no server on PATH in either scenario: drop every PATH entry that has one.
clean_path=""
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
	if [ -n "$d" ] && [ ! -x "$d/dockerfile-lsp" ]; then
		clean_path="${clean_path:+$clean_path:}$d"
	fi
done

# 3. A fresh code-server profile with the .vsix installed.
user_data="$work/user-data"
extensions="$work/extensions"
mkdir -p "$user_data/User"
cat >"$user_data/User/settings.json" <<'JSON'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "editor.hover.delay": 300
}
JSON
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$work/config.yaml" <<YAML
bind-addr: 127.0.0.1:$port
auth: none
cert: false
YAML
cs_args=(--config "$work/config.yaml" --user-data-dir "$user_data" --extensions-dir "$extensions"
	--disable-telemetry --disable-update-check --disable-workspace-trust)
node "$cs/out/node/entry.js" "${cs_args[@]}" --install-extension "$vsix" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log" >&2; die "code-server --install-extension failed"; }
grep -q 'dockerfile-lsp' "$work/install.log" || { cat "$work/install.log" >&2; die "code-server did not report installing our extension"; }

# 4. Serve, wait until it answers, drive it.
project="$work/project"
cp -r "$EDITOR_TESTS_DIR/fixtures/project" "$project"
PATH="$clean_path" node "$cs/out/node/entry.js" "${cs_args[@]}" >"$work/code-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
	if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
		break
	fi
	kill -0 "$server_pid" 2>/dev/null || { cat "$work/code-server.log" >&2; die "code-server exited while starting"; }
	sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || { cat "$work/code-server.log" >&2; die "code-server did not answer on port $port within 30 s"; }
log "code-server $(node -p "require('$cs/package.json').version") on 127.0.0.1:$port"

rm -f "$artifacts/vscode-$scenario-stage-graph.png"
set +e
PLAYWRIGHT_CORE="$cs_root/node_modules/playwright-core" \
	CODE_SERVER_URL="http://127.0.0.1:$port/?folder=$project" \
	SCREENSHOT="$artifacts/vscode-$scenario.png" \
	GRAPH_SCREENSHOT="$artifacts/vscode-$scenario-stage-graph.png" \
	SCENARIO="$scenario" \
	SERVER_BIN="$bin" \
	MACHINE_SETTINGS="$user_data/Machine/settings.json" \
	LOGS_DIR="$user_data/logs" \
	EDITOR_SERVER_CAPS="${EDITOR_SERVER_CAPS:-}" \
	timeout 300 node "$EDITOR_TESTS_DIR/vscode/drive.mjs"
rc=$?
set -e
log "screenshot: $artifacts/vscode-$scenario.png"
[ ! -f "$artifacts/vscode-$scenario-stage-graph.png" ] || log "stage graph: $artifacts/vscode-$scenario-stage-graph.png"
if [ "$rc" -ne 0 ]; then
	log "code-server log (tail):"
	tail -n 20 "$work/code-server.log" >&2 || true
	# The extension host's log holds the language client's side of the story.
	find "$user_data/logs" -name '*Dockerfile LSP*' -o -name 'exthost.log' 2>/dev/null | while read -r f; do
		log "--- $f"
		tail -n 30 "$f" >&2
	done
	[ "$rc" -eq 124 ] && die "the VS Code driver did not finish within 300 s"
	die "VS Code test failed (see FAIL lines above)"
fi

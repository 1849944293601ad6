#!/usr/bin/env python3
"""Picks a small corpus for a target: the fewest inputs covering (nearly) every code edge the
given folders reach, written to fuzz/corpus/<target>/ (replacing it).

libFuzzer's own `cargo fuzz cmin` keeps every input that adds a feature, counters included, which
for real Dockerfiles is almost all of them. This runs libFuzzer's merge once to learn which edges
each input covers (`-use_counters=0`), then chooses greedily the input adding the most uncovered
edges (the smaller on ties) until none adds at least MIN_GAIN, so rare one-edge inputs are left
to the fuzzer's working corpus.

    python3 minimize.py <target> <folder>... [--min-gain N]
"""

import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
min_gain = 2
if "--min-gain" in args:
    i = args.index("--min-gain")
    min_gain = int(args[i + 1])
    del args[i : i + 2]
target, folders = args[0], args[1:]
binary = os.path.join(here, "target", "x86_64-unknown-linux-gnu", "release", target)

with tempfile.TemporaryDirectory() as tmp:
    control = os.path.join(tmp, "control")
    empty = os.path.join(tmp, "out")
    os.mkdir(empty)
    subprocess.run(
        [binary, "-merge=1", "-use_counters=0", "-rss_limit_mb=4096", "-max_len=16384",
         f"-merge_control_file={control}", empty, *folders],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    with open(control) as f:
        lines = f.read().splitlines()
    count = int(lines[0])
    files = lines[2 : 2 + count]
    cover = {}
    for line in lines[2 + count :]:
        parts = line.split()
        if parts and parts[0] == "COV":
            cover[int(parts[1])] = set(map(int, parts[2:]))

size = {i: os.path.getsize(files[i]) for i in cover}
covered = set()
chosen = []
while True:
    best = max(cover, key=lambda i: (len(cover[i] - covered), -size[i]), default=None)
    if best is None or len(cover[best] - covered) < min_gain:
        break
    covered |= cover.pop(best)
    chosen.append(best)

all_edges = set().union(covered, *cover.values())
out = os.path.join(here, "corpus", target)
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
for i in chosen:
    shutil.copy(files[i], os.path.join(out, os.path.basename(files[i])))
total = sum(size[i] for i in chosen)
print(f"{target}: {len(chosen)} inputs, {total} bytes, {len(covered)} of {len(all_edges)} edges")

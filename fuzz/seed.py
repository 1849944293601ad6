#!/usr/bin/env python3
"""Writes seed inputs for every target into fuzz/seeds/<target>/ (not committed) from the dev
corpus (../../shared/corpus/dev) and tests/fixtures, in each target's input layout (see
src/checks.rs). Minimise them into fuzz/corpus/<target>/ with `cargo fuzz cmin` (README.md)."""

import hashlib
import os
import random
import sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
sources = [os.path.join(repo, "..", "shared", "corpus", "dev"), os.path.join(repo, "tests", "fixtures")]
rng = random.Random(9)  # deterministic seeds


def texts():
    for root in sources:
        for folder, _, files in os.walk(root):
            for name in sorted(files):
                if name == "MANIFEST.tsv":
                    continue
                with open(os.path.join(folder, name), "rb") as f:
                    yield f.read()


def ops(n):
    body = bytes(rng.randrange(256) for _ in range(n))
    return len(body).to_bytes(2, "little") + body


layouts = {
    "analyze": lambda t: t,
    "fixes_format": lambda t: bytes([rng.randrange(64)]) + t,
    "edits": lambda t: ops(rng.choice([16, 48, 128])) + t,
    "features": lambda t: ops(rng.choice([32, 96, 192])) + t,
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "seeds")
for target, layout in layouts.items():
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    for text in texts():
        data = layout(text)
        with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
    print(target, len(os.listdir(folder)))

#!/usr/bin/env python3
"""A mutation run against the release binary: every reader fed mutated valid files.

Each case takes a valid file (site file, checklist, handover record, sealed handover), applies
one to three random mutations (bit flips, truncation, inserted bytes, duplicated or removed
lines, huge repeats, control characters, numbers near 2^64) and runs the command that reads it
with a time limit. It counts the cases, the panics (exit 101, or a signal such as an abort),
the hangs (the time limit reached) and the refusals that were not exactly one stderr line.

Run from the repository root after `cargo build --release --bin nec-harden`:
    python3 scripts/mutation_run.py [CASES_PER_READER] [SEED]
Needs `age-keygen` (for the sealed handovers). Prints one Markdown table row per reader.
"""

import os
import random
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BIN = os.path.join(REPO, "target", "release", "nec-harden")
LIMIT_S = 20

HOSTILE = [
    b"\x1b]0;t\x07", b"\x1b]52;c;aGk=\x07", b"\x00", b"\xff\xfe", b"\"", b" = ", b"\n[site]\n",
    b"18446744073709551615", b"-1", b"99999999999999999999", b"[[", b"{", b"\\u0000", b"'''",
]


def mutate(rng, data):
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(7)
        if op == 0 and out:
            i = rng.randrange(len(out))
            out[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            del out[rng.randrange(len(out) + 1):]
        elif op == 2:
            i = rng.randrange(len(out) + 1)
            out[i:i] = rng.choice(HOSTILE)
        elif op == 3:
            lines = bytes(out).split(b"\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            out = bytearray(b"\n".join(lines))
        elif op == 4:
            lines = bytes(out).split(b"\n")
            del lines[rng.randrange(len(lines))]
            out = bytearray(b"\n".join(lines))
        elif op == 5 and out:
            i = rng.randrange(len(out))
            j = min(len(out), i + rng.randint(1, 80))
            out[i:i] = out[i:j] * rng.randint(2, 2000)
        else:
            i = rng.randrange(len(out) + 1)
            out[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(out)


def run(args, stdin=b""):
    try:
        p = subprocess.run([BIN] + args, input=stdin, capture_output=True, timeout=LIMIT_S)
    except subprocess.TimeoutExpired:
        return "hang", b""
    if p.returncode == 101 or p.returncode < 0 or b"panicked" in p.stderr:
        return "panic", p.stderr
    if p.returncode != 0 and p.stderr.count(b"\n") != 1 and b"checklist" not in args[0].encode():
        return "lines", p.stderr
    return "ok", p.stderr


def main():
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 13
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="nec-harden-mutation-")
    key = os.path.join(work, "key.txt")
    subprocess.run(["age-keygen", "-o", key], check=True, capture_output=True)
    public = [l for l in open(key).read().splitlines() if l.startswith("# public key: ")][0][14:]
    site_src = open(os.path.join(REPO, "checklists/examples/small-office.toml"), "rb").read()
    checklist_src = open(os.path.join(REPO, "tests/data/checklists/good-minimal.toml"), "rb").read()
    record_src = open(os.path.join(REPO, "tests/data/hostile/base-record.toml"), "rb").read()
    sealed_path = os.path.join(work, "base.age")
    p = subprocess.run(
        [BIN, "handover", "seal", "-r", public, "-i", key, "-o", sealed_path],
        input=record_src, capture_output=True)
    assert p.returncode == 0, p.stderr
    sealed_src = open(sealed_path, "rb").read()
    readers = [
        ("site file (report)", site_src, lambda f: run(["report", f])),
        ("checklist (validate)", checklist_src, lambda f: run(["checklist", "validate", f])),
        ("record (handover seal)", record_src,
         lambda f: run(["handover", "seal", "-r", public, "--no-verify-identity", "-o",
                        f + ".out.age"], open(f, "rb").read())),
        ("handover (verify -i)", sealed_src, lambda f: run(["handover", "verify", f, "-i", key])),
    ]
    print("| reader | cases | panics | hangs | not one line |")
    print("|---|---:|---:|---:|---:|")
    totals = [0, 0, 0, 0]
    for name, src, command in readers:
        counts = {"ok": 0, "panic": 0, "hang": 0, "lines": 0}
        for n in range(cases):
            f = os.path.join(work, f"case-{n}.toml")
            with open(f, "wb") as fh:
                fh.write(mutate(rng, src))
            outcome, err = command(f)
            counts[outcome] += 1
            if outcome != "ok":
                sys.stderr.write(f"{name}: {outcome}: case kept at {f}\n{err[:300]!r}\n")
            else:
                os.remove(f)
            for extra in (f + ".out.age",):
                if os.path.exists(extra):
                    os.remove(extra)
        row = [cases, counts["panic"], counts["hang"], counts["lines"]]
        totals = [a + b for a, b in zip(totals, row)]
        print(f"| {name} | {row[0]} | {row[1]} | {row[2]} | {row[3]} |")
    print(f"| **all** | {totals[0]} | {totals[1]} | {totals[2]} | {totals[3]} |")


if __name__ == "__main__":
    main()

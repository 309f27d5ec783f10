#!/usr/bin/env bash
# Regenerates BENCHMARKS.md in one command: a release build, then scripts/bench.py (the wizard
# and dialog in a pty, replay and generator benchmarks, the full crash campaign).
# Needs python3, dialog and age (Debian packages `dialog`, `age`). Takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in python3 dialog age age-keygen; do
  command -v "$tool" >/dev/null || { echo "bench: missing $tool (apt-get install dialog age)" >&2; exit 1; }
done
cargo build --release --bin nec-harden
python3 scripts/bench.py

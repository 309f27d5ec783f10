#!/usr/bin/env bash
# Makes the README's screenshots from the real release binary: drives the wizard in tmux (waiting
# for text on screen, never for a fixed time), captures each screen with its colours, renders it
# to SVG with termsnap and to PNG with rsvg-convert. Then checks that no secret of the run's
# handover appears in any capture (every credential on screen is masked).
#
# Needs: tmux, termsnap (`cargo install termsnap`), rsvg-convert (Debian `librsvg2-bin`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cols=110
rows=32

for tool in tmux termsnap rsvg-convert; do
  command -v "$tool" >/dev/null || { echo "make.sh: $tool is not installed" >&2; exit 1; }
done
# NEC_HARDEN_BIN runs an already built binary instead (e.g. target/debug/nec-harden).
bin="${NEC_HARDEN_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  bin="$root/target/release/nec-harden"
fi

work="$(mktemp -d)"
sock="nec-harden-shots-$$"
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

T() { tmux -L "$sock" "$@"; }
screen() { T capture-pane -p -t shots; }
wait_for() {
  local text="$1" deadline=$((SECONDS + 20))
  until screen | grep -qF -- "$text"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "make.sh: timed out waiting for '$text'; the screen was:" >&2
      screen >&2
      exit 1
    fi
    sleep 0.05
  done
}
wait_gone() {
  local text="$1" deadline=$((SECONDS + 20))
  while screen | grep -qF -- "$text"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "make.sh: timed out waiting for '$text' to go" >&2
      exit 1
    fi
    sleep 0.05
  done
}
shot() {
  local name="$1"
  T capture-pane -e -p -t shots >"$work/$name.ansi"
  # A terminal needs CR LF between rows, and no line feed after the last (it would scroll).
  sed 's/$/\r/' "$work/$name.ansi" | head -c -2 | termsnap -l "$rows" -c "$cols" -o "$work/$name.svg"
  rsvg-convert "$work/$name.svg" -o "$here/$name.png"
  echo "screenshots/$name.png"
}
keys() { T send-keys -t shots "$@"; }

passphrase="correct horse staple 42 battery"
cd "$work"
T new-session -d -s shots -x "$cols" -y "$rows" "cd '$work' && '$bin'; sleep 600"

wait_for "New site"
keys "Harbour Dental, Main St" Enter "Harbour Dental Pty Ltd" Enter "J. Installer" Enter
wait_for "harbour-dental-main-st.toml"
shot 01-new-site
keys Enter
wait_for "No extensions yet"
keys "101-108,201-202" Enter
wait_for "10 extensions"
keys Tab Down Down Down Down Down Down Down Down t t
keys Down t
wait_for "Label"
shot 02-extensions
keys Tab Enter
wait_for "Handover protection"
keys Down "$passphrase" Enter "$passphrase" Enter
shot 03-protection
keys Enter
wait_for "Handover sealed and proven to open"
shot 04-walk
for _ in 1 2 3 4 5 6; do keys Tab; done
wait_for "Replace every programming login"
keys G
wait_for "••••••••"
shot 05-credentials
keys "?"
wait_for "Keys"
shot 06-help
# Escape alone: followed at once by another key, the terminal reads the pair as Alt+key.
keys Escape
wait_gone "Esc close"
keys d
wait_for "│ 1/"
keys R
wait_for "Risky combinations"
shot 07-review
keys Escape
wait_gone "Risky combinations"
keys q

# No secret of the run may appear in any capture.
printf '%s\n' "$passphrase" >"$work/pass"
record="$("$bin" handover show "$work/harbour-dental-main-st.handover.age" --passphrase-file "$work/pass")"
secrets="$(printf '%s\n' "$record" | sed -n 's/.*secret *= *"\([^"]*\)".*/\1/p; s/.*user *= *"\([^"]*\)".*/\1/p')"
[ -n "$secrets" ] || { echo "make.sh: the handover holds no credential" >&2; exit 1; }
while IFS= read -r s; do
  [ -z "$s" ] && continue
  if grep -qF -- "$s" "$work"/*.ansi "$work"/*.svg; then
    echo "make.sh: a secret appears in a screenshot" >&2
    exit 1
  fi
done <<<"$secrets"
if grep -qF -- "$passphrase" "$work"/*.ansi "$work"/*.svg; then
  echo "make.sh: the passphrase appears in a screenshot" >&2
  exit 1
fi
echo "no secret in any screenshot ($(printf '%s\n' "$secrets" | grep -c .) values checked)"

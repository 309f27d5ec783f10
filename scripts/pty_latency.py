#!/usr/bin/env python3
"""Times a full-screen terminal program in a real pseudo-terminal: time to first frame,
key-to-frame latency and peak memory. Used by scripts/bench.sh; prints one JSON object.

usage: pty_latency.py --marker TEXT [--then BYTES MARKER]... [--keys K1,K2] [--presses N]
                      [--quit BYTES] -- CMD ARGS...

Method. The program runs on a fresh pty (100x30, TERM=xterm-256color); this script is the
terminal and reads the pty master with select(), stamping every read with
time.perf_counter_ns() (resolution well under 0.1 ms; the select/read loop adds about
0.05 ms). A "frame" is a burst of output that ends when the pty stays silent for QUIET ms.
- first frame: from just before fork/exec to the last byte of the first burst that contains
  --marker (so a program that paints in several steps is timed to its last step).
- --then BYTES MARKER (repeatable): after the first frame, type BYTES (backslash escapes
  allowed) and wait for MARKER, e.g. to unlock a handover before timing the keys of the screen
  behind it.
- --seek KEYS MARKER: then press the first of KEYS (comma-separated names) until MARKER is
  drawn, at most 80 times, then the next (to reach one item of a list from either side).
- key-to-frame: the key's bytes are written to the master; "first byte" is the first output
  after the write, "frame" the last byte of the burst it starts. Keys cycle through --keys
  (e.g. Down then Up) so the screen really changes each time.
- CPU per key: the program's CPU time (every thread, from /proc/PID/task/*/schedstat, in
  nanoseconds) over the timed presses, divided by their number. Unlike the wall-clock figures it
  does not grow when other work shares the machine's cores.
- peak memory: VmHWM (peak resident set) from /proc/PID/status just before quitting.
"""

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time

QUIET_MS = 40
KEYS = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "tab": b"\t",
    "backtab": b"\x1b[Z",
    "space": b" ",
    "j": b"j",
    "k": b"k",
}


def now_ms():
    return time.perf_counter_ns() / 1e6


def read_burst(fd, deadline_ms, quiet_ms=QUIET_MS):
    """Reads until `quiet_ms` of silence after some output (or the deadline).
    Returns (bytes, first_ts, last_ts); first_ts is None when nothing came."""
    data = bytearray()
    first = last = None
    while True:
        t = now_ms()
        if t > deadline_ms:
            break
        wait = quiet_ms if first is not None else deadline_ms - t
        r, _, _ = select.select([fd], [], [], max(wait, 0) / 1000)
        if not r:
            if first is not None:
                break
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        ts = now_ms()
        if first is None:
            first = ts
        last = ts
        data += chunk
    return bytes(data), first, last


def peak_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cpu_ns(pid):
    """CPU time of every thread of `pid` so far, in nanoseconds (None where not readable)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--marker", required=True)
    ap.add_argument("--keys", default="down,up")
    ap.add_argument("--presses", type=int, default=60)
    ap.add_argument("--quit", default="q")
    ap.add_argument("--then", nargs=2, action="append", default=[], metavar=("BYTES", "MARKER"))
    ap.add_argument("--seek", nargs=2, metavar=("KEY", "MARKER"),
                    help="then press each KEY in turn (names from KEYS, comma-separated) until MARKER is drawn")
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--rows", type=int, default=30)
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()

    env = dict(os.environ, TERM="xterm-256color", LC_ALL="C.UTF-8")
    env.pop("NO_COLOR", None)
    start = now_ms()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(a.cmd[0], a.cmd, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", a.rows, a.cols, 0, 0))

    result = {}
    marker = a.marker.encode()
    seen = bytearray()
    first_frame = None
    deadline = start + 10_000
    while first_frame is None and now_ms() < deadline:
        data, _, last = read_burst(fd, deadline)
        if not data:
            break
        seen += data
        if marker in seen:
            first_frame = last - start
    if first_frame is None:
        result["error"] = "no first frame with the marker: " + seen[-300:].decode("utf-8", "replace")
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print(json.dumps(result))
        return
    result["first_frame_ms"] = first_frame

    for typed, then_marker in a.then:
        os.write(fd, typed.encode().decode("unicode_escape").encode())
        seen = bytearray()
        deadline = now_ms() + 10_000
        while then_marker.encode() not in seen and now_ms() < deadline:
            data, _, _ = read_burst(fd, deadline)
            if not data:
                break
            seen += data
        if then_marker.encode() not in seen:
            result["error"] = f"no {then_marker!r} after typing {typed!r}: " + seen[-300:].decode("utf-8", "replace")
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            print(json.dumps(result))
            return

    if a.seek:
        target = a.seek[1].encode()
        found = False
        for key in (KEYS[k] for k in a.seek[0].split(",")):
            for _ in range(80):
                os.write(fd, key)
                data, _, _ = read_burst(fd, now_ms() + 2_000)
                if target in data:
                    found = True
                    break
            if found:
                break
        if not found:
            result["error"] = f"never reached {a.seek[1]!r}"
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            print(json.dumps(result))
            return

    # A program that switched the terminal to application cursor keys (DECCKM, as ncurses
    # does for xterm) expects ESC O x for the arrows, as a real terminal would then send.
    app_cursor = seen.rfind(b"\x1b[?1h") > seen.rfind(b"\x1b[?1l")
    keys = [KEYS[k] for k in a.keys.split(",")]
    if app_cursor:
        keys = [k.replace(b"\x1b[", b"\x1bO") if len(k) == 3 else k for k in keys]
    firsts, frames, missed = [], [], 0
    cpu_before = cpu_ns(pid)
    for i in range(a.presses):
        key = keys[i % len(keys)]
        t0 = now_ms()
        os.write(fd, key)
        data, first, last = read_burst(fd, t0 + 2_000)
        if first is None:
            missed += 1
            continue
        if os.environ.get("PTY_DEBUG"):
            print(repr(data[:120]), first - t0, last - t0, file=sys.stderr)
        firsts.append(first - t0)
        frames.append(last - t0)
    cpu_after = cpu_ns(pid)
    if cpu_before is not None and cpu_after is not None and a.presses:
        result["key_cpu_ms"] = (cpu_after - cpu_before) / 1e6 / a.presses
    result["peak_kb"] = peak_kb(pid)
    if frames:
        frames.sort()
        firsts.sort()
        result["key_first_byte_ms_median"] = statistics.median(firsts)
        result["key_frame_ms_median"] = statistics.median(frames)
        result["key_frame_ms_p95"] = frames[int(len(frames) * 0.95) - 1]
        result["key_frame_ms_max"] = frames[-1]
    result["presses"] = a.presses
    result["presses_without_output"] = missed

    os.write(fd, a.quit.encode().decode("unicode_escape").encode())
    read_burst(fd, now_ms() + 1_000)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())

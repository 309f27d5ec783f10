#!/usr/bin/env python3
"""Writes the hostile-input corpus: malformed checklists, site files, handover records and age
files, each made from a valid file by one mutation (or from nothing), so every case names the
one thing that is wrong with it.

Run from the repository root: python3 tests/data/hostile/make_corpus.py
Needs `age` and `age-keygen` (age files) and a built `target/debug/nec-harden`.
The expected error of each case is written beside it as CASE.expected by
`tests/hostile_input.rs` with NEC_HARDEN_BLESS=1 and then reviewed by hand.
"""

import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(ROOT, "..", "..", ".."))
rng = random.Random(6)


def write(kind, name, data):
    path = os.path.join(ROOT, kind, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def read(path):
    with open(os.path.join(REPO, path), "rb") as f:
        return f.read()


def replace(text, old, new, count=1):
    assert old in text, f"{old!r} not in the base file"
    return text.replace(old, new, count)


def drop_line(text, containing):
    lines = text.split("\n")
    i = next(i for i, l in enumerate(lines) if containing in l)
    return "\n".join(lines[:i] + lines[i + 1 :])


def dup_line(text, containing):
    lines = text.split("\n")
    i = next(i for i, l in enumerate(lines) if containing in l)
    return "\n".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])


def common(kind, base):
    """Mutations that make sense for any TOML input."""
    text = base.decode()
    write(kind, "empty.toml", b"")
    write(kind, "binary-garbage.toml", bytes(rng.randrange(256) for _ in range(512)))
    write(kind, "not-utf8.toml", base[:60] + b"\xff\xfe\xc3\x28" + base[60:])
    write(kind, "truncated-half.toml", base[: len(base) // 2])
    cut = text.index('"', text.index("=", 200)) + 3
    write(kind, "truncated-in-string.toml", text[:cut])
    write(kind, "nul-byte.toml", base[:40] + b"\x00" + base[40:])
    write(kind, "deep-nesting.toml", text + "\nx = " + "[" * 20000 + "]" * 20000 + "\n")
    write(kind, "format-2.toml", replace(text, "format = 1", "format = 2"))
    write(kind, "format-string.toml", replace(text, "format = 1", 'format = "1"'))
    write(kind, "format-missing.toml", drop_line(text, "format = 1"))
    write(kind, "unknown-key-top.toml", replace(text, "format = 1", "format = 1\ncolour = true"))
    write(kind, "duplicated-format-line.toml", dup_line(text, "format = 1"))


def checklists():
    base = read("tests/data/checklists/good-minimal.toml")
    common("checklists", base)
    text = base.decode()
    k = "checklists"
    write(k, "model-unknown.toml", replace(text, 'model = "sl2100"', 'model = "sv9100"'))
    write(k, "model-number.toml", replace(text, 'model = "sl2100"', "model = 2100"))
    write(k, "weight-string.toml", replace(text, "weight = 2", 'weight = "high"'))
    write(k, "weight-negative.toml", replace(text, "weight = 2", "weight = -5"))
    write(k, "weight-huge.toml", replace(text, "weight = 2", "weight = 99999999999999999999"))
    write(k, "missing-why.toml", drop_line(text, 'why = "Fewer'))
    write(k, "duplicate-title-line.toml", dup_line(text, 'title = "SIP ports"'))
    write(k, "answer-kind-unknown.toml", replace(text, 'kind = "choice"', 'kind = "maybe"'))
    write(k, "options-swapped-type.toml", replace(text, "multiple = true", 'multiple = "yes"'))
    write(k, "procedure-not-list.toml", replace(text, 'procedure = ["Check the router."]', 'procedure = "Check the router."'))
    write(k, "item-without-section.toml", replace(text, "[[section]]", "[[sectionx]]"))
    write(k, "control-chars-in-id.toml", replace(text, 'id = "sip-ports"', 'id = "sip\\u0007ports"'))
    write(k, "duplicate-option-id.toml", replace(text, '{ id = "5080", label = "5080" }', '{ id = "5060", label = "5080" }'))
    write(k, "escape-sequence-in-id.toml", replace(text, 'id = "network"', 'id = "net\\u001b]0;pwned\\u0007"'))
    write(k, "long-line.toml", replace(text, 'why = "Fewer open ports."', 'why = "' + "A" * 200_000 + '"\n' + 'x = "' + "B" * 1000 + "\\"))


def sites():
    base = read("checklists/examples/small-office.toml")
    common("sites", base)
    text = base.decode()
    k = "sites"
    write(k, "model-unknown.toml", replace(text, 'model = "sl2100"', 'model = "sl9999"'))
    write(k, "extension-duplicated.toml", dup_line(text, '{ number = "103"'))
    write(k, "extension-number-letters.toml", replace(text, 'number = "104"', 'number = "1O4"'))
    write(k, "extension-type-unknown.toml", replace(text, 'type = "virtual"', 'type = "analogue"'))
    write(k, "extension-in-use-string.toml", replace(text, "in_use = false", 'in_use = "no"'))
    write(k, "status-unknown.toml", replace(text, 'status = "done"', 'status = "finished"'))
    write(k, "not-applicable-no-reason.toml", replace(text, 'status = "done"', 'status = "not-applicable"'))
    write(k, "item-unknown.toml", replace(text, "[items.router-upnp-off]", "[items.router-upnp-of]"))
    write(k, "timestamp-bad.toml", replace(text, 'created = "2026-11-20T09:00:00Z"', 'created = "2026-13-40T25:61:00Z"'))
    write(k, "timestamp-number.toml", replace(text, 'created = "2026-11-20T09:00:00Z"', "created = 1763629200"))
    write(k, "answer-kind-swapped.toml", replace(text, 'answer = { kind = "confirm" }', 'answer = { kind = "number", value = 3 }'))
    write(k, "site-name-missing.toml", drop_line(text, 'name = "Harbour Dental'))
    write(k, "site-table-duplicated.toml", text + "\n[site]\nname = \"again\"\n")
    write(k, "checklist-file-missing.toml", replace(text, "[site]", '[site]\nchecklist = "no-such-checklist.toml"'))
    write(k, "handover-both-kinds.toml", replace(text, 'file = "harbour-dental.age"', 'file = "harbour-dental.age"\npassphrase = true'))
    write(k, "swapped-status-and-at.toml", replace(text, 'status = "done"\nat = "2026-11-20T09:05:00Z"', 'status = "2026-11-20T09:05:00Z"\nat = "done"'))


def records():
    with open(os.path.join(ROOT, "base-record.toml"), "rb") as f:
        base = f.read()
    common("records", base)
    text = base.decode()
    k = "records"
    write(k, "site-name-missing.toml", drop_line(text, "name      ="))
    write(k, "model-unknown.toml", replace(text, 'model     = "sl2100"', 'model     = "sv8100"'))
    write(k, "sealed-at-bad.toml", replace(text, 'sealed_at = "', 'sealed_at = "yesterday', 1))
    write(k, "port-out-of-range.toml", replace(text, "forwarded = [5060", "forwarded = [70000"))
    write(k, "port-negative.toml", replace(text, "webpro    =", "webpro    = -1 #"))
    write(k, "secret-number.toml", replace(text, 'secret = "9503"', "secret = 9503"))
    write(k, "secret-missing.toml", replace(text, ', secret = "9503"', ""))
    write(k, "kind-unknown.toml", replace(text, "userpro = [", "superuser = ["))
    write(k, "level-unknown.toml", replace(text, 'level = "IN"', 'level = "GOD"'))
    write(k, "credential-unknown-field.toml", replace(text, 'secret = "9503"', 'secret = "9503", note = "x"'))
    write(k, "escape-sequence-in-key.toml", replace(text, "[ports]", '[ports]\n"\\u001b[2J\\u001b]0;pwned\\u0007" = 1'))
    write(k, "credentials-not-list.toml", replace(text, "code = [", "code = 5\nxcode = ["))


def age_files():
    k = "age"
    key = os.path.join(ROOT, k, "identity.key")
    pub = subprocess.check_output(["age-keygen", "-y", key], text=True).strip()
    rec = os.path.join(ROOT, "base-record.toml")
    armored = subprocess.check_output(["age", "-a", "-r", pub, rec])
    binary = subprocess.check_output(["age", "-r", pub, rec])
    other = subprocess.check_output(["age-keygen"], text=True)
    other_pub = next(l.split(": ")[1] for l in other.splitlines() if l.startswith("# public key"))
    write(k, "empty.age", b"")
    write(k, "not-age.age", b"hello, this is not an age file\n")
    write(k, "header-only.age", b"age-encryption.org/v1\n")
    write(k, "armored-truncated.age", armored[: len(armored) // 2])
    write(k, "armored-no-end-line.age", armored.replace(b"-----END AGE ENCRYPTED FILE-----", b""))
    lines = armored.split(b"\n")
    lines[2] = lines[2][:10] + b"!" + lines[2][11:]
    write(k, "armored-bad-base64.age", b"\n".join(lines))
    write(k, "binary-truncated-header.age", binary[:80])
    write(k, "binary-truncated-payload.age", binary[:-40])
    mac = binary.index(b"\n---") + 8
    write(k, "binary-header-mac-flipped.age", binary[:mac] + bytes([binary[mac] ^ 1]) + binary[mac + 1 :])
    write(k, "binary-payload-flipped.age", binary[:-10] + bytes([binary[-10] ^ 0x40]) + binary[-9:])
    stanza = binary.index(b"-> X25519 ") + 12
    write(k, "binary-stanza-flipped.age", binary[:stanza] + bytes([binary[stanza] ^ 2]) + binary[stanza + 1 :])
    write(k, "foreign-recipient.age", subprocess.check_output(["age", "-r", other_pub, rec]))
    write(k, "version-2.age", binary.replace(b"age-encryption.org/v1", b"age-encryption.org/v2", 1))
    write(k, "not-a-record.age", subprocess.run(["age", "-r", pub], input=b"hello\n", capture_output=True, check=True).stdout)
    write(k, "binary-plaintext.age", subprocess.run(["age", "-r", pub], input=bytes(range(256)) * 4, capture_output=True, check=True).stdout)
    record_format_2 = open(rec, "rb").read().replace(b"format = 1", b"format = 2")
    write(k, "record-format-2.age", subprocess.run(["age", "-r", pub], input=record_format_2, capture_output=True, check=True).stdout)
    write(k, "garbage-after-armor.age", armored + b"trailing junk\n")
    write(k, "huge-header-line.age", b"age-encryption.org/v1\n-> X25519 " + b"A" * 200_000 + b"\n")


def issue_13():
    """Hostile files, peers and terminals: the cases of issue 13 that are files."""
    site = read("checklists/examples/small-office.toml").decode()
    write("sites", "checklist-dev-zero.toml", replace(site, "[site]", '[site]\nchecklist = "/dev/zero"'))
    write("sites", "checklist-folder.toml", replace(site, "[site]", '[site]\nchecklist = "."'))
    with open(os.path.join(ROOT, "base-record.toml"), "rb") as f:
        record = f.read().decode()
    write("records", "secret-float.toml", replace(record, 'secret = "9503"', "secret = 2511.7272"))
    write("records", "secret-bool.toml", replace(record, 'secret = "9503"', "secret = true"))
    write("records", "sealed-to-not-list.toml", replace(record, "[ports]", "[sealed_to]\nrecipients = 5\n\n[ports]"))
    write("records", "sealed-to-unknown-key.toml", replace(record, "[ports]", "[sealed_to]\nkeys = []\n\n[ports]"))
    stanza = b"-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nEmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\n"
    mac = b"--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n"
    write("age", "too-many-stanzas.age", b"age-encryption.org/v1\n" + stanza * 200 + mac + b"\x00" * 32)
    body_lines = b"".join(b"A" * 64 + b"\n" for _ in range(2100))
    write("age", "huge-header.age", b"age-encryption.org/v1\n-> X25519 abc\n" + body_lines + mac)
    write("age", "escape-in-stanza-type.age", b"age-encryption.org/v1\n-> \x1b]52;c;aGk=\x07 x\nAAAA\n" + mac)


def main():
    missing = [t for t in ("age", "age-keygen") if subprocess.run(["sh", "-c", f"command -v {t}"], capture_output=True).returncode]
    if missing:
        sys.exit(f"missing tools: {missing}")
    for k in ("checklists", "sites", "records", "age"):
        os.makedirs(os.path.join(ROOT, k), exist_ok=True)
    checklists()
    sites()
    records()
    age_files()
    issue_13()


if __name__ == "__main__":
    main()

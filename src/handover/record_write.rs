//! Writes a [`HandoverRecord`] as a TOML document a person reads comfortably after `age -d`:
//! a comment header, the site, the ports, then the credentials grouped by kind in aligned
//! columns.

use std::fmt::{self, Write};

use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::record::{Credential, FORMAT_VERSION, HandoverRecord};
use crate::secrets::kind::CredentialKind;

impl HandoverRecord {
    /// The record as TOML text, ready to be sealed.
    ///
    /// # Security
    /// The text holds every secret. It is written into a buffer sized exactly beforehand (a
    /// counting pass), so no reallocation leaves an un-wiped copy behind, and the buffer is
    /// wiped when dropped.
    pub fn to_toml(&self) -> Zeroizing<String> {
        let mut counter = Counter::default();
        write_record(self, &mut counter).expect("counting cannot fail");
        let mut out = Zeroizing::new(String::with_capacity(counter.bytes));
        write_record(self, &mut *out).expect("writing to a String cannot fail");
        debug_assert_eq!(out.len(), counter.bytes);
        out
    }
}

/// A `fmt::Write` sink that only counts what would be written.
#[derive(Default)]
struct Counter {
    bytes: usize,
    chars: usize,
}

impl Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes += s.len();
        self.chars += s.chars().count();
        Ok(())
    }
}

fn write_record(r: &HandoverRecord, w: &mut impl Write) -> fmt::Result {
    let model = r.site.model;
    w.write_str("# nec-harden handover record\n#\n")?;
    writeln!(
        w,
        "# This file holds the credentials of the NEC {} phone system of the site below:",
        model.display_name()
    )?;
    w.write_str(
        "# logins, passwords, voicemail codes and ports. Anyone who reads it can log in to the\n\
         # system: keep it encrypted and do not print it.\n\
         #\n\
         # It is sealed with age (https://age-encryption.org). To open it:\n\
         #   age -d -i KEY FILE    when sealed to your age or SSH key (KEY is the private key file)\n\
         #   age -d FILE           when sealed to a passphrase (age asks for it)\n\
         #   nec-harden handover show FILE [-i KEY | --passphrase-file F]\n\n",
    )?;
    writeln!(w, "format = {FORMAT_VERSION}\n")?;

    w.write_str("[site]\n")?;
    for (key, value) in [
        ("name", r.site.name.as_str()),
        ("customer", r.site.customer.as_str()),
        ("model", model.name()),
        ("installer", r.site.installer.as_str()),
        ("sealed_at", r.sealed_at.as_str()),
    ] {
        write!(w, "{key:<9} = ")?;
        write_toml_string(w, value)?;
        w.write_char('\n')?;
    }

    if let Some(adds_to) = &r.adds_to {
        w.write_str(
            "\n[addendum]\n# this record adds to an earlier handover of the site: keep both files\nadds_to   = ",
        )?;
        write_toml_string(w, &adds_to.file)?;
        w.write_char('\n')?;
        if let Some(at) = &adds_to.sealed_at {
            w.write_str("adds_to_sealed_at = ")?;
            write_toml_string(w, at.as_str())?;
            w.write_char('\n')?;
        }
        w.write_str("# the targets whose credentials are in this addendum\ntargets = [")?;
        for (i, target) in r.targets().iter().enumerate() {
            if i > 0 {
                w.write_str(", ")?;
            }
            write_toml_string(w, target)?;
        }
        w.write_str("]\n")?;
    }

    if !r.sealed_to.is_empty() {
        w.write_str(
            "\n[sealed_to]\n# the public keys this record is sealed to; a new seal goes only to these\nrecipients = [",
        )?;
        for key in &r.sealed_to {
            w.write_str("\n  ")?;
            write_toml_string(w, key)?;
            w.write_char(',')?;
        }
        w.write_str("\n]\n")?;
    }

    w.write_str("\n[ports]\n# 90-54-01 WebPro and 90-54-02 PCPro ports, after hardening\n")?;
    if let Some(p) = r.admin_ports.webpro {
        writeln!(w, "webpro    = {p}")?;
    }
    if let Some(p) = r.admin_ports.pcpro {
        writeln!(w, "pcpro     = {p}")?;
    }
    w.write_str("# ports the router forwards from the internet to the system\nforwarded = [")?;
    for (i, p) in r.forwarded_ports.iter().enumerate() {
        if i > 0 {
            w.write_str(", ")?;
        }
        write!(w, "{p}")?;
    }
    w.write_str("]\n")?;

    w.write_str("\n[checklist]\n# checklist items done\ndone = [")?;
    for (i, id) in r.checklist_done.iter().enumerate() {
        w.write_str(if i == 0 { "\n  " } else { ",\n  " })?;
        write_toml_string(w, id)?;
    }
    w.write_str(if r.checklist_done.is_empty() {
        "]\n"
    } else {
        ",\n]\n"
    })?;

    w.write_str(
        "\n[credentials]\n# grouped by kind; `secret` is the value keyed into the system\n",
    )?;
    for kind in CredentialKind::ALL {
        let group: Vec<&Credential> = r.credentials.iter().filter(|c| c.kind == kind).collect();
        if !group.is_empty() {
            write_group(w, kind, &group)?;
        }
    }
    Ok(())
}

/// The columns of a credential line, in order; `None` means the cell is empty.
fn cells(c: &Credential) -> [(&'static str, Option<&str>); 5] {
    [
        ("program", Some(c.program.as_str())),
        ("subject", Some(c.subject.as_str())),
        ("level", c.level.map(super::record::Level::name)),
        ("user", c.user.as_deref()),
        ("secret", Some(c.secret.expose_secret())),
    ]
}

/// Writes one cell (`key = "value", `) and returns nothing; used for counting widths too.
fn write_cell(w: &mut impl Write, key: &str, value: &str, last: bool) -> fmt::Result {
    write!(w, "{key} = ")?;
    write_toml_string(w, value)?;
    w.write_str(if last { " " } else { ", " })
}

fn cell_width(key: &str, value: &str, last: bool) -> usize {
    let mut c = Counter::default();
    write_cell(&mut c, key, value, last).expect("counting cannot fail");
    c.chars
}

fn write_group(w: &mut impl Write, kind: CredentialKind, group: &[&Credential]) -> fmt::Result {
    let mut widths = [0usize; 5];
    for c in group {
        for (i, (key, value)) in cells(c).into_iter().enumerate() {
            if let Some(v) = value {
                widths[i] = widths[i].max(cell_width(key, v, i == 4));
            }
        }
    }
    writeln!(w, "\n# {} ({})", kind.label(), group.len())?;
    writeln!(w, "{} = [", kind.name())?;
    for c in group {
        w.write_str("  { ")?;
        let row = cells(c);
        for (i, (key, value)) in row.iter().enumerate() {
            let used = match value {
                Some(v) => {
                    write_cell(w, key, v, i == 4)?;
                    cell_width(key, v, i == 4)
                }
                None => 0,
            };
            for _ in used..widths[i] {
                w.write_char(' ')?;
            }
        }
        w.write_str("},\n")?;
    }
    w.write_str("]\n")
}

/// Writes `s` as a TOML basic string, escaping what TOML requires.
fn write_toml_string(w: &mut impl Write, s: &str) -> fmt::Result {
    w.write_char('"')?;
    for ch in s.chars() {
        match ch {
            '"' => w.write_str("\\\"")?,
            '\\' => w.write_str("\\\\")?,
            '\n' => w.write_str("\\n")?,
            '\t' => w.write_str("\\t")?,
            c if c.is_control() => write!(w, "\\u{:04X}", u32::from(c))?,
            c => w.write_char(c)?,
        }
    }
    w.write_char('"')
}

//! `nec-harden probe HOST`: measure which admin and SIP ports answer and whether a SIP port
//! accepts a REGISTER without credentials; print the verdicts; record them in the site file.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use nec_harden::probe::{
    Plan, Probe, ProbeOptions, Progress, SiteContext, Vantage, output, plan::PortsError,
};
use nec_harden::site::{SiteFile, Timestamp};

use super::{CliError, Outcome};

/// Shown under `probe --help`.
const AFTER_HELP: &str = "\
Only probe systems you are responsible for, with the customer's permission: the probe sends
connection attempts, SIP OPTIONS and one REGISTER (for a made-up extension, without credentials,
removed again if accepted) to HOST. It never guesses passwords or walks extension numbers.

Run it from outside the customer's network (e.g. a laptop on a phone hotspot) against the
site's public address: from inside the LAN it proves nothing about the internet.

--ports: comma-separated entries `[tcp:|sip:]PORT[=SYSTEM_PORT]`. A bare number or `tcp:` is an
admin port (TCP connect only); `sip:` is a SIP port (OPTIONS over UDP and TCP, then one
REGISTER). `=SYSTEM_PORT` names the phone system's port a router forward maps to, e.g.
`sip:15080=5080`. A list starting with `+` adds to the defaults (80, 8000, 5963, the 90-54 ports
of --site, SIP 5060, 5070, 5080); otherwise it replaces them.

Exit codes: 0 nothing failed, 1 a finding failed or is critical, 2 usage, 3 I/O.";

/// Measure what the internet can reach: admin ports, SIP ports, unauthenticated REGISTER.
#[derive(Debug, Args)]
#[command(after_help = AFTER_HELP)]
pub struct ProbeArgs {
    /// The phone system's public name or address (no port).
    #[arg(value_name = "HOST")]
    host: String,
    /// Ports to probe instead of (or with a leading `+`, besides) the defaults; see below.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    ports: Option<String>,
    /// The site file: its 90-54 ports and forwards shape the verdicts, and the results are
    /// recorded in it (a `[probe]` table).
    #[arg(long, value_name = "SITE.toml")]
    site: Option<PathBuf>,
    /// Where the probe runs from; asked on a terminal when omitted, else `unknown`.
    #[arg(long, value_enum, value_name = "WHERE")]
    from: Option<FromWhere>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ProbeFormat::Text)]
    format: ProbeFormat,
    /// How long to wait for each connection or answer, in milliseconds (50 to 30000).
    #[arg(long, value_name = "MS", default_value_t = 1500,
          value_parser = clap::value_parser!(u64).range(50..=30_000))]
    timeout_ms: u64,
}

/// `--from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FromWhere {
    /// Outside the customer's network (e.g. a phone hotspot).
    Outside,
    /// Inside the customer's LAN.
    Inside,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ProbeFormat {
    /// A table and the findings.
    Text,
    /// The whole result as JSON.
    Json,
}

fn ports_error(err: &PortsError) -> CliError {
    CliError::Usage(err.to_string())
}

/// Asks where the probe runs from, on a terminal; `None` when the answer is not understood.
fn ask_vantage() -> Option<Vantage> {
    let mut stderr = io::stderr();
    let _ = write!(
        stderr,
        "Where does this probe run from? Outside the customer's network (recommended, e.g. a phone hotspot) or inside their LAN? [outside/inside]: "
    );
    let _ = stderr.flush();
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line).ok()?;
    match line.trim().to_ascii_lowercase().as_str() {
        "o" | "out" | "outside" => Some(Vantage::Outside),
        "i" | "in" | "inside" => Some(Vantage::Inside),
        _ => None,
    }
}

fn vantage(from: Option<FromWhere>) -> Vantage {
    match from {
        Some(FromWhere::Outside) => Vantage::Outside,
        Some(FromWhere::Inside) => Vantage::Inside,
        None if io::stdin().is_terminal() && io::stderr().is_terminal() => {
            ask_vantage().unwrap_or(Vantage::Unknown)
        }
        None => Vantage::Unknown,
    }
}

/// Runs `nec-harden probe`.
pub fn run(args: &ProbeArgs) -> Result<Outcome, CliError> {
    // Usage errors first, before any file is read or packet sent.
    if let Some(list) = &args.ports {
        Plan::with_ports(list, SiteContext::default()).map_err(|e| ports_error(&e))?;
    }
    let site = match &args.site {
        Some(path) => Some(SiteFile::load(path, None)?),
        None => None,
    };
    let context = site
        .as_ref()
        .map_or_else(SiteContext::default, |(s, _)| SiteContext::from_site(s));
    let plan = match &args.ports {
        Some(list) => Plan::with_ports(list, context).map_err(|e| ports_error(&e))?,
        None => Plan::defaults(context),
    };
    let options = ProbeOptions {
        timeout: Duration::from_millis(args.timeout_ms),
        vantage: Vantage::Unknown,
        avoid_extensions: site.as_ref().map_or_else(Vec::new, |(s, _)| {
            s.extensions.iter().map(|e| e.number.to_string()).collect()
        }),
    };
    let mut probe =
        Probe::new(&args.host, plan, options).map_err(|e| CliError::Usage(e.to_string()))?;
    // Asked only once the host resolved: a bad host needs no answer.
    let vantage = vantage(args.from);
    match (vantage, args.format) {
        (Vantage::Unknown, _) => {
            let _ = writeln!(
                io::stderr(),
                "nec-harden: warning: vantage point unknown (give --from outside|inside); verdicts read as if from outside"
            );
        }
        (_, ProbeFormat::Json) => {
            if let Some(note) = output::vantage_note(vantage) {
                let _ = writeln!(io::stderr(), "nec-harden: {note}");
            }
        }
        _ => {}
    }
    probe.set_vantage(vantage);
    let show_progress = io::stderr().is_terminal();
    let report = probe.run(|p: &Progress| {
        if show_progress {
            let _ = write!(
                io::stderr(),
                "\r\x1b[Kprobing {}: {}/{} {}",
                probe.address(),
                p.done,
                p.total,
                p.step
            );
            let _ = io::stderr().flush();
        }
    });
    if show_progress {
        let _ = write!(io::stderr(), "\r\x1b[K");
    }
    let printed = super::stdout::print(&match args.format {
        ProbeFormat::Text => output::text(&report),
        ProbeFormat::Json => output::json(&report),
    });
    // Recorded even when nobody reads standard output any more (`| head`).
    if let (Some(path), Some((mut site, _))) = (&args.site, site) {
        site.site.updated = Timestamp::now();
        site.probe = Some(report.clone());
        site.save(path)?;
        let _ = writeln!(
            io::stderr(),
            "nec-harden: recorded the probe in {}",
            path.display()
        );
    }
    printed?;
    Ok(if report.failed() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

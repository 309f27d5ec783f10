//! `nec-harden calls audit|watch`: audit saved SMDR call records, or watch the live stream,
//! and raise alerts for toll-fraud patterns; record the summary in the site file.

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Subcommand, ValueEnum};

use nec_harden::calls::{
    self, Audit, AuditOptions, InputError, Layout, Rules, SiteSettings, output, period::Date,
    raw_log::RawLog, watch,
};
use nec_harden::site::{SiteFile, Timestamp};

use super::{CliError, Outcome};

const AUDIT_HELP: &str = "\
Reads saved SMDR output (35-01-01 = 3, LAN): FILE is a log a call logger or `calls watch --save`
wrote; `-` reads standard input. Lines that are not records are counted and their numbers shown.
Records have minute resolution and no year: the period is inferred from the file's order and
--since. Dialled numbers are shown as country code and last two digits unless --show-numbers.

--layout forces what detection would find: `auto`, or a comma-separated list of date=on|off
(35-02-14), format=north-american|overseas (35-01-08, the cost column), trunk=number|name
(35-02-03).

Site settings the rules need live in the site file's [calls.settings] table (business_hours,
business_days, time_zone, trunks, allowed_countries, international_prefix, inmail_ports); the
audit names the ones it had to default. With --site the summary (counts per rule, never a
number) is recorded in the site file.

Exit codes: 0 no alert at warning or above, 1 otherwise, 2 usage, 3 I/O or an input that is not
SMDR output.";

const WATCH_HELP: &str = "\
Connects to the system's SMDR port (the system is the server; 10-20-05, default 60010), prints
each alert as the records arrive (the backlog of up to 4,000 records first) and reconnects with a
growing pause when the link drops. --save appends the raw stream exactly as received (mode 0600)
so it can be checked and audited again. The link is unencrypted: watch from inside the LAN.
--for ends the watch (e.g. 30s, 10m, 2h); without it, Ctrl-C ends it.
Without HOST the address comes from --site: the site file's [calls.settings] smdr_address, which
the wizard's short watch saves once it reached the system; a HOST given wins.
--layout, --rules, --site and --show-numbers work as for `calls audit`.

Exit codes: 0 no alert at warning or above, 1 otherwise, 2 usage, 3 I/O (never connected, nothing
received, not SMDR output).";

/// `calls` subcommands.
#[derive(Debug, Subcommand)]
pub enum CallsCommand {
    /// Audit saved SMDR call records for toll-fraud patterns.
    #[command(after_help = AUDIT_HELP)]
    Audit(AuditArgs),
    /// Watch the system's live SMDR stream and print alerts as they happen.
    #[command(after_help = WATCH_HELP)]
    Watch(WatchArgs),
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CallsFormat {
    /// Alerts with their evidence, then counts per rule.
    Text,
    /// JSON (`watch`: one alert per line).
    Json,
}

/// Options both commands share.
#[derive(Debug, Args)]
pub struct Common {
    /// The site file: its [calls.settings] feed the rules; the summary is recorded in it.
    #[arg(long, value_name = "SITE.toml")]
    site: Option<PathBuf>,
    /// A dealer rules file overriding the shipped rules.
    #[arg(long, value_name = "RULES.toml")]
    rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CallsFormat::Text)]
    format: CallsFormat,
    /// Force the record layout instead of detecting it (see below).
    #[arg(long, value_name = "LAYOUT")]
    layout: Option<String>,
    /// Show dialled numbers in full (they are masked otherwise).
    #[arg(long)]
    show_numbers: bool,
}

/// `calls audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Saved SMDR output; `-` is standard input.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Leave out records before this date (YYYY-MM-DD); also gives the records their year.
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// `calls watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The system's address, with its SMDR port when not 60010; without it, the site file's
    /// saved `[calls.settings] smdr_address` (`--site`).
    #[arg(value_name = "HOST[:PORT]")]
    address: Option<String>,
    /// Append the raw stream to this file, exactly as received.
    #[arg(long, value_name = "RAW.log")]
    save: Option<PathBuf>,
    /// How long to watch (30s, 10m, 2h).
    #[arg(long = "for", value_name = "DURATION")]
    duration: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// Runs `nec-harden calls ...`.
pub fn run(command: &CallsCommand) -> Result<Outcome, CliError> {
    match command {
        CallsCommand::Audit(args) => audit(args),
        CallsCommand::Watch(args) => watch_run(args),
    }
}

fn io_err(e: impl std::fmt::Display) -> CliError {
    CliError::Io(e.to_string())
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
fn out(text: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(io_err(format!("standard output: {e}")))
        }
        _ => Ok(()),
    }
}

fn current_year() -> i32 {
    Timestamp::now().as_str()[..4].parse().unwrap_or(2026)
}

/// Usage first (nothing read yet), then the site and the rules.
fn prepare(
    common: &Common,
    since: Option<Date>,
) -> Result<(AuditOptions, Option<SiteFile>), CliError> {
    let layout: Layout = match &common.layout {
        Some(text) => text
            .parse()
            .map_err(|e: calls::layout::BadLayout| CliError::Usage(e.to_string()))?,
        None => Layout::default(),
    };
    let site = match &common.site {
        Some(path) => Some(SiteFile::load(path, None)?.0),
        None => None,
    };
    let rules = match &common.rules {
        Some(path) => Rules::load(path).map_err(|e| {
            // The first problem on one line; the count of the rest.
            let text = e.to_string();
            let mut lines = text.lines();
            let first = lines.next().unwrap_or_default().to_owned();
            match lines.count() {
                0 => CliError::Io(first),
                n => CliError::Io(format!("{first} (and {n} more problems)")),
            }
        })?,
        None => Rules::defaults(),
    };
    let settings = SiteSettings::resolve(
        site.as_ref()
            .and_then(|s| s.calls.as_ref())
            .and_then(|c| c.settings.as_ref()),
        site.as_ref().map(|s| s.site.model),
    )
    .map_err(|e| {
        let file = common
            .site
            .as_deref()
            .map_or_else(String::new, |p| p.display().to_string());
        CliError::Io(format!("{file}: {e}"))
    })?;
    Ok((
        AuditOptions {
            settings,
            rules,
            layout,
            since,
            assumed_year: current_year(),
            show_numbers: common.show_numbers,
        },
        site,
    ))
}

fn record_in_site(
    path: Option<&Path>,
    site: Option<SiteFile>,
    audit: &Audit,
    source: &str,
) -> Result<(), CliError> {
    if let (Some(path), Some(mut site)) = (path, site) {
        let now = Timestamp::now();
        site.calls.get_or_insert_default().last_audit =
            Some(output::summary(audit, source, now.clone()));
        site.site.updated = now;
        site.save(path)?;
        eprintln!("nec-harden: recorded the call audit in {}", path.display());
    }
    Ok(())
}

fn audit(args: &AuditArgs) -> Result<Outcome, CliError> {
    let since = match &args.since {
        Some(text) => Some(
            text.parse::<Date>()
                .map_err(|e| CliError::Usage(e.to_string()))?,
        ),
        None => None,
    };
    if args.files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        return Err(CliError::Usage(
            "standard input (`-`) can be read only once".into(),
        ));
    }
    let (options, site) = prepare(&args.common, since)?;
    let mut audit = Audit::new(options);
    let names: Vec<String> = args
        .files
        .iter()
        .map(|f| {
            if f.as_os_str() == "-" {
                "(stdin)".to_owned()
            } else {
                f.display().to_string()
            }
        })
        .collect();
    for (i, file) in args.files.iter().enumerate() {
        let result = if file.as_os_str() == "-" {
            calls::audit_reader(&mut audit, i, io::stdin().lock())
        } else {
            std::fs::File::open(file)
                .map_err(InputError::from)
                .and_then(|f| calls::audit_reader(&mut audit, i, f))
        };
        result.map_err(|e| io_err(format!("{}: {e}", names[i])))?;
    }
    match args.common.format {
        CallsFormat::Text => out(&output::text(&audit, &names))?,
        CallsFormat::Json => out(&output::json(&audit))?,
    }
    let source = match names.as_slice() {
        [one] => format!("audit of {one}"),
        many => format!("audit of {} files", many.len()),
    };
    record_in_site(args.common.site.as_deref(), site, &audit, &source)?;
    Ok(if audit.failed() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

/// Set by Ctrl-C or SIGTERM so the watch ends cleanly and still records its summary.
fn stop_flag() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(signal, std::sync::Arc::clone(&flag));
    }
    flag
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The address to watch: HOST as given, else the site file's saved `smdr_address`.
///
/// # Errors
/// [`CliError::Usage`] when neither is there, or HOST does not parse; [`CliError::Io`] when
/// the saved address does not (the file names the problem).
fn watch_address(
    given: Option<&str>,
    site: Option<(&Path, &SiteFile)>,
) -> Result<(String, String, u16), CliError> {
    let text = match (given, site) {
        (Some(text), _) => {
            let (host, port) = watch::parse_address(text, calls::DEFAULT_SMDR_PORT)
                .map_err(|e| CliError::Usage(e.to_string()))?;
            return Ok((text.to_owned(), host, port));
        }
        (None, None) => {
            return Err(CliError::Usage(
                "calls watch needs HOST[:PORT], or --site SITE.toml with a saved [calls.settings] smdr_address".into(),
            ));
        }
        (None, Some((path, site))) => calls::short_watch::recorded_address(site).ok_or_else(|| {
            CliError::Usage(format!(
                "{}: no saved [calls.settings] smdr_address (the wizard's short watch saves it): give HOST[:PORT]",
                path.display()
            ))
        })?,
    };
    let (host, port) = watch::parse_address(text, calls::DEFAULT_SMDR_PORT).map_err(|e| {
        CliError::Io(format!(
            "{}: [calls.settings] smdr_address: {e}",
            site.map_or_else(String::new, |(p, _)| p.display().to_string())
        ))
    })?;
    Ok((text.to_owned(), host, port))
}

fn watch_run(args: &WatchArgs) -> Result<Outcome, CliError> {
    let usage = |e: &dyn std::fmt::Display| CliError::Usage(e.to_string());
    if let Some(text) = &args.address {
        watch::parse_address(text, calls::DEFAULT_SMDR_PORT).map_err(|e| usage(&e))?;
    } else if args.common.site.is_none() {
        watch_address(None, None)?;
    }
    let duration = match &args.duration {
        Some(text) => Some(watch::parse_duration(text).map_err(|e| usage(&e))?),
        None => None,
    };
    if let (Some(save), Some(site)) = (&args.save, &args.common.site)
        && (save == site || same_file(save, site))
    {
        return Err(CliError::Usage("--save must not be the site file".into()));
    }
    let (options, site) = prepare(&args.common, None)?;
    let (address, host, port) = watch_address(
        args.address.as_deref(),
        args.common.site.as_deref().zip(site.as_ref()),
    )?;
    let mut raw = match &args.save {
        Some(path) => Some(
            RawLog::open(path)
                .map_err(|e| io_err(format!("{}: cannot open: {e}", path.display())))?,
        ),
        None => None,
    };
    let label = if address.contains(':') {
        address
    } else {
        format!("{host}:{port}")
    };
    let mut audit = Audit::new(options);
    audit.start_input(0);
    let stop = stop_flag();
    let deadline = duration.map(|d| Instant::now() + d);
    let mut connected = false;
    let mut last_reason = None;
    let mut failure: Option<CliError> = None;
    let inputs = [label.clone()];
    let result = watch::watch(&host, port, deadline, |event| {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return ControlFlow::Break(());
        }
        match event {
            watch::WatchEvent::Connected(addr) => {
                connected = true;
                eprintln!(
                    "nec-harden: connected to {addr}: receiving the backlog, then records as calls end"
                );
            }
            watch::WatchEvent::Retrying { reason, after } => {
                audit.interrupt();
                eprintln!(
                    "nec-harden: {label}: {reason}; trying again in {} s",
                    after.as_secs_f32().ceil()
                );
                last_reason = Some(reason);
            }
            watch::WatchEvent::Idle => {}
            watch::WatchEvent::Bytes(bytes) => {
                if let Some(log) = raw.as_mut()
                    && let Err(e) = log.append(bytes)
                {
                    failure = Some(io_err(format!(
                        "{}: cannot append: {e}",
                        args.save.as_deref().unwrap_or(Path::new("")).display()
                    )));
                    return ControlFlow::Break(());
                }
                audit.feed(bytes);
                let text: String = audit
                    .take_fresh()
                    .iter()
                    .map(|a| match args.common.format {
                        CallsFormat::Text => output::alert_text(a, &inputs[0]),
                        CallsFormat::Json => output::json_line(a),
                    })
                    .collect();
                if !text.is_empty()
                    && let Err(e) = out(&text)
                {
                    failure = Some(e);
                    return ControlFlow::Break(());
                }
                if let Some(why) = calls::not_smdr(&audit.current(), false) {
                    failure = Some(io_err(format!("{label}: {why}")));
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    });
    let counts = audit.finish_input();
    let fresh: String = audit
        .take_fresh()
        .iter()
        .map(|a| match args.common.format {
            CallsFormat::Text => output::alert_text(a, &inputs[0]),
            CallsFormat::Json => output::json_line(a),
        })
        .collect();
    out(&fresh)?;
    if let Some(log) = raw {
        log.close().map_err(io_err)?;
    }
    result.map_err(|e| io_err(format!("{label}: {e}")))?;
    if let Some(e) = failure {
        return Err(e);
    }
    let waited = duration.map_or_else(String::new, |d| format!(" in {} s", d.as_secs()));
    if !connected {
        return Err(io_err(format!(
            "{label}: could not connect{waited}: {}",
            last_reason.unwrap_or_else(|| "stopped".into())
        )));
    }
    if counts.bytes == 0 {
        return Err(io_err(format!(
            "{label}: connected but nothing was received{waited} (is SMDR output on LAN, 35-01-01 = 3, on this port, 10-20-05?)"
        )));
    }
    if let Some(why) = calls::not_smdr(&counts, true) {
        return Err(io_err(format!("{label}: {why}")));
    }
    match args.common.format {
        CallsFormat::Text => out(&format!(
            "\n{}{}",
            output::text_head(&audit, &inputs),
            output::text_tail(&audit)
        ))?,
        CallsFormat::Json => eprint!("{}", output::text_tail(&audit)),
    }
    record_in_site(
        args.common.site.as_deref(),
        site,
        &audit,
        &format!("watch of {label}"),
    )?;
    Ok(if audit.failed() {
        Outcome::Failed
    } else {
        Outcome::Ok
    })
}

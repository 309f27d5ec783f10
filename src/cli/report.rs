//! `nec-harden report SITE.toml`: the score, risks and every item's status of a site file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, Outcome};
use nec_harden::atomic_file::{self, Overwrite};
use nec_harden::checklist;
use nec_harden::diff::{self, Side};
use nec_harden::fleet::Checklists;
use nec_harden::report::{self, Format};
use nec_harden::site::{SiteError, SiteFile};

/// Arguments of `nec-harden report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The site file (SITE.toml).
    site: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    force: bool,
    /// Use this checklist instead of the site file's own or the shipped one.
    #[arg(long, value_name = "FILE")]
    checklist: Option<PathBuf>,
    /// Add what changed since this earlier site file of the same site (an older visit).
    #[arg(long, value_name = "OLD.toml")]
    since: Option<PathBuf>,
}

/// The report formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// Markdown.
    Md,
    /// JSON.
    Json,
    /// A printable HTML page.
    Html,
}

/// Runs `nec-harden report`.
pub fn run(args: &ReportArgs) -> Result<Outcome, CliError> {
    let override_checklist = args
        .checklist
        .as_deref()
        .map(checklist::load)
        .transpose()
        .map_err(SiteError::from)?;
    let (site, list) = SiteFile::load(&args.site, override_checklist.as_ref())?;
    let format = match args.format {
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Json => Format::Json,
        ReportFormat::Html => Format::Html,
    };
    let mut text = report::build(&list, &site).render(format);
    if let Some(old_path) = &args.since {
        let mut checklists = Checklists::default();
        let (old_site, old_list) = super::diff::load(old_path, &mut checklists)?;
        let (old_file, new_file) = (
            old_path.display().to_string(),
            args.site.display().to_string(),
        );
        let changes = diff::diff(
            &Side {
                file: &old_file,
                site: &old_site,
                checklist: &old_list,
            },
            &Side {
                file: &new_file,
                site: &site,
                checklist: &list,
            },
        );
        text = report::since::add(text, format, &changes);
    }
    match &args.output {
        None => super::stdout::print(&text)?,
        Some(path) => {
            let overwrite = if args.force {
                Overwrite::Replace
            } else {
                Overwrite::Refuse
            };
            atomic_file::write(path, text.as_bytes(), overwrite).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    CliError::Usage(format!(
                        "{}: exists; use --force to replace it",
                        path.display()
                    ))
                } else {
                    CliError::Io(format!("{}: cannot write: {e}", path.display()))
                }
            })?;
        }
    }
    Ok(Outcome::Ok)
}

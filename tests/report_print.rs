//! The HTML report printed by a real browser: headless Chromium prints it to PDF on A4 and on
//! Letter, poppler's `pdftotext` reads the text back, and the checks are on what a reader of
//! the paper would see: every item title, whole on one page; the sign-off; table headers
//! repeated on every page of a table; and no word outside the page (nothing clipped).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nec_harden::report::{self, Format, Report};
use nec_harden::site::SiteFile;

const TOOLS: [&str; 2] = ["chromium", "pdftotext"];

fn example(name: &str) -> (Report, SiteFile) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("checklists/examples")
        .join(name);
    let (site, list) = SiteFile::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
    (report::build(&list, &site), site)
}

/// Runs a command to its end; a browser that hangs is killed after a generous guard, so the
/// test fails instead of hanging (no assertion on how long it took).
fn run(mut command: Command) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let guard = Instant::now() + Duration::from_secs(300);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{command:?} failed: {status}");
            return;
        }
        if Instant::now() > guard {
            let _ = child.kill();
            panic!("{command:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Prints `html` on `paper` ("A4" or "letter") and returns the PDF's path.
fn print(dir: &Path, html: &str, paper: &str) -> PathBuf {
    let input = dir.join(format!("report-{paper}.html"));
    let sized = html.replacen("</style>", &format!("@page{{size:{paper}}}</style>"), 1);
    std::fs::write(&input, sized).unwrap();
    let pdf = dir.join(format!("report-{paper}.pdf"));
    let mut chromium = Command::new("chromium");
    chromium
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join(format!("profile-{paper}")).display()
        ))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", input.display()));
    run(chromium);
    assert!(pdf.is_file(), "no PDF");
    pdf
}

fn pdftotext(pdf: &Path, extra: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(extra)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The text without white space and hyphens: a title wrapped at a space, at a hyphen
/// (`pdftotext` joins those and drops the hyphen) or, a long word, anywhere reads the same.
fn words(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '-')
        .collect()
}

fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

/// Words of one page whose boxes overlap: text that ran out of its cell into the next.
fn overlapping(words: &[(f64, f64, f64, f64, String)]) -> Option<String> {
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            let x = a.2.min(b.2) - a.0.max(b.0);
            let y = a.3.min(b.3) - a.1.max(b.1);
            if x > 1.0 && y > 1.0 {
                return Some(format!("`{}` overlaps `{}`", a.4, b.4));
            }
        }
    }
    None
}

/// Every word of the PDF lies inside its page (none is cut at an edge) and no two words
/// overlap (none ran out of its table cell into the next).
fn assert_nothing_clipped(pdf: &Path) {
    let boxes = pdftotext(pdf, &["-bbox"]);
    let mut page = (0.0, 0.0);
    let mut checked = 0;
    let mut on_page = Vec::new();
    for line in boxes.lines() {
        let line = line.trim();
        if line.starts_with("<page ") || line.starts_with("</page>") {
            if let Some(problem) = overlapping(&on_page) {
                panic!("{problem}");
            }
            on_page.clear();
        }
        if line.starts_with("<page ") {
            page = (attr(line, "width"), attr(line, "height"));
        } else if line.starts_with("<word ") {
            let (x0, y0, x1, y1) = (
                attr(line, "xMin"),
                attr(line, "yMin"),
                attr(line, "xMax"),
                attr(line, "yMax"),
            );
            assert!(
                x0 >= 0.0 && y0 >= 0.0 && x1 <= page.0 && y1 <= page.1,
                "a word runs off the page {page:?}: {line}"
            );
            let text = line
                .rsplit_once("\">")
                .map_or("", |(_, t)| t.trim_end_matches("</word>"));
            on_page.push((x0, y0, x1, y1, text.to_owned()));
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} words found");
}

/// Prints the report on `paper`, checks it, and returns the printed text.
fn check_printed(report: &Report, site: &SiteFile, paper: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = print(dir.path(), &report.render(Format::Html), paper);
    let text = pdftotext(&pdf, &[]);
    let pages: Vec<String> = text.split('\u{c}').map(words).collect();
    assert!(pages.len() > 1, "one page only");
    for item in report.technical.sections.iter().flat_map(|s| &s.items) {
        let title = words(&item.title);
        assert!(
            pages.iter().any(|p| p.contains(&title)),
            "{paper}: the title `{title}` is missing or cut across pages"
        );
    }
    let all = words(&text);
    for must in [
        "Part 1: for the customer",
        "Part 2: technical record for the dealer",
        &site.site.installer,
        &site.site.customer,
    ] {
        assert!(all.contains(&words(must)), "{paper}: `{must}` missing");
    }
    // The sign-off as printed: its header row, and each signer's row beginning with their name.
    let layout = pdftotext(&pdf, &["-layout"]);
    let row = |first: &str, then: &str| {
        layout.lines().any(|l| {
            let l = words(l);
            l.starts_with(&words(first)) && l.contains(&words(then))
        })
    };
    assert!(
        layout.lines().any(|l| words(l) == "NameSignatureDate"),
        "{paper}: no sign-off header"
    );
    let start = |name: &str| name.chars().take(12).collect::<String>();
    assert!(
        row("Installer", &start(&site.site.installer)),
        "{paper}: no installer row"
    );
    assert!(
        row("Customer", &start(&site.site.customer)),
        "{paper}: no customer row"
    );
    // Every page that shows rows of the technical record shows its header too.
    let technical_start = pages
        .iter()
        .position(|p| p.contains(&words("Part 2: technical record")))
        .unwrap();
    let layout_pages: Vec<&str> = layout.split('\u{c}').collect();
    for (n, page) in pages.iter().enumerate().skip(technical_start + 1) {
        let has_items = report
            .technical
            .sections
            .iter()
            .flat_map(|s| &s.items)
            .any(|i| page.contains(&words(&i.title)));
        if has_items {
            assert!(
                layout_pages[n]
                    .lines()
                    .any(|l| words(l) == "ItemProgramsStatusAnswerNotes"),
                "{paper}: page {} has item rows but no table header",
                n + 1
            );
        }
    }
    assert_nothing_clipped(&pdf);
    text
}

#[test]
fn the_report_prints_whole_on_a4_and_letter() {
    if !support::tools_available(&TOOLS) {
        return;
    }
    let (report, site) = example("full-128.toml");
    for paper in ["A4", "letter"] {
        check_printed(&report, &site, paper);
    }
}

/// A probe that fails an item and a call-record audit with alerts, as the site file records them.
fn probed_and_audited(site: &mut SiteFile) {
    use nec_harden::probe::{
        Finding, PortResult, PortState, ProbeReport, Role, Severity, Transport, Vantage,
    };
    use nec_harden::site::Timestamp;
    use nec_harden::site::calls::{CallAudit, RuleCount, SiteCalls};
    let at = |s: &str| Timestamp::parse(s).unwrap();
    site.probe = Some(ProbeReport {
        at: at("2026-11-28T10:00:00Z"),
        host: "pbx.example.net".into(),
        address: "192.0.2.10".into(),
        vantage: Vantage::Outside,
        timeout_ms: 800,
        ports: vec![PortResult {
            port: 8000,
            system_port: None,
            role: Role::Pcpro,
            transport: Transport::Tcp,
            state: PortState::Open,
            elapsed_ms: 3,
            sip: None,
            register: None,
        }],
        findings: vec![Finding {
            severity: Severity::Failed,
            item: "admin-ports-blocked".into(),
            port: Some(8000),
            text: "PCPro answers on 8000 from the internet".into(),
        }],
    });
    site.calls = Some(SiteCalls {
        settings: None,
        last_audit: Some(CallAudit {
            at: at("2026-11-29T08:30:00Z"),
            source: "audit of 1 file".into(),
            period_from: Some("2026-11-02 08:15".into()),
            period_to: Some("2026-11-27 17:40".into()),
            period_note: "year from the file dates".into(),
            records: 161,
            unreadable: 0,
            alerts: vec![RuleCount {
                rule: "voicemail-port".into(),
                severity: "critical".into(),
                item: "inmail-trunk-access".into(),
                count: 2,
            }],
            not_applied: Vec::new(),
        }),
    });
}

#[test]
fn long_unbroken_names_wrap_instead_of_running_off_the_page() {
    if !support::tools_available(&TOOLS) {
        return;
    }
    let (_, mut site) = example("small-office.toml");
    site.site.customer = "Harbour".repeat(20);
    site.extensions[0].label = "Reception".repeat(12);
    // The probe and the call audit print too, in both parts.
    probed_and_audited(&mut site);
    let list = nec_harden::checklist::builtin(site.site.model);
    let report = report::build(&list, &site);
    let text = words(&check_printed(&report, &site, "A4"));
    for must in [
        "PROBE FAILED.",
        "Exposure check.",
        "Call-record check.",
        "outside calls placed by the voicemail ports (2 alerts)",
        "Call-record audit",
        "RuleSeverityAlertsChecklist item",
    ] {
        assert!(text.contains(&words(must)), "`{must}` not printed");
    }
}

//! Every user-facing string of the wizard, in one place.

/// The program name shown in the header.
pub const APP: &str = "nec-harden";
/// Shown instead of the wizard when the terminal is too small.
pub const TOO_SMALL: &str = "Enlarge the terminal to at least 80x24";
/// The second line of the too-small message.
pub const TOO_SMALL_NOW: &str = "It is now";
/// The header's figures: progress and score.
pub fn header(handled: usize, applicable: usize, score: u32, band: &str) -> String {
    format!("{handled}/{applicable} handled │ score {score}% ({band})")
}

/// What a failed seal is about.
pub const HANDOVER: &str = "handover";

/// Shown while the handover is sealed and proven.
pub const SEALING: &str = "Sealing the handover and proving it opens…";

/// Screen titles.
pub mod title {
    /// The new-site form.
    pub const SITE: &str = "New site";
    /// The extension list.
    pub const EXTENSIONS: &str = "Extensions";
    /// The protection form.
    pub const PROTECTION: &str = "Handover protection";
    /// The unlock form on resume.
    pub const UNLOCK: &str = "Open the handover";
    /// The first screen of an interactive replay.
    pub const REPLAY: &str = "Replay a saved site";
    /// The review.
    pub const REVIEW: &str = "Review";
    /// The last screen.
    pub const FINISHED: &str = "Finished";
    /// The help overlay.
    pub const HELP: &str = "Keys";
    /// The quit confirmation.
    pub const QUIT: &str = "Quit?";
    /// The sidebar.
    pub const CHECKLIST: &str = "Checklist";
}

/// The new-site form.
pub mod site {
    /// Field labels, in order.
    pub const LABELS: [&str; 5] = ["Model", "Site name", "Customer", "Installer", "Site file"];
    /// The intro line.
    pub const INTRO: &str = "A new site: who and where. Everything is saved to the site file as you go; no secret is ever written to it.";
    /// A field left empty.
    pub const REQUIRED: &str = "is required";
    /// The site file exists.
    pub const EXISTS: &str =
        "exists already: resume it with `nec-harden FILE`, or choose another name";
    /// Saved notice.
    pub const SAVED: &str = "Saved";
    /// The model is fixed by `--checklist`.
    pub const MODEL_FIXED: &str = "(fixed by --checklist)";
}

/// The first screen of an interactive replay.
pub mod replay {
    /// The intro.
    pub const INTRO: &str = "Replay: the extensions and every answer are pre-filled, and every item is pending again: keep (d) or change each one. Credentials are generated fresh; the old handover is not opened.";
    /// Where the site is saved.
    pub const FILE: &str = "Save site as";
    /// The hint under the field.
    pub const HINT: &str = "Enter updates this site file in place (it never holds a secret). Type another name to start the next site from this one.";
    /// The field is empty.
    pub const REQUIRED: &str = "A site file name is required";
    /// Another file exists.
    pub const EXISTS: &str =
        "exists already: press Enter again to replace it, or type another name";
    /// The replay is saved to the file.
    pub const SAVED: &str =
        "Replay saved to the site file; now choose the new handover's protection";
}

/// The exposure probe from the walk.
pub mod probe {
    /// The form's title.
    pub const TITLE: &str = "Exposure probe";
    /// The form's intro.
    pub const INTRO: &str = "Measures which admin and SIP ports of the customer's public address answer, and whether a SIP port accepts a REGISTER without credentials. Never guesses passwords. Only probe systems you look after, with the customer's permission.";
    /// Host label.
    pub const HOST: &str = "Host";
    /// Vantage label.
    pub const FROM: &str = "Runs from";
    /// The vantage choices.
    pub const OUTSIDE: &str = "outside (recommended: a phone hotspot)";
    /// Inside.
    pub const INSIDE: &str = "inside the LAN (proves nothing about the internet)";
    /// No host.
    pub const HOST_REQUIRED: &str = "Type the customer's public address or name";
    /// The running title.
    pub const RUNNING: &str = "Probing";
    /// Before the first step.
    pub const STARTING: &str = "resolving the host…";
    /// How to stop waiting.
    pub const ESC: &str = "Esc stops waiting (the result is then discarded).";
    /// Stopped waiting.
    pub const CANCELLED: &str = "Probe cancelled; its result will be discarded";
    /// The worker ended without a report.
    pub const STOPPED: &str = "The probe stopped without a result";
    /// The run failed to start.
    pub const FAILED: &str = "Probe failed";
    /// Heading of the findings in an item's pane.
    pub const FINDINGS: &str = "Probe";
    /// No finding for this item.
    pub const NO_FINDING: &str = "no finding for this item";

    /// The notice after a run.
    pub fn finished(findings: usize, failed: usize) -> String {
        format!(
            "Probe recorded in the site file: {findings} findings, {failed} failing; each is shown beside its item"
        )
    }
}

/// The short SMDR watch from the walk.
pub mod smdr {
    /// The overlay's title.
    pub const TITLE: &str = "SMDR watch";
    /// The form's intro.
    pub const INTRO: &str = "Connects to the system's SMDR port from inside the LAN, receives the call records it kept while no logger listened (up to 4,000) for at most 20 s, audits them and records the verdict in the site file. Alerts fail the items they point at.";
    /// Address label.
    pub const ADDRESS: &str = "Address";
    /// Under the address.
    pub const ADDRESS_HINT: &str =
        "   HOST or HOST:PORT; the port is 10-20-05 (60010 if none is given)";
    /// No address.
    pub const ADDRESS_REQUIRED: &str = "Type the system's LAN address";
    /// The running title.
    pub const RUNNING: &str = "Watching";
    /// Before the link is up.
    pub const CONNECTING: &str = "connecting…";
    /// The link is up.
    pub const CONNECTED: &str = "connected to";
    /// After connecting, before records.
    pub const WAITING: &str = "waiting for the backlog…";
    /// The link dropped or was refused.
    pub const RETRYING: &str = "trying again";
    /// How to stop waiting.
    pub const ESC: &str = "Esc stops the watch (nothing is recorded).";
    /// Stopped waiting.
    pub const CANCELLED: &str = "SMDR watch stopped; nothing recorded";
    /// The worker ended without a verdict.
    pub const STOPPED: &str = "The SMDR watch stopped without a verdict";
    /// The watch gave no verdict.
    pub const FAILED: &str = "SMDR watch failed";
    /// Heading of the verdict in an item's pane.
    pub const VERDICT: &str = "Call records";
    /// No audit yet.
    pub const NO_AUDIT: &str = "no call audit yet: press s to watch the system's backlog";
    /// An audit without alerts.
    pub const NO_ALERT: &str = "no alert";

    /// The live count.
    pub fn received(records: u64, alerts: u64) -> String {
        format!("receiving the backlog: {records} records, {alerts} alerts so far")
    }

    /// What the audit read.
    pub fn read(records: u64, unreadable: u64) -> String {
        format!("{records} records, {unreadable} unreadable lines")
    }

    /// The notice after a watch.
    pub fn finished(records: u64, alerts: u64, failed: bool) -> String {
        let verdict = if failed {
            "their items fail (✗)"
        } else {
            "none at warning or above"
        };
        format!("SMDR watch recorded: {records} records, {alerts} alerts; {verdict}")
    }
}

/// The extension list.
pub mod extensions {
    /// The intro line.
    pub const INTRO: &str =
        "Type extension numbers or ranges (101-132, 140) and press Enter. Then set each row.";
    /// The input label.
    pub const ADD: &str = "Add";
    /// Column headings.
    pub const COLUMNS: [&str; 7] = [
        "Ext", "In use", "Type", "Mailbox", "User Pro", "Notify", "Label",
    ];
    /// Nothing entered yet.
    pub const EMPTY: &str = "No extensions yet.";
    /// Count line.
    pub const COUNT: &str = "extensions";
    /// The Notify cell when nobody said whether the mailbox calls out on a new message.
    pub const NOTIFY_UNKNOWN: &str = "unknown";
    /// Terminal type labels: physical, virtual, NEC SIP, third-party SIP.
    pub const TYPES: [&str; 4] = ["physical", "virtual", "NEC SIP", "3rd-party SIP"];
    /// What adding extensions did, naming the numbers that were already listed.
    pub fn added(added: usize, already: &[String]) -> String {
        let listed = crate::report::text::compress_numbers(already);
        let be = if already.len() == 1 { "is" } else { "are" };
        match (added, already.is_empty()) {
            (0, false) => format!("{listed} {be} already in the list: nothing added"),
            (n, false) => format!("{} added; {listed} {be} already in the list", count(n)),
            (n, true) => format!("{} added", count(n)),
        }
    }

    fn count(n: usize) -> String {
        if n == 1 {
            "1 extension".to_owned()
        } else {
            format!("{n} extensions")
        }
    }
}

/// The protection form.
pub mod protection {
    /// The intro.
    pub const INTRO: &str =
        "Choose how the customer will open the handover file, before any credential exists.";
    /// The modes.
    pub const MODES: [&str; 3] = ["Passphrase", "Generated passphrase", "Public keys"];
    /// Field labels.
    pub const MODE: &str = "Protection";
    /// Passphrase field.
    pub const PASSPHRASE: &str = "Passphrase";
    /// Repeat field.
    pub const REPEAT: &str = "Repeat";
    /// Generated passphrase field.
    pub const GENERATED: &str = "Generated";
    /// Recipient lines field.
    pub const RECIPIENTS: &str = "Public keys";
    /// Recipients file field.
    pub const RECIPIENTS_FILE: &str = "Keys file";
    /// Identity field.
    pub const IDENTITY: &str = "Your key file";
    /// Confirmation field.
    pub const CONFIRM: &str = "No key at hand";
    /// Handover file field.
    pub const FILE: &str = "Handover file";
    /// Hint for the generated passphrase.
    pub const GENERATED_HINT: &str = "Shown on this screen only. Press v to reveal it, write it down and type it back below. It goes to the customer by another channel (a phone call).";
    /// Hint for recipients.
    pub const RECIPIENTS_HINT: &str =
        "Paste age1… or ssh-ed25519/ssh-rsa lines (Enter for a new line), or give a keys file.";
    /// Hint for the identity.
    pub const IDENTITY_HINT: &str = "A private key of one recipient proves the file opens. Without one, press space on the next line to confirm the customer holds a key.";
    /// Confirmation checkbox text.
    pub const CONFIRM_TEXT: &str = "the customer holds a private key for these public keys";
    /// The generated passphrase typed back wrongly.
    pub const TYPE_BACK: &str = "type the generated passphrase back exactly as you wrote it down";
    /// Label of the typed-back passphrase.
    pub const TYPED_BACK: &str = "Type it back";
    /// Passphrases differ.
    pub const MISMATCH: &str = "the two passphrases differ";
    /// Passphrase too short.
    pub const SHORT: &str = "a passphrase needs at least 12 characters";
    /// The fewest characters of a typed passphrase.
    pub const MIN_CHARS: usize = crate::handover::MIN_PASSPHRASE_CHARS;

    /// The live length of the typed passphrase, beside it.
    pub fn length(count: usize) -> String {
        if count >= MIN_CHARS {
            format!(" {count} characters: long enough")
        } else {
            format!(" {count} of at least {MIN_CHARS} characters")
        }
    }
    /// No recipients.
    pub const NO_RECIPIENTS: &str = "give at least one public key or a keys file";
    /// Unproven recipients.
    pub const UNPROVEN: &str =
        "give your key file to prove the handover opens, or confirm the customer holds a key";
    /// The handover file exists.
    pub const EXISTS: &str = "exists: press Enter again to replace it";
    /// Done.
    pub const SEALED: &str = "Handover sealed and proven to open";
}

/// The unlock form.
pub mod unlock {
    /// Intro for a passphrase.
    pub const PASSPHRASE_INTRO: &str = "This site's handover is sealed to a passphrase. Type it to add credentials to the same file.";
    /// Intro for keys.
    pub const KEY_INTRO: &str =
        "This site's handover is sealed to public keys. Give a private key file of one of them.";
    /// Key file label.
    pub const KEY_FILE: &str = "Key file";
    /// Success.
    pub const OPENED: &str = "Handover opened";
    /// A plan without protection (cannot happen once confirmed).
    pub const NO_PROTECTION: &str = "nothing to seal to: confirm the recipients first";

    /// An older record does not say who it is sealed to: both lists, and how to confirm.
    pub fn confirm_site_file_recipients(site_file: &[String]) -> String {
        format!(
            "This handover does not record who it is sealed to (an older file). Handover record: none kept. Site file (anyone can edit it): {}. Press Enter again to re-seal to exactly these keys, or Esc and check the site file.",
            site_file.join(", ")
        )
    }

    /// The site file names other keys than the record: the record's are kept.
    pub fn kept_recorded_recipients(
        recorded: &[crate::handover::Recipient],
        site_file: &[String],
    ) -> String {
        let recorded: Vec<String> = recorded.iter().map(ToString::to_string).collect();
        format!(
            "Handover opened; it stays sealed to the keys its record names ({}), not to the site file's ({})",
            recorded.join(", "),
            site_file.join(", ")
        )
    }
}

/// A handover problem in the wizard's words: what the command line says with its options
/// (`-i`, `--passphrase-file`, `--force`) and type names becomes what to do on this screen.
pub fn handover_problem(e: &crate::handover::HandoverError) -> String {
    use crate::handover::HandoverError as E;
    let file = |p: &std::path::Path| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    match e {
        E::UnprovenRecipients { .. } => protection::UNPROVEN.to_owned(),
        E::NoMatchingIdentity { path, .. } => format!(
            "{}: this key file does not open it; give the private key of one of the public keys it is sealed to",
            file(path)
        ),
        E::IdentityNeeded { path, .. } => format!(
            "{}: it is sealed to public keys; give a private key file, not a passphrase",
            file(path)
        ),
        E::PassphraseNeeded { path } => {
            format!(
                "{}: it is sealed to a passphrase; type the passphrase",
                file(path)
            )
        }
        E::WrongPassphrase { path } => format!("{}: wrong passphrase", file(path)),
        E::OutputExists { path } => format!(
            "{}: a file of this name exists; choose another name",
            file(path)
        ),
        other => other.to_string(),
    }
}

/// The walk.
pub mod walk {
    /// Heading of the why.
    pub const WHY: &str = "Why";
    /// Heading of the procedure.
    pub const PROCEDURE: &str = "Procedure";
    /// Heading of the verify warning.
    pub const VERIFY: &str = "Verify on the system";
    /// The item text goes on below the box.
    pub const MORE_BELOW: &str = " ▼ more below: PgDn ";
    /// The item text is scrolled: there is more above.
    pub const MORE_ABOVE: &str = " ▲ more above: PgUp ";
    /// Heading of the answer.
    pub const ANSWER: &str = "Answer";
    /// Programs label.
    pub const PROGRAMS: &str = "Programs";
    /// Not applicable because of a condition.
    pub const DOES_NOT_APPLY: &str =
        "Does not apply to this site (its condition does not hold). Nothing to do here.";
    /// The status word of an item whose condition does not hold.
    pub const NOT_APPLYING: &str = "does not apply to this site";
    /// Confirm answer.
    pub const CONFIRM: &str = "Apply the setting on the system, then press d to mark it done.";
    /// The confirm line of an item that is not a setting of the phone system (router,
    /// carrier, handover, the dealer's record).
    pub const CONFIRM_STEPS: &str = "When the steps above are done, press d to mark it done.";
    /// How to answer a value that is not being edited.
    pub const VALUE_HINT: &str = "type it, or press e to edit; Enter saves";
    /// Reason prompt for not applicable.
    pub const REASON_NA: &str = "Why is it not applicable?";
    /// Reason prompt for deferred.
    pub const REASON_DEFERRED: &str = "Why is it deferred?";
    /// The question for a probe finding the installer says does not apply.
    pub const REASON_WAIVE: &str = "Why does the probe's finding not apply to this item?";
    /// The question for call-audit alerts the installer says are not fraud.
    pub const REASON_WAIVE_ALERTS: &str =
        "Why are these calls not fraud (the customer's own, approved)?";
    /// After call-audit alerts were waived.
    pub const ALERTS_WAIVED: &str =
        "Recorded why these calls are not fraud (until the next call audit)";
    /// After a finding was waived.
    pub const WAIVED: &str = "Recorded why the finding does not apply (until the next probe)";
    /// Under a failed item's status: how to answer the finding.
    pub const FAILED_HINT: &str = "Fix it on the system and probe again (p), or press w to record why the finding does not apply.";
    /// Under an item a call audit failed.
    pub const FAILED_CALLS_HINT: &str = "The call records show this door used: fix it on the system, then mark the item done again (d), or press w to record why the calls were the customer's own; a later call audit without the alert clears it too.";
    /// Reason missing.
    pub const REASON_REQUIRED: &str = "a reason is required";
    /// Nothing chosen.
    pub const CHOOSE_ONE: &str = "choose an option first (space)";
    /// Credentials missing.
    pub const CREDENTIALS_MISSING: &str = "every row needs its credentials first (g or G)";
    /// A credential item whose targets come from an answer not given yet.
    pub const SOURCE_FIRST: &str = "whom to issue for is not known yet: first give";
    /// Value missing.
    pub const VALUE_MISSING: &str = "enter a value first (e)";
    /// No extension matches.
    pub const NO_EXTENSIONS: &str = "No extension of this site matches.";
    /// A credential table without a target (no holder ticked, no walking ID left, ...).
    pub const NO_TARGETS: &str = "Nothing to issue: no target on this site.";
    /// Not generated.
    pub const NOT_YET: &str = "not generated";
    /// Masked secret.
    pub const MASK: &str = "••••••••";
    /// In a cell whose revealed value is too wide for it: the value is on the line below.
    pub const BELOW: &str = "(below)";
    /// Type-in prompt.
    pub const TYPE_IN: &str = "Type the value (masked; Ctrl+R shows it):";
    /// Weak value confirmation.
    pub const WEAK_AGAIN: &str = "weak: press Enter again to use it anyway, Esc to cancel";
    /// Rejected value.
    pub const REJECTED: &str = "the system would refuse this value";
    /// Copied.
    pub const COPIED: &str =
        "copied to the clipboard (OSC 52); tmux or screen keep a copy in their buffer after exit";
    /// Entropy label.
    pub const BITS: &str = "bits";
    /// Reason label.
    pub const REASON: &str = "Reason";
    /// The table's name for level 0 (prohibited).
    pub const LEVEL_OFF: &str = "off";
    /// The weight label.
    pub const WEIGHT: &str = "weight";
    /// A port answer's label.
    pub const VALUE_PORT: &str = "port (1-65535)";
    /// A text answer's label.
    pub const VALUE_TEXT: &str = "text";
    /// A port out of range.
    pub const PORT_RANGE: &str = "a port is a whole number from 1 to 65535";
    /// An empty text answer.
    pub const TEXT_EMPTY: &str = "type some text first";

    /// A number answer's label.
    pub fn value_number(min: i64, max: i64, unit: Option<&str>) -> String {
        format!("{} ({min}-{max})", unit.unwrap_or("number"))
    }

    /// The "not used" line under a number answer: its mark, key and label.
    pub fn not_used(mark: &str, label: &str) -> String {
        format!("{mark} u: {label}")
    }

    /// A number out of range.
    pub fn number_range(min: i64, max: i64) -> String {
        format!("a whole number from {min} to {max}")
    }

    /// Before the targets of a credential item that still have no credentials.
    pub const MISSING: &str = "Missing";
    /// Before a note the domain gives about a target ("verify on the system ...").
    pub const NOTE: &str = "Note";
}

/// The review and the last screen.
pub mod review {
    /// Score label.
    pub const SCORE: &str = "Score";
    /// Before the targets a credential item still misses.
    pub const MISSING: &str = "missing:";
    /// Done heading.
    pub const DONE: &str = "Done";
    /// Skipped heading.
    pub const SKIPPED: &str = "Skipped";
    /// Pending heading.
    pub const PENDING: &str = "Pending";
    /// Risks heading.
    pub const RISKS: &str = "Risky combinations";
    /// An empty group.
    pub const NONE: &str = "none";
    /// Pending blocks finishing.
    pub const PENDING_BLOCKS: &str =
        "Mark every pending item done, not applicable or deferred before finishing.";
    /// Ready.
    pub const READY: &str =
        "Press Enter to seal the handover a last time, verify it and write the report.";
    /// Not sealed.
    pub const NOT_SEALED: &str =
        "The handover has not been sealed in this session: choose its protection first.";
    /// Report written.
    pub const REPORT: &str = "Report";
    /// Handover.
    pub const HANDOVER: &str = "Handover";
    /// Site file.
    pub const SITE_FILE: &str = "Site file";
    /// What to give with a passphrase.
    pub const GIVE_PASSPHRASE: &str = "Give the customer the handover file. Tell them the passphrase by another channel, e.g. a phone call, never in the same e-mail or on the same stick.";
    /// What to give with keys.
    pub const GIVE_KEYS: &str = "Give the customer the handover file. It opens with their private key: `age -d -i KEY FILE` or `nec-harden handover show FILE -i KEY`.";
    /// The customer's way into a password manager.
    pub const EXPORT: &str = "For their password manager: `nec-harden handover export FILE --kdbx OUT.kdbx` makes a KeePass file from it, with no plaintext copy.";
    /// Keep the record.
    pub const KEEP: &str =
        "Keep the site file and the report as the dealer's record; they hold no secret.";
    /// The review's summary line.
    pub fn summary(
        score: u32,
        band: &str,
        done: usize,
        handled: usize,
        applicable: usize,
    ) -> String {
        format!(
            "{SCORE}: {score}% (band {band})   {done} done, {handled} handled of {applicable} that apply"
        )
    }

    /// The handover line of the last screen.
    pub fn handover_line(file: &str, credentials: usize, state: &str) -> String {
        format!("{file} ({credentials} credentials, {state})")
    }

    /// Sealed and verified.
    pub const VERIFIED: &str = "sealed and verified";
    /// Sealed to keys without a private key at hand.
    pub const UNVERIFIED: &str = "sealed; not test-opened: no private key was at hand";
}

/// The footer's keys: (key, what it does here).
pub mod footer {
    /// A key and what it does.
    pub type Key = (&'static str, &'static str);
    /// `y`: quit.
    pub const QUIT: Key = ("y", "quit");
    /// `n`: stay.
    pub const STAY: Key = ("n", "stay");
    /// `Esc`: close.
    pub const CLOSE: Key = ("Esc", "close");
    /// `↑↓`: field.
    pub const FIELD: Key = ("↑↓", "field");
    /// `←→`: model.
    pub const MODEL: Key = ("←→", "model");
    /// `Enter`: next.
    pub const NEXT: Key = ("Enter", "next");
    /// `Enter`: save label.
    pub const SAVE_LABEL: Key = ("Enter", "save label");
    /// `Esc`: cancel.
    pub const CANCEL: Key = ("Esc", "cancel");
    /// `Enter`: add / continue.
    pub const ADD_CONTINUE: Key = ("Enter", "add / continue");
    /// `Tab`: table.
    pub const TABLE: Key = ("Tab", "table");
    /// `↑↓`: row.
    pub const ROW: Key = ("↑↓", "row");
    /// `space`: in use.
    pub const IN_USE: Key = ("space", "in use");
    /// `t`: type.
    pub const TYPE: Key = ("t", "type");
    /// `m`: mailbox.
    pub const MAILBOX: Key = ("m", "mailbox");
    /// `u`: User Pro.
    pub const USER_PRO: Key = ("u", "User Pro");
    /// `n`: notification.
    pub const NOTIFY: Key = ("n", "notify");
    /// `x`: remove.
    pub const REMOVE: Key = ("x", "remove");
    /// `l`: label.
    pub const LABEL: Key = ("l", "label");
    /// `Tab`: add.
    pub const ADD: Key = ("Tab", "add");
    /// `Enter`: continue.
    pub const CONTINUE: Key = ("Enter", "continue");
    /// `←→`: choose.
    pub const CHOOSE: Key = ("←→", "choose");
    /// `v`: show.
    pub const SHOW: Key = ("v", "show");
    /// `space`: confirm.
    pub const CONFIRM: Key = ("space", "confirm");
    /// `Ctrl+R`: show.
    pub const SHOW_2: Key = ("Ctrl+R", "show");
    /// `Enter`: next / seal.
    pub const NEXT_SEAL: Key = ("Enter", "next / seal");
    /// `Enter`: open.
    pub const OPEN: Key = ("Enter", "open");
    /// `↑↓`: scroll.
    pub const SCROLL: Key = ("↑↓", "scroll");
    /// `Enter`: finish.
    pub const FINISH: Key = ("Enter", "finish");
    /// `Esc`: back.
    pub const BACK: Key = ("Esc", "back");
    /// `F1`: help.
    pub const HELP: Key = ("F1", "help");
    /// `Ctrl+C`: quit.
    pub const QUIT_2: Key = ("Ctrl+C", "quit");
    /// `?`: help.
    pub const HELP_2: Key = ("?", "help");
    /// What help says when the footer had no room for every key.
    pub const MORE: Key = ("?", "more keys");
    /// `q`: quit.
    pub const QUIT_3: Key = ("q", "quit");
    /// `Enter`: save reason.
    pub const SAVE_REASON: Key = ("Enter", "save reason");
    /// `Enter`: save.
    pub const SAVE: Key = ("Enter", "save");
    /// `Enter`: seal.
    pub const SEAL: Key = ("Enter", "seal");
    /// `p`: probe.
    pub const PROBE: Key = ("p", "probe");
    /// `s`: the short SMDR watch.
    pub const SMDR: Key = ("s", "SMDR watch");
    /// `Enter`: start the probe.
    pub const START: Key = ("Enter", "start");
    /// `Esc`: stop waiting.
    pub const STOP: Key = ("Esc", "stop waiting");
    /// `←→`: vantage.
    pub const FROM: Key = ("←→", "from where");
    /// `Tab`: item.
    pub const ITEM: Key = ("Tab", "item");
    /// `↑↓`: move.
    pub const MOVE: Key = ("↑↓", "move");
    /// `space`: choose.
    pub const CHOOSE_2: Key = ("space", "choose");
    /// `↑↓←→`: cell.
    pub const CELL: Key = ("↑↓←→", "cell");
    /// `g/G`: gen.
    pub const GEN: Key = ("g/G", "gen");
    /// `r`: regen.
    pub const REGEN: Key = ("r", "regen");
    /// `l`: the login level.
    pub const LEVEL: Key = ("l", "level");
    /// `e`: type.
    pub const TYPE_2: Key = ("e", "type");
    /// `v`: reveal.
    pub const REVEAL: Key = ("v", "reveal");
    /// `c`: copy.
    pub const COPY: Key = ("c", "copy");
    /// `e`: edit.
    pub const EDIT: Key = ("e", "edit");
    /// `u`: the "not used" answer of a number item.
    pub const NOT_USED: Key = ("u", "not used");
    /// `d`: done.
    pub const DONE: Key = ("d", "done");
    /// `n`: n/a.
    pub const N_A: Key = ("n", "n/a");
    /// `f`: defer.
    pub const DEFER: Key = ("f", "defer");
    /// `E`: extensions.
    pub const EXTENSIONS: Key = ("E", "extensions");
    /// `R`: review.
    pub const REVIEW: Key = ("R", "review");
}

/// The quit confirmation.
pub const QUIT_LOSES: &str =
    "Typed text, or a change the disk refused, will be lost. Quit anyway? (y / n)";

/// The heading of help's first section: the keys of the screen under it, from its key map.
pub const HELP_NOW: &str = "On this screen now";

/// The help sections drawn in the right-hand column.
pub const HELP_RIGHT: [&str; 2] = ["Walk", "Review"];

/// One help section: a screen name and its keys.
pub type HelpSection = (&'static str, &'static [(&'static str, &'static str)]);

/// Every key, by screen (the help overlay).
pub const HELP: &[HelpSection] = &[
    (
        "Everywhere",
        &[
            ("? / F1", "this help (Esc closes)"),
            ("Ctrl+C", "quit (asks if unsaved)"),
            ("q", "quit, when not typing"),
            ("Esc", "close, back or leave"),
        ],
    ),
    (
        "Forms",
        &[
            ("↑ ↓ Tab", "move between fields"),
            ("← →", "change a choice"),
            ("Enter", "next field / continue"),
            ("Ctrl+R", "show / hide typed secret"),
            ("v", "reveal the generated one"),
            ("space", "tick a box"),
        ],
    ),
    (
        "Extensions",
        &[
            ("Enter", "add range / continue"),
            ("Tab", "range line / table"),
            ("↑↓ PgUp PgDn", "move in the table"),
            ("space t", "in use, terminal type"),
            ("m u", "mailbox, User Pro"),
            ("n", "notify: the mailbox calls out on a new message"),
            ("x / l", "remove / label the row"),
            ("Home / End", "first / last row"),
        ],
    ),
    (
        "Walk",
        &[
            ("Tab / S-Tab", "next / previous item"),
            ("↑ ↓ ← →", "move in the answer"),
            ("PgUp / PgDn", "scroll the item text"),
            ("space", "choose option/extension"),
            ("d", "mark done"),
            ("n / f", "n/a / deferred (reason)"),
            ("g / G", "generate row / all empty"),
            ("r", "regenerate the row"),
            ("l", "90-02-03 level of the user"),
            ("e / Enter", "type a value in"),
            ("0-9", "a digit starts a new number"),
            ("u", "not used (if offered)"),
            ("v", "reveal/hide the value"),
            ("c", "copy (tmux keeps a copy)"),
            ("Esc", "cancel typing or reason"),
            ("p", "probe (network items)"),
            ("w", "waive a probe finding or call alerts (reason)"),
            ("s", "SMDR watch (SMDR items)"),
            ("E", "edit the extensions"),
            ("R", "review and finish"),
        ],
    ),
    (
        "Review",
        &[
            ("Enter", "final seal and report"),
            ("Esc", "back to the walk"),
        ],
    ),
];

/// The visit without the customer's key (an addendum) and the dealer profile.
pub mod visit {
    use crate::handover::presence::Presence;

    /// The choice on the first screen of a sealed site.
    pub const WITHOUT: &str = "Continue without it";
    /// What continuing without it means.
    pub const WITHOUT_TEXT: &str = "keeps issued credentials unseen; new ones go to an addendum";
    /// After choosing it.
    pub const CONTINUING: &str =
        "Continuing without the handover: choose how the addendum is sealed";
    /// After the addendum's first seal.
    pub const ADDENDUM_SEALED: &str =
        "Addendum sealed and proven to open: this visit's new credentials go there";
    /// The label of the handover's state.
    pub const STATE: &str = "State";
    /// The label of the choice.
    pub const WITHOUT_LABEL: &str = "Or";
    /// A cell of a credential issued on an earlier visit (sealed elsewhere).
    pub const ISSUED: &str = "issued";
    /// The dealer-keys row.
    pub const DEALER: &str = "Dealer keys";
    /// The hint on the dealer-keys row.
    pub const DEALER_HINT: &str = "The dealer's keys let the dealer prove the file opens and recover a lost copy. It is the customer's choice: space leaves them out of this handover (--no-dealer-keys for a whole run).";
    /// The footer key that turns the dealer's keys on or off.
    pub const TOGGLE: (&str, &str) = ("space", "on/off");
    /// The footer key that leaves the first screen.
    pub const LEAVE: (&str, &str) = ("Esc", "quit");
    /// The dealer keys cannot go beside a passphrase.
    pub const DEALER_PASSPHRASE: &str = "A passphrase handover holds the passphrase alone (age allows nothing beside it): the dealer's keys are not added.";

    /// The handover's state, said without a key.
    pub fn presence(p: &Presence) -> String {
        match p {
            Presence::Present(h) if h.is_passphrase() => {
                "an age file, sealed to a passphrase".into()
            }
            Presence::Present(h) => {
                format!("an age file, sealed to {} key(s)", h.stanza_types.len())
            }
            Presence::Missing => "missing: no file at this path".into(),
            Presence::Unreadable(why) => format!("unreadable: {why}"),
            Presence::Foreign(why) => format!("not a handover: {why}"),
        }
    }

    /// Opening failed: why, and the way on.
    pub fn unlock_failed(why: &str) -> String {
        format!("{why}. Change the path or the key, or continue without it.")
    }

    /// The addendum's intro on the protection screen.
    pub fn addendum_intro(adds_to: &crate::handover::AddsTo) -> String {
        let when = adds_to
            .sealed_at
            .as_ref()
            .map(|t| format!(" (sealed {})", t.date()))
            .unwrap_or_default();
        format!(
            "Addendum to {}{when}: this visit's new credentials are sealed here. Proposed: the keys the customer's handover was sealed to, from the site file; check them, or choose another protection.",
            adds_to.file
        )
    }

    /// The dealer-keys row.
    pub fn dealer(on: bool, dealer: &str, keys: usize) -> String {
        let mark = if on { "[x]" } else { "[ ]" };
        let whose = if dealer.is_empty() {
            "the dealer's".to_owned()
        } else {
            format!("{dealer}'s")
        };
        format!("{mark} also {whose} {keys} key(s), from the profile")
    }

    /// A profile that could not be used.
    pub fn bad_profile(why: &str) -> String {
        format!("Profile not used: {why}")
    }
}

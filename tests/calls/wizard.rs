//! The wizard's short SMDR watch end to end: the real binary in tmux on a sealed site, `s` on
//! the SMDR item against the fake SMDR server on loopback with a planted voicemail-port call;
//! the verdict on screen, then `[calls.last_audit]` in the site file and the InMail item
//! failed (measured) through the one status.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use nec_harden::coverage::{ItemStatus, item_status};
use nec_harden::site::SiteFile;

use super::generator::{Generator, MANUAL, file};
use super::server::{Step, fraud, serve};
use crate::support::{self, Tmux};

/// Tabs through the walk until the pane offers the SMDR watch (the SMDR items only).
fn tab_to_smdr_item(t: &Tmux) {
    for _ in 0..80 {
        let before = t.screen();
        if before.contains("s SMDR watch") {
            return;
        }
        t.send(&["Tab"], false);
        t.wait_until("the next item", |screen| screen != before);
    }
    panic!("no item offers the SMDR watch:\n{}", t.screen());
}

#[test]
fn s_on_the_smdr_item_watches_the_backlog_records_it_and_fails_the_inmail_item() {
    if !support::tools_available(&["tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site.toml");
    fs::copy(
        support::example_site(dir.path(), "small-office.toml"),
        &site,
    )
    .unwrap();
    support::seal_to_fixture(&site);
    let mut records = Generator::new(5).office(5, 10);
    records.push(fraud());
    let server = serve(vec![vec![
        Step::Send(file(&records, MANUAL).into_bytes()),
        Step::HoldUntilClosed,
    ]]);

    let t = Tmux::start_raw(
        &format!(
            "cd '{}' && '{}' site.toml; sleep 60",
            dir.path().display(),
            support::bin().display()
        ),
        120,
        40,
    );
    t.wait_for_text("Open the handover", 1);
    t.send(
        &[&support::fixture_identity().0.display().to_string()],
        true,
    );
    t.send(&["Enter"], false);
    t.wait_for_text("Handover opened", 1);
    tab_to_smdr_item(&t);
    t.wait_for_text("no call audit yet", 1);
    t.send(&["s"], false);
    t.wait_for_text("60010 if none is given", 1);
    t.send(&[&format!("127.0.0.1:{}", server.port)], true);
    t.send(&["Enter"], false);
    // The backlog's verdict beside the item, once the stream went quiet.
    t.wait_for_text("SMDR watch recorded", 1);
    t.wait_for_text("voicemail-port → inmail-trunk-access", 1);
    server.done.join().unwrap();

    // The save follows the frame: wait for it, bounded.
    let deadline = Instant::now() + Duration::from_secs(20);
    let saved = loop {
        let text = fs::read_to_string(&site).unwrap();
        if text.contains("[calls.last_audit]") {
            break text;
        }
        assert!(Instant::now() < deadline, "not saved:\n{text}");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        saved.contains(&format!("source = \"watch of 127.0.0.1:{}\"", server.port)),
        "{saved}"
    );
    assert!(saved.contains("rule = \"voicemail-port\""), "{saved}");
    assert!(!saved.contains("882123456789"), "a number in the site file");
    let (site_file, checklist) = SiteFile::load(Path::new(&site), None).unwrap();
    let item = checklist.item("inmail-trunk-access").unwrap();
    let status = item_status(&checklist, &site_file, item);
    assert!(matches!(status, ItemStatus::Failed { .. }), "{status:?}");
    assert!(
        status.findings()[0]
            .text
            .contains("outside calls placed by the voicemail ports"),
        "{status:?}"
    );
}

//! On a terminal, `probe` without `--from` asks where it runs from, and records the answer.

use std::path::Path;

use super::fixtures::{bin, free_port, tool_available};
use crate::support::Tmux;

fn quoted(path: &Path) -> String {
    format!("'{}'", path.display())
}

#[test]
fn asks_where_it_runs_from_and_records_the_answer() {
    if !tool_available("tmux", "tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let command = format!(
        "{} probe 127.0.0.1 --ports {} --timeout-ms 300 > {}; echo EXIT=$?; sleep 60",
        quoted(&bin()),
        free_port(),
        quoted(&out)
    );
    let tmux = Tmux::start_raw(&command, 200, 30);
    tmux.wait_for_text("[outside/inside]", 1);
    tmux.type_line("outside");
    let screen = tmux.wait_until("the exit line", |s| s.contains("EXIT="));
    assert!(screen.contains("EXIT=0"), "{screen}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("from outside"), "{text}");
    assert!(
        !text.contains("Note:"),
        "no vantage note from outside: {text}"
    );
}

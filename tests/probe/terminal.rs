//! On a terminal, `probe` without `--from` asks where it runs from, and records the answer.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::fixtures::{bin, free_port, tool_available};

/// A tmux server on its own socket, killed when dropped.
struct Tmux {
    socket: std::path::PathBuf,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap()
    }

    /// Polls the pane until it shows `text`, within a deadline.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen =
                String::from_utf8_lossy(&self.run(&["capture-pane", "-p"]).stdout).into_owned();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "no {text:?} on screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

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
    let tmux = Tmux {
        socket: dir.path().join("tmux.sock"),
    };
    let command = format!(
        "{} probe 127.0.0.1 --ports {} --timeout-ms 300 > {}; echo EXIT=$?; sleep 60",
        quoted(&bin()),
        free_port(),
        quoted(&out)
    );
    tmux.run(&["new-session", "-d", "-x", "200", "-y", "30", &command]);
    tmux.wait_for("[outside/inside]");
    tmux.run(&["send-keys", "-l", "outside"]);
    tmux.run(&["send-keys", "Enter"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("from outside"), "{text}");
    assert!(
        !text.contains("Note:"),
        "no vantage note from outside: {text}"
    );
}

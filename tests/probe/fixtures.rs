//! Loopback servers for the probe tests: Kamailio in a temporary folder, free ports, and the
//! "tool missing" notice.

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nec_harden::probe::{Transport, sip};

/// Loopback, the only address these tests send to.
pub const LOOPBACK: Ipv4Addr = Ipv4Addr::LOCALHOST;

/// A short timeout: loopback answers in microseconds.
pub const TIMEOUT: Duration = Duration::from_millis(300);

/// Whether `program` is on the PATH; prints a visible notice when not, and fails under CI.
pub fn tool_available(program: &str, what: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()));
    if !found {
        let notice = format!("SKIPPED: {what} not installed (`{program}` is not on the PATH)");
        // Straight to stderr, past the test harness's capture, so the skip is seen.
        let _ = writeln!(std::io::stderr(), "{notice}");
        assert!(std::env::var_os("CI").is_none(), "{notice}, and CI is set");
    }
    found
}

/// A loopback port free for both UDP and TCP at the time of the call.
pub fn free_port() -> u16 {
    loop {
        let tcp = TcpListener::bind((LOOPBACK, 0)).unwrap();
        let port = tcp.local_addr().unwrap().port();
        if UdpSocket::bind((LOOPBACK, port)).is_ok() {
            return port;
        }
    }
}

/// A Kamailio registrar on a loopback port, stopped (with its children) when dropped.
pub struct Kamailio {
    /// The port it listens on (UDP and TCP).
    pub port: u16,
    child: Child,
    dir: tempfile::TempDir,
}

/// The configuration: OPTIONS answered 200; REGISTER challenged (`WITH_AUTH`) or saved.
const CONFIG: &str = r#"#!KAMAILIO
debug=1
log_stderror=yes
children=1
tcp_children=1
listen=udp:127.0.0.1:PORT
listen=tcp:127.0.0.1:PORT
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if ($rm == "OPTIONS") { sl_send_reply("200", "OK"); exit; }
  if ($rm == "REGISTER") {
#!ifdef WITH_AUTH
    www_challenge("probe.test", "0");
#!else
    if (!save("location")) { sl_reply_error(); }
#!endif
    exit;
  }
  sl_send_reply("405", "Method Not Allowed");
}
"#;

impl Kamailio {
    /// Starts Kamailio in the foreground on a free loopback port and waits (polling, with a
    /// deadline) until it answers OPTIONS over UDP and TCP. A port taken by another test
    /// between choosing and binding it makes Kamailio exit: then it starts again on another.
    pub fn start(with_auth: bool) -> Kamailio {
        let mut last = String::new();
        for _ in 0..3 {
            match Self::try_start(with_auth) {
                Ok(k) => return k,
                Err(log) => last = log,
            }
        }
        panic!("kamailio did not come up in three tries; its last log:\n{last}");
    }

    fn try_start(with_auth: bool) -> Result<Kamailio, String> {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let config = dir.path().join("kamailio.cfg");
        std::fs::write(&config, CONFIG.replace("PORT", &port.to_string())).unwrap();
        let mut command = Command::new("kamailio");
        command
            .arg("-f")
            .arg(&config)
            .args(["-DD", "-E"])
            .arg("-Y")
            .arg(dir.path())
            .arg("-w")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("kamailio.log")).unwrap())
            // Its own process group, so that stopping it stops its children too.
            .process_group(0);
        if with_auth {
            command.args(["-A", "WITH_AUTH"]);
        }
        let child = command.spawn().expect("kamailio starts");
        let mut kamailio = Kamailio { port, child, dir };
        if kamailio.wait_ready() {
            Ok(kamailio)
        } else {
            Err(kamailio.log())
        }
    }

    /// The SIP address.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from((LOOPBACK, self.port))
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("kamailio.log")).unwrap_or_default()
    }

    /// Whether it answers over UDP and TCP before the deadline (false at once if it exited).
    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(20);
        for transport in [Transport::Udp, Transport::Tcp] {
            loop {
                let found = sip::options(self.addr(), transport, Duration::from_millis(200));
                if found.answer.is_some() {
                    break;
                }
                if Instant::now() >= deadline || matches!(self.child.try_wait(), Ok(Some(_))) {
                    return false;
                }
            }
        }
        true
    }
}

impl Drop for Kamailio {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

pub use crate::support::bin;

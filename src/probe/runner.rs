//! Running a plan: resolve the host, probe every port on a few std threads, REGISTER once on
//! each SIP port that answered, judge, and report progress to a callback on the caller's thread.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use super::model::{PortResult, ProbeReport, Transport, Vantage};
use super::plan::{Plan, Target};
use super::sip::{self, message::made_up_extension};
use super::{tcp, verdict};
use crate::site::Timestamp;

/// The default answer timeout, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 1500;
/// How many probes run at once.
const WORKERS: usize = 8;

/// Why a probe could not start.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// HOST is empty, or has a port or spaces in it.
    #[error("host `{0}`: give a name or an address without a port (ports go in --ports)")]
    BadHost(String),
    /// HOST did not resolve.
    #[error("host `{host}` does not resolve: {source}")]
    Resolve {
        /// The host as given.
        host: String,
        /// The resolver's error.
        source: std::io::Error,
    },
    /// HOST resolved to no address.
    #[error("host `{0}` resolves to no address")]
    NoAddress(String),
}

/// How a probe runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOptions {
    /// How long to wait for a connection or an answer on each port.
    pub timeout: Duration,
    /// Where the probe runs from.
    pub vantage: Vantage,
    /// Extension numbers the made-up REGISTER extension must not be (the site's own).
    pub avoid_extensions: Vec<String>,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
            vantage: Vantage::Unknown,
            avoid_extensions: Vec::new(),
        }
    }
}

/// A progress report, delivered on the thread that called [`Probe::run`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Steps finished.
    pub done: usize,
    /// Steps in all (ports x transports, then REGISTERs).
    pub total: usize,
    /// What just finished (`5080/udp`).
    pub step: String,
}

/// Resolves HOST (a name, an IPv4 address, or an IPv6 address with or without brackets) with
/// the system resolver; the first address wins.
///
/// # Errors
/// [`ProbeError::BadHost`], [`ProbeError::Resolve`] or [`ProbeError::NoAddress`].
pub fn resolve(host: &str) -> Result<IpAddr, ProbeError> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        // Brackets are only for IPv6 literals.
        return inner
            .parse::<std::net::Ipv6Addr>()
            .map(IpAddr::V6)
            .map_err(|_| ProbeError::BadHost(host.to_owned()));
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(ip);
    }
    if host.is_empty()
        || host.contains([':', '/', ' ', '[', ']'])
        || host.chars().any(char::is_control)
    {
        return Err(ProbeError::BadHost(host.to_owned()));
    }
    let mut addrs = (host, 0u16)
        .to_socket_addrs()
        .map_err(|source| ProbeError::Resolve {
            host: host.to_owned(),
            source,
        })?;
    addrs
        .next()
        .map(|a| a.ip())
        .ok_or_else(|| ProbeError::NoAddress(host.to_owned()))
}

/// A probe of one host, ready to run.
#[derive(Debug, Clone)]
pub struct Probe {
    host: String,
    address: IpAddr,
    plan: Plan,
    options: ProbeOptions,
}

/// One unit of work of the first pass.
#[derive(Debug, Clone, Copy)]
struct Step {
    target: Target,
    transport: Transport,
}

impl Probe {
    /// Resolves `host` and prepares the plan.
    ///
    /// # Errors
    /// See [`resolve`].
    pub fn new(host: &str, plan: Plan, options: ProbeOptions) -> Result<Probe, ProbeError> {
        Ok(Probe {
            host: host.to_owned(),
            address: resolve(host)?,
            plan,
            options,
        })
    }

    /// Sets where the probe runs from (after the host resolved, so a bad host is reported
    /// before anyone is asked).
    pub fn set_vantage(&mut self, vantage: Vantage) {
        self.options.vantage = vantage;
    }

    /// The address that will be probed.
    pub fn address(&self) -> IpAddr {
        self.address
    }

    fn first_pass(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        for target in &self.plan.targets {
            let transports: &[Transport] = if target.is_sip() {
                &[Transport::Udp, Transport::Tcp]
            } else {
                &[Transport::Tcp]
            };
            for transport in transports {
                steps.push(Step {
                    target: *target,
                    transport: *transport,
                });
            }
        }
        steps
    }

    fn probe_step(&self, step: Step) -> PortResult {
        let remote = SocketAddr::new(self.address, step.target.port);
        let timeout = self.options.timeout;
        let mut result = PortResult {
            port: step.target.port,
            system_port: step.target.system_port,
            role: step.target.role,
            transport: step.transport,
            state: super::PortState::NoAnswer,
            elapsed_ms: 0,
            sip: None,
            register: None,
        };
        if step.target.is_sip() {
            let found = sip::options(remote, step.transport, timeout);
            result.state = found.state;
            result.elapsed_ms = millis(found.elapsed);
            result.sip = found.answer;
        } else {
            let (state, elapsed) = tcp::probe(remote, timeout);
            result.state = state;
            result.elapsed_ms = millis(elapsed);
        }
        result
    }

    /// Runs `work` over `items` on up to [`WORKERS`] threads, calling `progress` on this thread
    /// as each finishes; results come back in item order.
    fn parallel<T: Send + Sync, R: Send>(
        items: &[T],
        work: impl Fn(&T) -> (R, String) + Sync,
        mut progress: impl FnMut(String),
    ) -> Vec<R> {
        let next = Mutex::new(0usize);
        let (tx, rx) = mpsc::channel::<(usize, R, String)>();
        let mut results: Vec<Option<R>> = items.iter().map(|_| None).collect();
        std::thread::scope(|scope| {
            for _ in 0..WORKERS.min(items.len()) {
                let tx = tx.clone();
                let (next, work) = (&next, &work);
                scope.spawn(move || {
                    loop {
                        let index = {
                            let mut guard = next
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner);
                            let index = *guard;
                            *guard += 1;
                            index
                        };
                        let Some(item) = items.get(index) else { break };
                        let (result, step) = work(item);
                        if tx.send((index, result, step)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            for (index, result, step) in rx {
                results[index] = Some(result);
                progress(step);
            }
        });
        results.into_iter().flatten().collect()
    }

    /// Runs the probe: every port of the plan, then one REGISTER on each SIP port that answered
    /// (over UDP if it answered there, else TCP). `progress` is called on this thread after each
    /// step. The run takes at most a few timeouts, whatever the far end does.
    pub fn run(&self, mut progress: impl FnMut(&Progress)) -> ProbeReport {
        let at = Timestamp::now();
        let steps = self.first_pass();
        let register_targets: Vec<&Target> = self.plan.sip_targets().collect();
        let total = steps.len() + register_targets.len();
        let mut done = 0;
        let mut report_step = |step: String| {
            done += 1;
            progress(&Progress { done, total, step });
        };
        let mut results = Self::parallel(
            &steps,
            |step| {
                let result = self.probe_step(*step);
                let name = result.name();
                (result, name)
            },
            &mut report_step,
        );
        // The second pass: one REGISTER per SIP port that answered SIP, on its best transport.
        let extension = made_up_extension(&self.options.avoid_extensions);
        let chosen: Vec<usize> = register_targets
            .iter()
            .filter_map(|target| {
                let candidates = results.iter().enumerate().filter(|(_, r)| {
                    r.port == target.port && r.role == target.role && r.answered_sip()
                });
                let mut best = None;
                for (i, r) in candidates {
                    if best.is_none() || r.transport == Transport::Udp {
                        best = Some(i);
                    }
                }
                if best.is_none() {
                    report_step(format!("{} (no REGISTER)", target.port));
                }
                best
            })
            .collect();
        let registers = Self::parallel(
            &chosen,
            |index| {
                let r = &results[*index];
                let remote = SocketAddr::new(self.address, r.port);
                let outcome = sip::register(remote, r.transport, self.options.timeout, &extension);
                (outcome, format!("{} REGISTER", r.name()))
            },
            &mut report_step,
        );
        for (index, register) in chosen.iter().zip(registers) {
            results[*index].register = Some(register);
        }
        let findings = verdict::judge(&results, self.options.vantage, &self.plan.site);
        ProbeReport {
            at,
            host: self.host.clone(),
            address: self.address.to_string(),
            vantage: self.options.vantage,
            timeout_ms: millis(self.options.timeout),
            ports: results,
            findings,
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::SiteContext;

    #[test]
    fn hosts_with_ports_or_junk_are_refused_before_any_lookup() {
        for host in [
            "",
            "127.0.0.1:80",
            "pbx.example.net:5060",
            "a b",
            "x/y",
            "[pbx]",
            "a\u{7}b",
        ] {
            assert!(
                matches!(resolve(host), Err(ProbeError::BadHost(_))),
                "{host:?}"
            );
        }
        let err = resolve("127.0.0.1:80").unwrap_err().to_string();
        assert!(err.contains("--ports"), "{err}");
    }

    #[test]
    fn addresses_resolve_without_the_resolver() {
        assert_eq!(resolve("127.0.0.1").unwrap(), IpAddr::from([127, 0, 0, 1]));
        assert_eq!(resolve("[::1]").unwrap(), "::1".parse::<IpAddr>().unwrap());
        assert_eq!(resolve("::1").unwrap(), "::1".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn the_first_pass_tries_admin_ports_once_and_sip_ports_on_both_transports() {
        let plan = Plan::defaults(SiteContext::default());
        let probe = Probe::new("127.0.0.1", plan, ProbeOptions::default()).unwrap();
        // 3 admin ports, and 3 SIP ports x (UDP, TCP).
        assert_eq!(probe.first_pass().len(), 3 + 6);
    }
}

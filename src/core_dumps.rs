//! Core dumps off for the whole process, first thing in `main`.
//!
//! The wizard and `replay` hold every new credential in memory; an abort (a panic with
//! `panic = "abort"`, a signal) with `ulimit -c unlimited` would write them all to a core file
//! in plain text. So the core size limit is set to 0 and, on Linux, the process is marked not
//! dumpable (which also keeps other users' debuggers and `/proc/PID/mem` away). `rustix` makes
//! the two system calls without any `unsafe` of ours.

/// Turns core dumps off. Best effort: a failure (a sandbox refusing `prctl`) is not a reason
/// to refuse to run, and there is no secret yet to protect.
pub fn disable() {
    #[cfg(unix)]
    {
        let zero = rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        let _ = rustix::process::setrlimit(rustix::process::Resource::Core, zero);
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}

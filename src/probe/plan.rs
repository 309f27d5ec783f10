//! Which ports to probe: the defaults, the 90-54 ports from the site file, and `--ports`.
//!
//! `--ports` syntax: a comma-separated list of entries, each `[tcp:|sip:]PORT[=SYSTEM_PORT]`.
//! A bare number or `tcp:` is an admin port (TCP connect only); `sip:` is a SIP port (OPTIONS
//! over UDP and TCP, then one REGISTER). `=SYSTEM_PORT` says which port of the phone system the
//! router forwards it to (`sip:15080=5080`), so verdicts know what it is. A list starting with
//! `+` extends the default list; otherwise it replaces it.

use crate::site::{Answer, SiteFile};

use super::model::Role;

/// The factory WebPro port.
pub const WEBPRO_PORT: u16 = 80;
/// The factory PCPro port.
pub const PCPRO_PORT: u16 = 8000;
/// The DIMM port.
pub const DIMM_PORT: u16 = 5963;
/// The SIP ports: trunks, third-party SIP phones, NEC SIP phones.
pub const SIP_PORTS: [u16; 3] = [5060, 5070, 5080];

/// What the site file says about ports and forwards; everything optional (no site file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteContext {
    /// The WebPro port issued for 90-54-01 (`webpro-port`), if any.
    pub webpro_port: Option<u16>,
    /// The PCPro port issued for 90-54-02 (`pcpro-port`), if any.
    pub pcpro_port: Option<u16>,
    /// The `remote-maintenance` choice, when answered.
    pub remote_maintenance: Option<Vec<String>>,
    /// The SIP ports `sip-ports-forwarded` says stay forwarded, when answered.
    pub sip_forwarded: Option<Vec<u16>>,
}

impl SiteContext {
    /// Reads the facts the probe needs from a site file.
    pub fn from_site(site: &SiteFile) -> SiteContext {
        let issued_port = |item: &str| match site.answer(item) {
            Some(Answer::Credentials { issued }) => issued.iter().find_map(|c| c.port),
            _ => None,
        };
        let choice = |item: &str| match site.answer(item) {
            Some(Answer::Choice { selected }) => Some(selected.clone()),
            _ => None,
        };
        SiteContext {
            webpro_port: issued_port("webpro-port"),
            pcpro_port: issued_port("pcpro-port"),
            remote_maintenance: choice("remote-maintenance"),
            sip_forwarded: choice("sip-ports-forwarded")
                .map(|ids| ids.iter().filter_map(|id| id.parse().ok()).collect()),
        }
    }

    /// Whether remote maintenance was chosen for `option` (`webpro` or `pcpro`).
    pub fn remote_maintenance_for(&self, option: &str) -> bool {
        self.remote_maintenance
            .as_ref()
            .is_some_and(|chosen| chosen.iter().any(|c| c == option))
    }

    /// What an admin (TCP) port on the phone system is.
    pub fn admin_role(&self, system_port: u16) -> Role {
        if Some(system_port) == self.webpro_port {
            Role::WebproMoved
        } else if Some(system_port) == self.pcpro_port {
            Role::PcproMoved
        } else {
            match system_port {
                WEBPRO_PORT => Role::Webpro,
                PCPRO_PORT => Role::Pcpro,
                DIMM_PORT => Role::Dimm,
                _ => Role::OtherTcp,
            }
        }
    }
}

/// One port to probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Target {
    /// The port probed on the host.
    pub port: u16,
    /// The phone system's port behind it, when the router maps ports.
    pub system_port: Option<u16>,
    /// What it stands for ([`Role::Sip`] for SIP ports).
    pub role: Role,
}

impl Target {
    /// Whether this is a SIP target.
    pub fn is_sip(&self) -> bool {
        self.role == Role::Sip
    }
}

/// The ports one probe run covers, in order, without duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The targets.
    pub targets: Vec<Target>,
    /// The site facts the verdicts use.
    pub site: SiteContext,
}

/// Why a `--ports` list could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "--ports entry `{entry}`: {why} (expected e.g. `80,8000,tcp:8443,sip:5060,sip:15080=5080`)"
)]
pub struct PortsError {
    /// The entry as written.
    pub entry: String,
    /// What is wrong with it.
    pub why: &'static str,
}

/// One parsed `--ports` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    sip: bool,
    port: u16,
    system_port: Option<u16>,
}

fn parse_port(text: &str) -> Option<u16> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|p| *p != 0)
}

fn parse_entry(entry: &str) -> Result<Entry, PortsError> {
    let bad = |why| PortsError {
        entry: entry.to_owned(),
        why,
    };
    let (sip, rest) = match entry.split_once(':') {
        Some((kind, rest)) => match kind.trim().to_ascii_lowercase().as_str() {
            "tcp" => (false, rest),
            "sip" => (true, rest),
            _ => return Err(bad("the kind must be `tcp` or `sip`")),
        },
        None => (false, entry),
    };
    let (port, system) = match rest.split_once('=') {
        Some((port, system)) => (port.trim(), Some(system.trim())),
        None => (rest.trim(), None),
    };
    let port = parse_port(port).ok_or_else(|| bad("a port is a number from 1 to 65535"))?;
    let system_port = match system {
        Some(text) => {
            Some(parse_port(text).ok_or_else(|| bad("a system port is a number from 1 to 65535"))?)
        }
        None => None,
    };
    Ok(Entry {
        sip,
        port,
        system_port,
    })
}

impl Plan {
    /// The default plan: 80, 8000, 5963 and the 90-54 ports of the site, then SIP 5060, 5070, 5080.
    pub fn defaults(site: SiteContext) -> Plan {
        let mut plan = Plan {
            targets: Vec::new(),
            site,
        };
        let admin = [
            Some(WEBPRO_PORT),
            Some(PCPRO_PORT),
            Some(DIMM_PORT),
            plan.site.webpro_port,
            plan.site.pcpro_port,
        ];
        for port in admin.into_iter().flatten() {
            plan.push(Entry {
                sip: false,
                port,
                system_port: None,
            });
        }
        for port in SIP_PORTS {
            plan.push(Entry {
                sip: true,
                port,
                system_port: None,
            });
        }
        plan
    }

    /// The plan for a `--ports` list (see the module docs for the syntax).
    ///
    /// # Errors
    /// [`PortsError`] naming the first entry that is empty, of an unknown kind or not a port.
    pub fn with_ports(list: &str, site: SiteContext) -> Result<Plan, PortsError> {
        let trimmed = list.trim();
        let (extend, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut plan = if extend {
            Plan::defaults(site)
        } else {
            Plan {
                targets: Vec::new(),
                site,
            }
        };
        for entry in rest.split(',') {
            if entry.trim().is_empty() {
                return Err(PortsError {
                    entry: list.to_owned(),
                    why: "an entry is empty",
                });
            }
            plan.push(parse_entry(entry.trim())?);
        }
        Ok(plan)
    }

    fn push(&mut self, entry: Entry) {
        let role = if entry.sip {
            Role::Sip
        } else {
            self.site
                .admin_role(entry.system_port.unwrap_or(entry.port))
        };
        let target = Target {
            port: entry.port,
            system_port: entry.system_port,
            role,
        };
        let same_kind = |t: &Target| t.port == target.port && t.is_sip() == target.is_sip();
        if !self.targets.iter().any(same_kind) {
            self.targets.push(target);
        }
    }

    /// The SIP targets.
    pub fn sip_targets(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| t.is_sip())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ports(plan: &Plan) -> Vec<(u16, Role)> {
        plan.targets.iter().map(|t| (t.port, t.role)).collect()
    }

    #[test]
    fn site_facts_come_from_the_site_file() {
        let list = crate::checklist::builtin(crate::nec::Model::Sl2100);
        let site = SiteFile::parse(
            include_str!("../../checklists/examples/full-128.toml"),
            "full",
            &list,
        )
        .unwrap();
        let context = SiteContext::from_site(&site);
        assert_eq!(context.webpro_port, Some(28417));
        assert_eq!(context.pcpro_port, None);
        assert!(context.remote_maintenance_for("webpro"));
        assert!(!context.remote_maintenance_for("pcpro"));
        assert_eq!(context.admin_role(28417), Role::WebproMoved);
        let plan = Plan::defaults(context);
        assert!(ports(&plan).contains(&(28417, Role::WebproMoved)));
        assert_eq!(plan.site.sip_forwarded, Some(vec![5060, 5070, 5080]));
    }

    #[test]
    fn defaults_cover_admin_and_sip_ports() {
        let plan = Plan::defaults(SiteContext::default());
        assert_eq!(
            ports(&plan),
            [
                (80, Role::Webpro),
                (8000, Role::Pcpro),
                (5963, Role::Dimm),
                (5060, Role::Sip),
                (5070, Role::Sip),
                (5080, Role::Sip)
            ]
        );
    }

    #[test]
    fn site_moved_ports_join_the_defaults() {
        let site = SiteContext {
            webpro_port: Some(18443),
            pcpro_port: Some(28000),
            ..SiteContext::default()
        };
        let plan = Plan::defaults(site);
        assert!(ports(&plan).contains(&(18443, Role::WebproMoved)));
        assert!(ports(&plan).contains(&(28000, Role::PcproMoved)));
    }

    #[test]
    fn a_list_replaces_and_a_plus_extends() {
        let plan =
            Plan::with_ports("80, tcp:8443 ,sip:25060=5080", SiteContext::default()).unwrap();
        assert_eq!(
            ports(&plan),
            [
                (80, Role::Webpro),
                (8443, Role::OtherTcp),
                (25060, Role::Sip)
            ]
        );
        assert_eq!(plan.targets[2].system_port, Some(5080));
        let plan = Plan::with_ports("+tcp:18000=8000", SiteContext::default()).unwrap();
        assert_eq!(plan.targets.len(), 7);
        assert_eq!(plan.targets[6].role, Role::Pcpro);
    }

    #[test]
    fn duplicates_are_dropped_but_tcp_and_sip_on_one_port_are_two_targets() {
        let plan = Plan::with_ports("80,80,tcp:80,sip:80", SiteContext::default()).unwrap();
        assert_eq!(ports(&plan), [(80, Role::Webpro), (80, Role::Sip)]);
    }

    #[test]
    fn bad_entries_are_named() {
        for (list, entry) in [
            ("", ""),
            ("80,,81", "80,,81"),
            ("0", "0"),
            ("65536", "65536"),
            ("udp:53", "udp:53"),
            ("sip:", "sip:"),
            ("sip:5060=x", "sip:5060=x"),
            ("-1", "-1"),
            ("+", "+"),
        ] {
            let err = Plan::with_ports(list, SiteContext::default()).unwrap_err();
            assert_eq!(err.entry, entry, "{list}");
            assert!(err.to_string().starts_with("--ports entry"), "{err}");
        }
    }
}

//! Fresh credentials for a replay, and the site-file records of their issue.

use rand::CryptoRng;

use crate::checklist::Checklist;
use crate::coverage::issuer::{self, Issuer};
use crate::coverage::targets::{item_targets, wants_credentials};
use crate::handover::{AdminPorts, Credential, HandoverRecord, SiteInfo};
use crate::secrets::{GenError, Generator};
use crate::site::{Answer, EditError, IssuedCredential, SiteFile, Status, Timestamp};

/// Why a replay could not issue or record credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// The rules engine could not generate a value (a context that leaves none).
    #[error("item `{item}`: {source}")]
    Generate {
        /// The item id.
        item: String,
        /// The generator's reason.
        source: GenError,
    },
    /// The site file refused the update.
    #[error(transparent)]
    Edit(#[from] EditError),
}

/// Freshly generated credentials: the handover record's entries and, per item, the
/// non-secret facts of their issue for the site file.
#[derive(Debug)]
pub struct FreshCredentials {
    /// Every credential, in checklist order.
    pub credentials: Vec<Credential>,
    /// Per credential item: which targets got a credential (no secret).
    pub issued: Vec<(String, Vec<IssuedCredential>)>,
    /// The new 90-54 ports, when the items apply.
    pub admin_ports: AdminPorts,
}

/// Generates fresh credentials for every target of every credential item that applies to
/// `site` and is not marked not applicable ([`crate::coverage::site_targets`]), through the
/// one issuer the wizard uses too. Every value is unique within the record and accepted as
/// `ok` by the rules engine for its kind and extension.
///
/// # Errors
/// [`ReplayError::Generate`] if an item's rules leave no value to draw.
pub fn issue<R: CryptoRng + ?Sized>(
    checklist: &Checklist,
    site: &SiteFile,
    now: &Timestamp,
    rng: &mut R,
) -> Result<FreshCredentials, ReplayError> {
    let mut out = FreshCredentials {
        credentials: Vec::new(),
        issued: Vec::new(),
        admin_ports: AdminPorts::default(),
    };
    let mut drawer = Issuer::new();
    let mut draw = |g: &Generator<'_>| g.draw(rng);
    for item in checklist.items() {
        if !wants_credentials(checklist, site, item) {
            continue;
        }
        let mut issued = Vec::new();
        for target in item_targets(item, site) {
            let entries = drawer
                .issue(&target, &mut draw)
                .map_err(|e| ReplayError::Generate {
                    item: item.id.clone(),
                    source: e.source,
                })?;
            issued.push(issuer::issued(&target, &entries, now));
            out.credentials.extend(entries);
        }
        out.issued.push((item.id.clone(), issued));
    }
    out.admin_ports = issuer::admin_ports(&out.credentials);
    Ok(out)
}

impl FreshCredentials {
    /// The handover record for `site` holding these credentials. Its public facts (ports, the
    /// items done) are those of the site file as [`FreshCredentials::apply`] leaves it, so the
    /// record's `[checklist] done` matches the site file the replay writes.
    ///
    /// # Errors
    /// [`ReplayError::Edit`] if the site file would refuse the update.
    pub fn record(
        &self,
        checklist: &Checklist,
        site: &SiteFile,
    ) -> Result<HandoverRecord, ReplayError> {
        let mut after = site.clone();
        let now = site.site.updated.clone();
        self.apply(checklist, &mut after, &now)?;
        let mut record = HandoverRecord::new(SiteInfo {
            name: site.site.name.clone(),
            customer: site.site.customer.clone(),
            model: site.site.model,
            installer: site.site.installer.clone(),
        });
        record.credentials.clone_from(&self.credentials);
        issuer::fill_facts(&mut record, checklist, &after);
        Ok(record)
    }

    /// Records the issue in the site file: each credential item gets its new issue list and
    /// goes back to pending (the new values still have to be keyed in). No secret is written.
    ///
    /// # Errors
    /// [`ReplayError::Edit`] if the site file refuses an update (it is then partly updated in
    /// memory only; the caller saves nothing).
    pub fn apply(
        &self,
        checklist: &Checklist,
        site: &mut SiteFile,
        now: &Timestamp,
    ) -> Result<(), ReplayError> {
        for (item, issued) in &self.issued {
            site.set_answer(
                checklist,
                item,
                Answer::Credentials {
                    issued: issued.clone(),
                },
                now,
            )?;
            site.set_status(checklist, item, Status::Pending, None, now)?;
        }
        Ok(())
    }
}

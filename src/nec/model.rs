//! The two supported systems and what differs between them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A supported NEC system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// UNIVERGE SL2100.
    Sl2100,
    /// SL1100.
    Sl1100,
}

/// A factory login of Program 90-02 (nec-facts.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactoryLogin {
    /// 90-02 user number.
    pub user: u8,
    /// Factory user name.
    pub name: &'static str,
    /// Factory password, when the manual shows it.
    pub password: Option<&'static str>,
    /// 90-02-03 level (2 = IN, 3 = SA, 4 = SB, 5 = UA).
    pub level: u8,
}

impl Model {
    /// Both models, in display order.
    pub const ALL: [Model; 2] = [Model::Sl2100, Model::Sl1100];

    /// The lower-case name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Model::Sl2100 => "sl2100",
            Model::Sl1100 => "sl1100",
        }
    }

    /// The name printed for people.
    pub fn display_name(self) -> &'static str {
        match self {
            Model::Sl2100 => "SL2100",
            Model::Sl1100 => "SL1100",
        }
    }

    /// The 90-02 user numbers an installer sets: 2~8 on both models (nec-facts.md §1, §12).
    ///
    /// The SL1100 lists users 1~8, but user 1 is the manufacturer login (`necam`, level 1 =
    /// MF) and its 90-02-03 level list is 0, 2, 3, 4, 5: the installer cannot give it back
    /// level 1, so it is left as it is (see [`Model::untouched_login_users`]).
    pub fn editable_login_users(self) -> std::ops::RangeInclusive<u8> {
        2..=8
    }

    /// The 90-02 users the model shows but the installer leaves alone, each with the reason
    /// for people (SL1100 user 1, the manufacturer login; nec-facts.md §12).
    pub fn untouched_login_users(self) -> &'static [(u8, &'static str)] {
        match self {
            Model::Sl2100 => &[],
            Model::Sl1100 => &[(
                1,
                "user 1 is the manufacturer login (necam, level MF): 90-02-03 offers only levels 0, 2, 3, 4 and 5, so it cannot be re-created once changed; leave it untouched",
            )],
        }
    }

    /// The factory logins the manuals show for this model (nec-facts.md §1).
    pub fn factory_logins(self) -> &'static [FactoryLogin] {
        match self {
            Model::Sl2100 => &SL2100_FACTORY,
            Model::Sl1100 => &SL1100_FACTORY,
        }
    }

    /// The 90-02-03 level a login user gets unless the installer chooses another: its factory
    /// level, or 0 (prohibited) for a slot the factory leaves empty, so that no new login can
    /// be used until someone decides it should.
    pub fn default_login_level(self, user: u8) -> u8 {
        self.factory_logins()
            .iter()
            .find(|f| f.user == user)
            .map_or(0, |f| f.level)
    }
}

const SL2100_FACTORY: [FactoryLogin; 3] = [
    FactoryLogin {
        user: 2,
        name: "tech",
        password: Some("12345678"),
        level: 2,
    },
    FactoryLogin {
        user: 3,
        name: "ADMIN1",
        password: Some("0000"),
        level: 3,
    },
    FactoryLogin {
        user: 4,
        name: "ADMIN2",
        password: Some("9999"),
        level: 4,
    },
];

const SL1100_FACTORY: [FactoryLogin; 4] = [
    FactoryLogin {
        user: 1,
        name: "necam",
        password: None,
        level: 1,
    },
    FactoryLogin {
        user: 2,
        name: "sltech",
        password: Some("12345678"),
        level: 2,
    },
    FactoryLogin {
        user: 3,
        name: "ADMIN1",
        password: Some("0000"),
        level: 3,
    },
    FactoryLogin {
        user: 4,
        name: "ADMIN2",
        password: Some("9999"),
        level: 4,
    },
];

/// Every factory user name seen in any source for either model or their SL1000 sibling
/// (nec-facts.md §1 and §10): a login must not keep any of them, in any case.
pub const FACTORY_USER_NAMES: [&str; 7] = [
    "tech", "sltech", "ADMIN1", "ADMIN2", "user1", "necam", "nec-i",
];

/// Every factory 90-02 password seen in any source (nec-facts.md §1): `12345678`, `0000`,
/// `9999`, and the SL1000 UA user's `1111`.
pub const FACTORY_PASSWORDS: [&str; 4] = ["12345678", "0000", "9999", "1111"];

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// The error for a model name that is not supported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown model `{0}` (expected sl2100 or sl1100)")]
pub struct UnknownModel(pub String);

impl FromStr for Model {
    type Err = UnknownModel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sl2100" => Ok(Model::Sl2100),
            "sl1100" => Ok(Model::Sl1100),
            _ => Err(UnknownModel(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Model::ALL {
            assert_eq!(m.name().parse::<Model>().unwrap(), m);
        }
        assert!("sl9999".parse::<Model>().is_err());
    }

    #[test]
    fn models_differ_where_the_manuals_do() {
        assert_eq!(Model::Sl2100.editable_login_users(), 2..=8);
        assert_eq!(Model::Sl1100.editable_login_users(), 2..=8);
        assert_eq!(Model::Sl1100.untouched_login_users()[0].0, 1);
        assert!(Model::Sl2100.untouched_login_users().is_empty());
        assert_eq!(Model::Sl2100.factory_logins()[0].name, "tech");
        assert_eq!(Model::Sl1100.factory_logins()[1].name, "sltech");
    }
}

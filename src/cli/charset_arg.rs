//! `--username-charset`: the command line's own spelling of the user-name character set, so
//! the rules engine's [`UsernameCharset`] carries no clap derive.

use clap::ValueEnum;
use nec_harden::secrets::UsernameCharset;

/// Which characters a 90-02 user name may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CharsetArg {
    /// Letters and digits, as NEC's programming manual says.
    #[default]
    Alnum,
    /// Letters, digits and `! # % *`, which the dealer bulletins report working.
    Extended,
}

impl From<CharsetArg> for UsernameCharset {
    fn from(arg: CharsetArg) -> Self {
        match arg {
            CharsetArg::Alnum => UsernameCharset::Alnum,
            CharsetArg::Extended => UsernameCharset::Extended,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    #[test]
    fn each_spelling_names_its_charset() {
        let names: Vec<(String, UsernameCharset)> = CharsetArg::value_variants()
            .iter()
            .map(|v| {
                let name = v.to_possible_value().unwrap().get_name().to_owned();
                (name, UsernameCharset::from(*v))
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("alnum".to_owned(), UsernameCharset::Alnum),
                ("extended".to_owned(), UsernameCharset::Extended),
            ]
        );
        assert_eq!(
            UsernameCharset::from(CharsetArg::default()),
            UsernameCharset::default()
        );
    }
}

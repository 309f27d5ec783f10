//! Profile tests: parsing, refusal of bad files (one line naming the file), edits in place.

use std::path::Path;

use super::edit;
use super::*;

fn key() -> String {
    age::x25519::Identity::generate().to_public().to_string()
}

#[test]
fn a_full_profile_reads_back() {
    let dealer = key();
    let text = format!(
        "# ours\ndealer = \"Example Comms\"\ninstaller = \"J. Smith\"\nmodel = \"sl1100\"\n\
         dealer_recipients = [\"{dealer}\"]\nsites_folder = \"sites\"\nrotation_months = 6\n"
    );
    let origin = Path::new("/cfg/nec-harden/profile.toml");
    let p = Profile::parse(&text, origin).unwrap();
    assert_eq!(p.installer, "J. Smith");
    assert_eq!(p.model, Some(Model::Sl1100));
    assert_eq!(p.rotation(), 6);
    assert_eq!(
        p.sites(origin),
        Some(PathBuf::from("/cfg/nec-harden/sites"))
    );
    let keys = p.dealer_keys(origin).unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].to_string(), dealer);
    assert_eq!(Profile::default().rotation(), DEFAULT_ROTATION_MONTHS);
}

#[test]
fn a_bad_profile_gets_one_line_naming_the_file() {
    let origin = Path::new("p/profile.toml");
    for (text, expected) in [
        ("dealer = \"x\"\ninstaller = \n", "line 2"),
        ("dealers = \"x\"\n", "unknown field `dealers`"),
        ("rotation_months = \"twelve\"\n", "line 1"),
        ("rotation_months = 0\n", "rotation_months must be 1 to 120"),
        ("model = \"sl9000\"\n", "line 1"),
        ("dealer_recipients = [\"age1nope\"]\n", "dealer_recipients"),
        (
            "dealer_recipients = [\"AGE-SECRET-KEY-1QQQQ\"]\n",
            "this is a private key",
        ),
    ] {
        let err = Profile::parse(text, origin).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("p/profile.toml: "), "{msg}");
        assert!(msg.contains(expected), "{text:?}: {msg}");
        assert!(!msg.contains('\n'), "{msg}");
        assert!(
            !msg.contains("QQQQ"),
            "a private key is never echoed: {msg}"
        );
        assert!(err.is_content());
    }
}

#[test]
fn a_missing_profile_is_none_and_an_oversized_or_odd_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profile.toml");
    assert!(Profile::load(&path).unwrap().is_none());
    std::fs::write(&path, "dealer = \"x\"\n".repeat(10_000)).unwrap();
    let err = Profile::load(&path).unwrap_err();
    assert!(matches!(err, ProfileError::Read { .. }), "{err}");
    assert!(!err.is_content());
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let err = Profile::load(&path).unwrap_err();
    assert!(matches!(err, ProfileError::Read { .. }), "{err}");
}

#[test]
fn edits_keep_comments_validate_and_change_nothing_when_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cfg").join("profile.toml");
    // First use makes the folder and the file.
    let p = edit::set(&path, "installer", "J. Smith").unwrap();
    assert_eq!(p.installer, "J. Smith");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# nec-harden dealer profile"), "{text}");
    std::fs::write(&path, format!("# the dealer's own note\n{text}")).unwrap();
    edit::set(&path, "model", "SL1100").unwrap();
    edit::set(&path, "rotation_months", "6").unwrap();
    let dealer = key();
    edit::add_recipient(&path, &dealer).unwrap();
    let p = edit::add_recipient(&path, &dealer).unwrap();
    assert_eq!(p.dealer_recipients, vec![dealer.clone()], "no duplicate");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("# the dealer's own note"), "{saved}");
    assert!(saved.contains("model = \"sl1100\""), "{saved}");
    // Refused edits leave the file as it was.
    for err in [
        edit::set(&path, "rotation_months", "soon").unwrap_err(),
        edit::set(&path, "rotation_months", "0").unwrap_err(),
        edit::set(&path, "colour", "red").unwrap_err(),
        edit::set(&path, "model", "sl9000").unwrap_err(),
        edit::add_recipient(&path, "age1nope").unwrap_err(),
        edit::remove_recipient(&path, &key()).unwrap_err(),
    ] {
        assert!(err.is_content(), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
    }
    let p = edit::remove_recipient(&path, &dealer).unwrap();
    assert!(p.dealer_recipients.is_empty());
    let p = edit::unset(&path, "rotation_months").unwrap();
    assert_eq!(p.rotation(), DEFAULT_ROTATION_MONTHS);
    // A broken profile is not overwritten by an edit.
    std::fs::write(&path, "installer = [\n").unwrap();
    assert!(edit::set(&path, "dealer", "D").is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "installer = [\n");
}

#[test]
fn the_path_follows_xdg_config_home_on_linux() {
    // Read only: the process environment is not changed (tests run in parallel).
    let p = path().unwrap();
    assert!(p.ends_with("nec-harden/profile.toml"), "{}", p.display());
    #[cfg(target_os = "linux")]
    if let Some(xdg) = std::env::var_os("XDG_CONFIG_HOME").filter(|x| Path::new(x).is_absolute()) {
        assert!(p.starts_with(xdg));
    }
}

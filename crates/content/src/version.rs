//! The content version: the semver from `content.toml` plus a hash of every file.

use sha2::{Digest, Sha256};

/// Number of hex digits of the hash kept in the version.
const HASH_HEX_DIGITS: usize = 12;

/// `"<semver>+<first 12 hex digits of sha256>"`.
///
/// The hash covers every file in the fixed order of `load::EMBEDDED`: for each,
/// its name, a NUL byte, its length in bytes (u64 little-endian) and its text.
pub(crate) fn version(semver: &str, files: &[(&str, String)]) -> String {
    let mut hasher = Sha256::new();
    for (name, text) in files {
        hasher.update(name.as_bytes());
        hasher.update([0u8]);
        // A usize has at most 64 bits on every target Rust supports.
        let len = u64::try_from(text.len()).unwrap_or(u64::MAX);
        hasher.update(len.to_le_bytes());
        hasher.update(text.as_bytes());
    }
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{semver}+{}", hex.get(..HASH_HEX_DIGITS).unwrap_or(&hex))
}

/// Whether `v` is `MAJOR.MINOR.PATCH` with an optional `-prerelease` and no build metadata.
pub(crate) fn is_semver(v: &str) -> bool {
    let (core, pre) = match v.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (v, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let numbers_ok = numbers.len() == 3
        && numbers.iter().all(|n| {
            !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
                && (n.len() == 1 || !n.starts_with('0'))
        });
    let pre_ok = pre.is_none_or(|p| {
        p.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    });
    numbers_ok && pre_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_and_sensitivity() {
        let a = version("1.0.0", &[("a.toml", "x".to_owned())]);
        assert!(a.starts_with("1.0.0+"));
        assert_eq!(a.len(), "1.0.0+".len() + 12);
        assert!(a[6..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(a, version("1.0.0", &[("a.toml", "x".to_owned())]));
        assert_ne!(a, version("1.0.0", &[("a.toml", "y".to_owned())]));
        // Moving text between files changes the hash.
        assert_ne!(
            version("1.0.0", &[("a", "xy".to_owned()), ("b", String::new())]),
            version("1.0.0", &[("a", "x".to_owned()), ("b", "y".to_owned())])
        );
    }

    #[test]
    fn semver() {
        for ok in ["1.0.0", "0.1.2", "10.20.30", "1.0.0-rc.1", "1.0.0-alpha-2"] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "1.0", "1.0.0+x", "01.0.0", "1.0.0-", "a.b.c", "", "1.0.0.0", "1..0",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }
}

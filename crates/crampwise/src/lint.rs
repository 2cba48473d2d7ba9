//! Checking rule files before they are deployed: a directory of them, or
//! one file in place of (or added to) the built-in rules.

use std::path::{Path, PathBuf};

use crampwise_content::read::{read_bounded, ReadError};
use crampwise_content::Content;
use crampwise_rules::ruleset::MAX_RULE_FILE_BYTES;
use crampwise_rules::{RuleErrors, Ruleset};

/// Rules that load and validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linted {
    /// How many rules were checked: all of a directory's, or one file's.
    pub rules: usize,
    /// Contract conditions the rules no longer restrict or triage as the
    /// contract requires (the safety kernel still corrects every plan, so
    /// these are warnings, not errors).
    pub uncovered: Vec<&'static str>,
}

/// Why rule files do not pass.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    /// The file could not be read.
    #[error("cannot read `{}`: {reason}", path.display())]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The rules do not validate: every problem, each naming its file as
    /// the path given (not the built-in file name).
    #[error("{} in `{}`\n{errors}", problems(errors), path.display())]
    Invalid {
        /// The file or directory linted.
        path: PathBuf,
        /// Every problem.
        errors: RuleErrors,
    },
}

fn problems(errors: &RuleErrors) -> String {
    match errors.0.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    }
}

/// Lints `path` against `content`: a directory of rule files, or one rule
/// file together with the built-in rules (replacing the built-in file of
/// the same name, else added to them).
///
/// # Errors
/// [`LintError::Unreadable`] for a file that cannot be read (or is larger
/// than the rule file limit), [`LintError::Invalid`] with every problem.
pub fn lint_rules(path: &Path, content: &Content) -> Result<Linted, LintError> {
    let invalid = |mut errors: RuleErrors, locate: &dyn Fn(&str) -> Option<PathBuf>| {
        for e in &mut errors.0 {
            if let Some(shown) = locate(&e.file) {
                e.file = shown.display().to_string();
            }
        }
        LintError::Invalid {
            path: path.to_owned(),
            errors,
        }
    };
    if path.is_dir() {
        let rules = Ruleset::from_dir(path, content).map_err(|errors| {
            invalid(errors, &|file| {
                let inside = path.join(file);
                inside.is_file().then_some(inside)
            })
        })?;
        return Ok(linted(rules.rules().len(), content, rules));
    }
    let text = read_rule_file(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut files = Ruleset::embedded_sources();
    match files.iter_mut().find(|(n, _)| *n == name) {
        Some(file) => file.1 = text,
        None => files.push((name.clone(), text)),
    }
    let rules = Ruleset::from_sources(&files, content)
        .map_err(|errors| invalid(errors, &|file| (file == name).then(|| path.to_owned())))?;
    let count = rules.rules().iter().filter(|r| r.file == name).count();
    Ok(linted(count, content, rules))
}

fn linted(rules: usize, content: &Content, ruleset: Ruleset) -> Linted {
    let engine = crampwise_rules::Engine::new(content.clone(), ruleset);
    Linted {
        rules,
        uncovered: engine.uncovered_contract_conditions(),
    }
}

fn read_rule_file(path: &Path) -> Result<String, LintError> {
    read_bounded(path, MAX_RULE_FILE_BYTES).map_err(|e| LintError::Unreadable {
        path: path.to_owned(),
        reason: match e {
            ReadError::TooLarge { limit } => {
                format!("it is larger than {limit} bytes; at most {MAX_RULE_FILE_BYTES} are read")
            }
            e => e.to_string(),
        },
    })
}

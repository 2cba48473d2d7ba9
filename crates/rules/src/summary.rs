//! The few lines a person reads first, from an [`Evaluation`]'s decisions.

use std::fmt::Write as _;

use crampwise_content::TriageLevel;

use crate::evaluation::{Caution, Evaluation, StatusWords};
use crate::plan::Status;
use crate::plan_text::first_sentence;
use crate::render::mg;

/// Assumption notes that mean a question was not asked, and its words.
const UNASKED: [(&str, &str); 4] = [
    ("unasked_symptoms", "other symptoms"),
    ("unasked_conditions", "health conditions"),
    ("unasked_medications", "medicines"),
    ("unasked_pregnancy", "pregnancy"),
];

/// Cautions to stop or cut down, which outrank general advice.
const STOP: &[&str] = &[
    "stop_magnesium_kidney",
    "stop_magnesium_heart_block",
    "stop_magnesium_myasthenia",
    "above_upper_limit_cut_down",
    "b6_above_limit_taken",
    "taurine_above_safe_level",
    "loose_stools_on_magnesium",
];

/// Appends `a`, `a and b`, `a, b and c`.
fn join_words<'a>(out: &mut String, words: impl ExactSizeIterator<Item = &'a str>) {
    let count = words.len();
    for (i, word) in words.enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == count { " and " } else { ", " });
        }
        out.push_str(word);
    }
}

/// Calls `each` with every summary line, in order.
pub(crate) fn lines(ev: &Evaluation<'_>, mut each: impl FnMut(&str)) {
    let mut line = String::with_capacity(256);
    let mut unasked: Vec<&str> = Vec::new();
    for (id, words) in UNASKED {
        if ev.assumptions().any(|(n, _)| n.id.as_str() == id) {
            unasked.push(words);
        }
    }
    let level = ev.core().level;
    match level {
        TriageLevel::SelfCare if unasked.is_empty() => {
            each("Self-care is reasonable: none of the warning signs you were asked about.");
        }
        TriageLevel::SelfCare => {
            line.push_str("Self-care may be reasonable, but you were not asked about ");
            join_words(&mut line, unasked.iter().copied());
            line.push_str(": check the warning signs below before you start.");
            each(&line);
        }
        level => {
            let (head, action) = match level {
                TriageLevel::Emergency => ("EMERGENCY", "call your local emergency number now"),
                TriageLevel::Urgent => ("URGENT", "get medical care today"),
                _ => (
                    "See a clinician",
                    "book a visit before you start any supplement",
                ),
            };
            let names: Vec<&str> = ev
                .reasons()
                .filter(|r| r.level == level)
                .map(|r| &*r.name)
                .collect();
            let _ = write!(line, "{head}: {action}. Why: ");
            join_words(&mut line, names.into_iter());
            line.push('.');
            each(&line);
            if !unasked.is_empty() {
                line.clear();
                line.push_str("You were not asked about ");
                join_words(&mut line, unasked.iter().copied());
                line.push_str(", so those could not be checked.");
                each(&line);
            }
        }
    }
    let engine_reason;
    let reason = match ev.status_words() {
        StatusWords::Note(n) => n.text.get(..n.first_sentence).unwrap_or(&n.text),
        StatusWords::Engine(id) => {
            engine_reason = id.replace('_', " ");
            first_sentence(&engine_reason)
        }
        StatusWords::Unnamed => "",
    };
    line.clear();
    match ev.core().status {
        Status::Suggested => {
            line.push_str("Magnesium: a trial is reasonable: ");
            for (i, d) in ev.schedule().enumerate() {
                if i > 0 {
                    line.push_str(" + ");
                }
                let _ = write!(
                    line,
                    "{} mg {} ({})",
                    mg(d.elemental_mg),
                    d.form.as_str().replace('_', "-"),
                    d.time.as_str()
                );
            }
            let daily = ev.daily();
            let _ = write!(
                line,
                ", starting at {} mg a day; never more than {} mg a day from supplements. {}",
                mg(daily.start),
                mg(daily.max),
                reason
            );
        }
        Status::ClinicianFirst => {
            let _ = write!(
                line,
                "Magnesium: ask a clinician before taking any. {}",
                reason
            );
        }
        Status::NotAdvised => {
            let _ = write!(line, "Magnesium: not advised. {}", reason);
        }
    }
    each(&line);
    let stops = ev
        .cautions()
        .filter(|c| {
            let id = match c {
                Caution::Note(n) => n.id.as_str(),
                Caution::Medication(m) => m.id.as_str(),
            };
            STOP.contains(&id)
        })
        .take(2);
    for c in stops {
        match c {
            Caution::Note(n) if n.placeholders => each(&ev.fill(&n.text)),
            Caution::Note(n) => each(&n.text),
            Caution::Medication(m) => each(&m.text),
        }
    }
    if let Some(m) = ev.lifestyle().next() {
        each(m.text.get(..m.first_sentence).unwrap_or(&m.text));
    }
}

//! Loading bad rule sets with `Ruleset::from_sources`: each test starts from
//! the shipped rule files (read from `rules/`), breaks one thing, and checks
//! the error names the file, line, column and rule, and says what is wrong.
//!
//! Expected positions are found by searching the mutated text for the
//! offending token, so the tests survive edits elsewhere in the rule files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise_content::Content;
use crampwise_rules::ruleset::MAX_RULE_FILE_BYTES;
use crampwise_rules::{Engine, Profile, RuleError, Ruleset};

/// The shipped rule files in the order `Ruleset::embedded` loads them.
const FILES: &[&str] = &[
    "ruleset.toml",
    "assumptions.toml",
    "companions.toml",
    "dose.toml",
    "expectations.toml",
    "forms.toml",
    "indication.toml",
    "interactions.toml",
    "lifestyle.toml",
    "safety.toml",
    "supplements_taken.toml",
    "triage.toml",
];

fn shipped() -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|name| {
            let path = format!("{}/rules/{name}", env!("CARGO_MANIFEST_DIR"));
            ((*name).to_owned(), std::fs::read_to_string(path).unwrap())
        })
        .collect()
}

fn content() -> Content {
    Content::embedded().unwrap()
}

/// The shipped files with `from` replaced by `to` (exactly once) in `file`.
fn mutated(file: &str, from: &str, to: &str) -> Vec<(String, String)> {
    let mut files = shipped();
    let text = &mut files.iter_mut().find(|(n, _)| n == file).unwrap().1;
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur once in {file}"
    );
    *text = text.replacen(from, to, 1);
    files
}

fn errors(files: &[(String, String)]) -> Vec<RuleError> {
    match Ruleset::from_sources(files, &content()) {
        Ok(_) => panic!("the rule set loaded"),
        Err(e) => e.0,
    }
}

/// The one error a mutation causes.
fn only_error(files: &[(String, String)]) -> RuleError {
    let errors = errors(files);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

/// 1-based line and column of the `nth` (0-based) occurrence of `needle`
/// in `file` of `files`, plus `skip` characters.
fn pos(
    files: &[(String, String)],
    file: &str,
    needle: &str,
    nth: usize,
    skip: usize,
) -> (usize, usize) {
    let text = &files.iter().find(|(n, _)| n == file).unwrap().1;
    let (offset, _) = text.match_indices(needle).nth(nth).unwrap();
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.chars().rev().take_while(|c| *c != '\n').count() + 1 + skip;
    (line, column)
}

fn assert_error(
    e: &RuleError,
    file: &str,
    (line, column): (usize, usize),
    rule: Option<&str>,
    message: &str,
) {
    assert_eq!(e.file, file, "{e}");
    assert_eq!((e.line, e.column), (line, column), "{e}");
    assert_eq!(e.rule.as_deref(), rule, "{e}");
    assert_eq!(e.message, message, "{e}");
}

#[test]
fn the_shipped_files_load_as_the_embedded_ruleset() {
    let c = content();
    let from_files = Ruleset::from_sources(&shipped(), &c).unwrap();
    let embedded = Ruleset::embedded(&c).unwrap();
    assert_eq!(from_files.version(), embedded.version());
    assert_eq!(from_files.rules().len(), embedded.rules().len());
}

#[test]
fn unknown_field_in_a_condition_is_located_and_a_close_name_suggested() {
    let files = mutated(
        "triage.toml",
        r#"when = '''"night" in cramps.timing and cramps.per_week >= 7'''"#,
        r#"when = '''"night" in cramps.timing and cramps.perweek >= 7'''"#,
    );
    let e = only_error(&files);
    let at = pos(&files, "triage.toml", "cramps.perweek", 0, 0);
    assert_error(
        &e,
        "triage.toml",
        at,
        Some("frequent_night_cramps"),
        "when: unknown field `cramps.perweek`; did you mean `cramps.per_week`?",
    );
    assert_eq!(
        e.to_string(),
        format!(
            "triage.toml:{}:{}: rule `frequent_night_cramps`: when: unknown field `cramps.perweek`; did you mean `cramps.per_week`?",
            at.0, at.1
        )
    );
}

#[test]
fn unknown_field_on_a_later_line_of_a_multi_line_condition() {
    let files = mutated(
        "dose.toml",
        "when = '''age >= 70'''",
        "when = '''\nage >= 70 and\n    cramps.severty > 0'''",
    );
    let e = only_error(&files);
    assert_error(
        &e,
        "dose.toml",
        pos(&files, "dose.toml", "cramps.severty", 0, 0),
        Some("dose_older_adult"),
        "when: unknown field `cramps.severty`; did you mean `cramps.severity`?",
    );
}

#[test]
fn bad_enum_value_in_a_condition_lists_the_values() {
    let files = mutated("safety.toml", r#""trimester3"]'''"#, r#""trimester_3"]'''"#);
    let e = only_error(&files);
    assert_error(
        &e,
        "safety.toml",
        pos(&files, "safety.toml", "\"trimester_3\"", 0, 0),
        Some("pregnancy"),
        "when: `trimester_3` is not a value of `pregnancy`; expected one of `none`, `trimester1`, `trimester2`, `trimester3`; did you mean `trimester3`?",
    );
}

#[test]
fn comparing_a_number_field_with_a_string_is_a_type_error() {
    let files = mutated(
        "dose.toml",
        "when = '''age >= 9'''",
        "when = '''age >= \"9\"'''",
    );
    let e = only_error(&files);
    assert_error(
        &e,
        "dose.toml",
        pos(&files, "dose.toml", "\"9\"", 0, 0),
        Some("dose_default"),
        "when: cannot compare the number field `age` with a string; expected a number",
    );
}

#[test]
fn unknown_claim_id() {
    let files = mutated(
        "dose.toml",
        r#"claims = ["children_lower_limits"]"#,
        r#"claims = ["children_lower_limit"]"#,
    );
    let e = only_error(&files);
    assert_error(
        &e,
        "dose.toml",
        pos(&files, "dose.toml", "\"children_lower_limit\"", 0, 0),
        Some("dose_young_teen"),
        "claims: `children_lower_limit` is not an id in the content's claims",
    );
}

#[test]
fn unknown_red_flag_form_and_note_ids() {
    let files = mutated(
        "triage.toml",
        r#"red_flag = "confusion""#,
        r#"red_flag = "confused""#,
    );
    let e = &errors(&files)[0];
    assert_error(
        e,
        "triage.toml",
        pos(&files, "triage.toml", "\"confused\"", 0, 0),
        Some("confusion"),
        "red_flag: `confused` is not an id in the content's red flags",
    );

    let files = mutated(
        "forms.toml",
        "prefer = { malate = 3 }",
        "prefer = { malat = 3 }",
    );
    let e = &errors(&files)[0];
    assert_error(
        e,
        "forms.toml",
        pos(&files, "forms.toml", "malat = 3", 0, 8),
        Some("form_exercise"),
        "prefer: `malat` is not an id in the content's forms",
    );

    // A note of the wrong kind: an assumption used as a caution.
    let files = mutated(
        "expectations.toml",
        r#"cautions = ["quinine_avoid"]"#,
        r#"cautions = ["unasked_conditions"]"#,
    );
    let e = &errors(&files)[0];
    assert_eq!(e.rule.as_deref(), Some("caution_quinine"));
    assert_eq!(
        (e.line, e.column),
        pos(&files, "expectations.toml", "\"unasked_conditions\"", 0, 0)
    );
    assert!(
        e.message
            == "cautions: `unasked_conditions` is a note of kind `assumption`; expected kind `caution`",
        "{e}"
    );
}

#[test]
fn unknown_toml_key_in_a_rule() {
    let files = mutated(
        "lifestyle.toml",
        "id = \"life_caffeine\"\n",
        "id = \"life_caffeine\"\nseverity = 3\n",
    );
    let e = only_error(&files);
    assert_eq!(e.file, "lifestyle.toml");
    assert_eq!(
        (e.line, e.column),
        pos(&files, "lifestyle.toml", "severity = 3", 0, 0)
    );
    assert!(
        e.message.starts_with(
            "unknown field `severity`; expected one of `id`, `title`, `category`, `when`"
        ),
        "{e}"
    );
}

/// README: "every error names the file, line, column and rule", TOML
/// structure errors (unknown key, bad category or status value) included.
#[test]
fn unknown_toml_key_names_the_rule() {
    let files = mutated(
        "lifestyle.toml",
        "id = \"life_caffeine\"\n",
        "id = \"life_caffeine\"\nseverity = 3\n",
    );
    assert_eq!(only_error(&files).rule.as_deref(), Some("life_caffeine"));
}

#[test]
fn bad_category_and_status_values_are_located() {
    let files = mutated(
        "dose.toml",
        "id = \"dose_older_adult\"\ntitle = \"From 70: a smaller target, as kidney function falls with age\"\ncategory = \"dose\"",
        "id = \"dose_older_adult\"\ntitle = \"From 70: a smaller target, as kidney function falls with age\"\ncategory = \"dosage\"",
    );
    let e = only_error(&files);
    assert_eq!(
        (e.line, e.column),
        pos(&files, "dose.toml", "\"dosage\"", 0, 0)
    );
    assert!(
        e.message
            .starts_with("category: unknown value `dosage`; expected one of `triage`, `safety`"),
        "{e}"
    );

    let files = mutated(
        "safety.toml",
        "status = \"not_advised\"\nstatus_note = \"heart_block_not_advised\"",
        "status = \"forbidden\"\nstatus_note = \"heart_block_not_advised\"",
    );
    let e = only_error(&files);
    assert_eq!(
        (e.line, e.column),
        pos(&files, "safety.toml", "\"forbidden\"", 0, 0)
    );
    assert_eq!(
        e.message,
        "status: unknown value `forbidden`; expected one of `suggested`, `clinician_first`, `not_advised`"
    );
}

/// Every field a rule may have, as the unknown-field message lists them.
const RULE_FIELDS: &str = "`id`, `title`, `category`, `when`, `claims`, `rationale`, `red_flag`, `status`, `status_note`, `suggested_note`, `prefer`, `exclude`, `time`, `target_mg`, `start_mg`, `split`, `avoid_morning`, `interactions`, `companions`, `lifestyle`, `foods`, `cautions`, `expectations`, `assumes`";

/// One broken rule file: what is replaced, where the error is expected (the
/// line and column of `at`, or column 1 of the `[[rule]]` line above it),
/// and the error as printed after `file:line:column: `.
struct Case {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    at: &'static str,
    header: bool,
    expected: String,
}

fn case(file: &'static str, from: &'static str, to: &'static str, at: &'static str) -> Case {
    Case {
        file,
        from,
        to,
        at,
        header: false,
        expected: String::new(),
    }
}

impl Case {
    /// The error is on the `[[rule]]` line above `at`.
    fn header(mut self) -> Case {
        self.header = true;
        self
    }

    fn says(mut self, expected: &str) -> Case {
        self.expected = expected.to_owned();
        self
    }
}

/// README: "every error names the file, line, column and rule", whatever the
/// rule's position in its file; serde's structure errors (a missing or
/// unknown key, a value of the wrong type) included, in a rule editor's words.
#[test]
fn structure_errors_name_the_rule_that_holds_them() {
    let cases = [
        // A missing field is reported at the `[[rule]]` line of its rule:
        // the first, a middle and the last rule of dose.toml.
        case(
            "dose.toml",
            "claims = [\"supplemental_ul\", \"ul_critical_effect_diarrhea\", \"start_low_titrate_practice\", \"split_doses_tolerance\"]\n",
            "",
            "id = \"dose_default\"",
        )
        .header()
        .says("rule `dose_default`: missing field `claims`"),
        case(
            "dose.toml",
            "claims = [\"kidney_hypermagnesemia\"]\n",
            "",
            "id = \"dose_older_adult\"",
        )
        .header()
        .says("rule `dose_older_adult`: missing field `claims`"),
        case(
            "dose.toml",
            "claims = [\"food_sources_table\"]\n",
            "",
            "id = \"dose_food_nearly_enough\"",
        )
        .header()
        .says("rule `dose_food_nearly_enough`: missing field `claims`"),
        // No id: named by its position in the file.
        case("dose.toml", "id = \"dose_older_adult\"\n", "", "title = \"From 70")
            .header()
            .says("rule 3 (no id): missing field `id`"),
        case("dose.toml", "id = \"dose_older_adult\"", "id = 3", "3\ntitle = \"From 70")
            .says("rule 3 (no id): id: expected a string, got `3`"),
        // Wrong types in rule fields.
        case(
            "dose.toml",
            "claims = [\"kidney_hypermagnesemia\"]",
            "claims = \"kidney_hypermagnesemia\"",
            "\"kidney_hypermagnesemia\"",
        )
        .says("rule `dose_older_adult`: claims: expected a list, got `\"kidney_hypermagnesemia\"`"),
        case(
            "dose.toml",
            "claims = [\"kidney_hypermagnesemia\"]",
            "claims = [1]",
            "1]",
        )
        .says("rule `dose_older_adult`: claims[0]: expected a string, got `1`"),
        case(
            "dose.toml",
            "when = '''age >= 70'''",
            "when = 70",
            "70\nclaims = [\"kidney",
        )
        .says("rule `dose_older_adult`: when: expected a string, got `70`"),
        case(
            "dose.toml",
            "when = '''age >= 70'''\nclaims",
            "when = '''age >= 70'''\ncategory = 7\nclaims",
            "category = 7",
        )
        .says("rule `dose_older_adult`: duplicate key `category`: each key may appear once in a table"),
        // Wrong types in effects, nested tables included.
        case("dose.toml", "target_mg = 150\nstart_mg = 50", "target_mg = \"150\"\nstart_mg = 50", "\"150\"")
            .says("rule `dose_young_teen`: target_mg: expected a number, got `\"150\"`"),
        case("dose.toml", "target_mg = 200", "target_mg = 200\nsplit = \"yes\"", "\"yes\"")
            .says("rule `dose_older_adult`: split: expected `true` or `false`, got `\"yes\"`"),
        case("forms.toml", "prefer = { malate = 3 }", "prefer = { malate = \"3\" }", "\"3\"")
            .says("rule `form_exercise`: prefer.malate: expected a whole number, got `\"3\"`"),
        case("forms.toml", "prefer = { malate = 3 }", "prefer = [\"malate\"]", "[\"malate\"]")
            .says("rule `form_exercise`: prefer: expected a table, got a list"),
        case("dose.toml", "target_mg = 200", "target_mg = 200\ntime = { glycinate = \"noon\" }", "\"noon\"")
            .says("rule `dose_older_adult`: time.glycinate: unknown value `noon`; expected one of `morning`, `midday`, `evening`, `bedtime`"),
        case("dose.toml", "target_mg = 200", "target_mg = 200\ntime = { glycinate = 9 }", "9 }")
            .says("rule `dose_older_adult`: time.glycinate: expected a string, got `9`"),
        // An unknown key: in a rule, and outside any rule.
        case("dose.toml", "target_mg = 200", "target_mg = 200\ntarget = 100", "target = 100")
            .says(&format!("rule `dose_older_adult`: unknown field `target`; expected one of {RULE_FIELDS}")),
        case("dose.toml", "[[rule]]\nid = \"dose_default\"", "target = 1\n[[rule]]\nid = \"dose_default\"", "target = 1")
            .says("unknown field `target`; a rule file holds only `[[rule]]` tables"),
        // The policy of ruleset.toml.
        case("ruleset.toml", "round_to_mg = 25", "round_to_mg = \"25\"", "\"25\"")
            .says("policy.round_to_mg: expected a number, got `\"25\"`"),
        case("ruleset.toml", "foods_listed = 6", "foods_listed = -6", "-6")
            .says("policy.foods_listed: expected a whole number from 0 up, got `-6`"),
        case("ruleset.toml", "foods_listed = 6\n", "", "[policy]")
            .says("policy: missing field `foods_listed`"),
        case("ruleset.toml", "foods_listed = 6", "foods_listed = 6\nfoods = 6", "foods = 6")
            .says("policy: unknown field `foods`; expected one of `split_above_mg`, `round_to_mg`, `min_dose_mg`, `foods_listed`, `forms_listed`"),
    ];
    for case in cases {
        let files = mutated(case.file, case.from, case.to);
        let (line, column) = pos(&files, case.file, case.at, 0, 0);
        let (line, column) = if case.header {
            (line - 1, 1)
        } else {
            (line, column)
        };
        let shown: Vec<String> = errors(&files).iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [format!("{}:{line}:{column}: {}", case.file, case.expected)],
            "{:?} -> {:?}",
            case.from,
            case.to
        );
        for word in [
            "f64", "i32", "usize", "struct ", "enum ", "variant", "sequence", " map",
        ] {
            assert!(!shown[0].contains(word), "{}", shown[0]);
        }
    }
}

#[test]
fn a_broken_rule_does_not_hide_the_others() {
    // Two structure errors in one file and a check error after them: all three.
    let files = mutated("dose.toml", "claims = [\"kidney_hypermagnesemia\"]\n", "");
    let files = mutate_files(
        files,
        "dose.toml",
        "target_mg = 150\nstart_mg = 50",
        "target_mg = \"150\"\nstart_mg = 50",
    );
    let files = mutate_files(
        files,
        "dose.toml",
        "claims = [\"food_sources_table\"]",
        "claims = [\"food_source_table\"]",
    );
    let rules: Vec<Option<String>> = errors(&files).into_iter().map(|e| e.rule).collect();
    assert_eq!(
        rules,
        [
            Some("dose_young_teen".to_owned()),
            Some("dose_older_adult".to_owned()),
            Some("dose_food_nearly_enough".to_owned())
        ]
    );
}

#[test]
fn duplicate_rule_id() {
    let files = mutated(
        "lifestyle.toml",
        "id = \"life_alcohol\"",
        "id = \"life_caffeine\"",
    );
    let e = only_error(&files);
    let (line, _) = pos(&files, "lifestyle.toml", "id = \"life_caffeine\"", 1, 0);
    assert_error(
        &e,
        "lifestyle.toml",
        (line, 1),
        Some("life_caffeine"),
        "duplicate rule id `life_caffeine`",
    );

    // Across files: the later file is blamed.
    let mut files = shipped();
    files.push((
        "extra.toml".to_owned(),
        "[[rule]]\nid = \"dose_default\"\ntitle = \"again\"\ncategory = \"dose\"\nwhen = 'true'\nclaims = [\"supplemental_ul\"]\ntarget_mg = 10\n".to_owned(),
    ));
    let e = only_error(&files);
    assert_error(
        &e,
        "extra.toml",
        (2, 1),
        Some("dose_default"),
        "duplicate rule id `dose_default`",
    );
}

#[test]
fn potassium_is_never_a_companion() {
    let files = mutated(
        "companions.toml",
        r#"companions = ["electrolytes"]"#,
        r#"companions = ["potassium"]"#,
    );
    let e = only_error(&files);
    assert_error(
        &e,
        "companions.toml",
        pos(&files, "companions.toml", "\"potassium\"", 0, 0),
        Some("companion_electrolytes"),
        "companions: `potassium` is never suggested",
    );
}

#[test]
fn a_status_rule_must_name_a_red_flag() {
    let files = mutated("safety.toml", "red_flag = \"kidney_disease_review\"\n", "");
    let e = only_error(&files);
    assert_error(
        &e,
        "safety.toml",
        pos(&files, "safety.toml", "\"kidney_disease\"", 0, 0),
        Some("kidney_disease"),
        "a rule that restricts the supplement must also name a `red_flag`, so triage rises to at least `clinician` with the reason named",
    );
}

#[test]
fn a_rule_may_not_set_status_suggested() {
    let files = mutated(
        "safety.toml",
        "status = \"clinician_first\"\nstatus_note = \"liver_disease_clinician_first\"",
        "status = \"suggested\"\nstatus_note = \"liver_disease_clinician_first\"",
    );
    let e = only_error(&files);
    assert_error(
        &e,
        "safety.toml",
        pos(&files, "safety.toml", "\"suggested\"", 0, 0),
        Some("liver_disease"),
        "status: rules may only restrict the supplement (`clinician_first` or `not_advised`)",
    );
}

#[test]
fn status_and_status_note_come_together() {
    let files = mutated(
        "safety.toml",
        "status_note = \"lactation_clinician_first\"\n",
        "",
    );
    let e = only_error(&files);
    assert_eq!(e.rule.as_deref(), Some("lactation"));
    assert_eq!(e.message, "status needs a `status_note`");
}

#[test]
fn only_triage_and_safety_rules_may_raise_triage() {
    let files = mutated(
        "expectations.toml",
        r#"cautions = ["quinine_avoid"]"#,
        "cautions = [\"quinine_avoid\"]\nred_flag = \"frequent_night_cramps\"",
    );
    let e = only_error(&files);
    assert_error(
        &e,
        "expectations.toml",
        pos(&files, "expectations.toml", "\"caution_quinine\"", 0, 0),
        Some("caution_quinine"),
        "only `triage` and `safety` rules may raise triage; this one is `caution`",
    );
}

#[test]
fn a_rule_without_effects() {
    let files = mutated("lifestyle.toml", "lifestyle = [\"stretch_gently\"]\n", "");
    let e = only_error(&files);
    assert_error(
        &e,
        "lifestyle.toml",
        pos(&files, "lifestyle.toml", "\"life_stretch\"", 0, 0),
        Some("life_stretch"),
        "has no effect",
    );
}

#[test]
fn a_file_over_one_mebibyte() {
    let mut files = shipped();
    let forms = &mut files.iter_mut().find(|(n, _)| n == "forms.toml").unwrap().1;
    let pad = MAX_RULE_FILE_BYTES + 1 - forms.len();
    forms.push_str(&"#".repeat(pad));
    let e = only_error(&files);
    assert_eq!(
        e.to_string(),
        format!(
            "forms.toml: file is {} bytes; at most {MAX_RULE_FILE_BYTES} are read",
            MAX_RULE_FILE_BYTES + 1
        )
    );
    assert_eq!((e.line, e.column, e.rule.as_deref()), (0, 0, None));

    // Exactly at the limit is fine.
    let mut files = shipped();
    let forms = &mut files.iter_mut().find(|(n, _)| n == "forms.toml").unwrap().1;
    let pad = MAX_RULE_FILE_BYTES - forms.len();
    forms.push_str(&"#".repeat(pad));
    Ruleset::from_sources(&files, &content()).unwrap();
}

#[test]
fn missing_ruleset_toml() {
    let files: Vec<_> = shipped()
        .into_iter()
        .filter(|(n, _)| n != "ruleset.toml")
        .collect();
    let e = only_error(&files);
    assert_eq!(
        e.to_string(),
        "ruleset.toml: missing: it holds the ruleset `version` and `policy`"
    );
}

#[test]
fn bad_policy_numbers() {
    // Each policy number out of its range: file, line, key and the value as written.
    let cases = [
        (
            "round_to_mg = 25",
            "round_to_mg = 0",
            "policy.round_to_mg: expected a number from 1 to 100, got `0`",
        ),
        (
            "round_to_mg = 25",
            "round_to_mg = 1e-300",
            "policy.round_to_mg: expected a number from 1 to 100, got `1e-300`",
        ),
        (
            "round_to_mg = 25",
            "round_to_mg = nan",
            "policy.round_to_mg: expected a number from 1 to 100, got `nan`",
        ),
        (
            "min_dose_mg = 25",
            "min_dose_mg = 101",
            "policy.min_dose_mg: expected a number from 1 to 100, got `101`",
        ),
        (
            "split_above_mg = 200",
            "split_above_mg = -1",
            "policy.split_above_mg: expected a number from 0 to 1000, got `-1`",
        ),
        (
            "split_above_mg = 200",
            "split_above_mg = inf",
            "policy.split_above_mg: expected a number from 0 to 1000, got `inf`",
        ),
        (
            "foods_listed = 6",
            "foods_listed = 51",
            "policy.foods_listed: expected a number from 0 to 50, got `51`",
        ),
    ];
    for (from, to, message) in cases {
        let files = mutated("ruleset.toml", from, to);
        let e = only_error(&files);
        let key = to.split(' ').next().unwrap();
        assert_error(
            &e,
            "ruleset.toml",
            pos(&files, "ruleset.toml", to, 0, key.len() + 3),
            None,
            message,
        );
    }
    // In range, but the minimum dose below the rounding step.
    let files = mutated("ruleset.toml", "min_dose_mg = 25", "min_dose_mg = 10");
    assert_eq!(
        only_error(&files).message,
        "policy.min_dose_mg: expected at least `round_to_mg` (25), got `10`"
    );
    // Two numbers out of range: both reported.
    let files = mutated("ruleset.toml", "round_to_mg = 25", "round_to_mg = 0");
    let files = mutate_files(files, "ruleset.toml", "min_dose_mg = 25", "min_dose_mg = 0");
    assert_eq!(errors(&files).len(), 2);
}

fn mutate_files(
    mut files: Vec<(String, String)>,
    file: &str,
    from: &str,
    to: &str,
) -> Vec<(String, String)> {
    let text = &mut files.iter_mut().find(|(n, _)| n == file).unwrap().1;
    assert!(text.contains(from), "{from}");
    *text = text.replacen(from, to, 1);
    files
}

#[test]
fn deep_nesting_in_a_condition() {
    let open = "(".repeat(65);
    let close = ")".repeat(65);
    let files = mutated(
        "dose.toml",
        "when = '''age >= 70'''",
        &format!("when = '''{open}age >= 70{close}'''"),
    );
    let e = only_error(&files);
    // The 65th `(` is the one too many.
    assert_error(
        &e,
        "dose.toml",
        pos(&files, "dose.toml", &open, 0, 64),
        Some("dose_older_adult"),
        "when: condition is nested too deeply (limit 64)",
    );
    // 64 levels are allowed.
    let files = mutated(
        "dose.toml",
        "when = '''age >= 70'''",
        &format!("when = '''{}age >= 70{}'''", "(".repeat(64), ")".repeat(64)),
    );
    Ruleset::from_sources(&files, &content()).unwrap();
    // So is a very deep `not` chain rejected, not a stack overflow.
    let files = mutated(
        "dose.toml",
        "when = '''age >= 70'''",
        &format!("when = '''{}age >= 70'''", "not ".repeat(10_000)),
    );
    let e = &errors(&files)[0];
    assert_eq!(e.rule.as_deref(), Some("dose_older_adult"));
    assert!(e.message.starts_with("when: condition is too long"), "{e}");
}

#[test]
fn deeply_nested_toml_is_an_error_not_a_crash() {
    let mut files = shipped();
    files.push((
        "extra.toml".to_owned(),
        format!("x = {}1{}", "[".repeat(10_000), "]".repeat(10_000)),
    ));
    let e = &errors(&files)[0];
    assert_eq!(e.file, "extra.toml");
    assert_eq!(e.line, 1);
}

#[test]
fn every_error_is_reported_at_once() {
    let mut files = mutated(
        "dose.toml",
        "when = '''age >= 70'''",
        "when = '''age >= seventy'''",
    );
    let triage = &mut files
        .iter_mut()
        .find(|(n, _)| n == "triage.toml")
        .unwrap()
        .1;
    *triage = triage.replacen(r#"red_flag = "confusion""#, r#"red_flag = "confused""#, 1);
    let errors = errors(&files);
    let files_named: Vec<&str> = errors.iter().map(|e| e.file.as_str()).collect();
    assert!(
        files_named.contains(&"dose.toml") && files_named.contains(&"triage.toml"),
        "{errors:#?}"
    );
}

#[test]
fn huge_prefer_scores_load_and_evaluate_without_overflow() {
    // Regression: `score += s` overflowed i32 (a panic in debug builds).
    let mut files = shipped();
    files.push((
        "extra.toml".to_owned(),
        "[[rule]]\nid = \"big_scores\"\ntitle = \"t\"\ncategory = \"form\"\nwhen = 'true'\nclaims = [\"supplemental_ul\"]\nprefer = { glycinate = 2147483647, oxide = -2147483648 }\n".to_owned(),
    ));
    let c = content();
    let rules = Ruleset::from_sources(&files, &c).unwrap();
    let engine = Engine::new(c, rules);
    let profile = Profile::from_json(
        r#"{"age": 40, "cramps": {"timing": ["night"]}, "symptoms": [], "conditions": [], "medications": []}"#,
    )
    .unwrap();
    let plan = engine.evaluate(&profile);
    assert_eq!(plan.supplement.forms[0].form.as_str(), "glycinate");
    assert_eq!(plan.supplement.forms[0].score, i32::MAX);
}

/// A fresh directory under the system's temporary directory.
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("crampwise-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn an_engine_from_directories_reports_as_the_loaders_do() {
    // Two broken rules in two files: the rules are read on another thread
    // while the content loads, and the errors still come in file order.
    let files = mutate_files(
        mutate_files(shipped(), "dose.toml", "claims = [", "claimz = ["),
        "triage.toml",
        "claims = [",
        "claimz = [",
    );
    let rules = scratch_dir("engine-rules");
    for (name, text) in &files {
        std::fs::write(rules.join(name), text).unwrap();
    }
    let expected = Ruleset::from_dir(&rules, &content()).unwrap_err();
    let order: Vec<&str> = expected.0.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(order, ["dose.toml", "triage.toml"], "{expected:#?}");
    match Engine::from_dirs(None, Some(&rules)) {
        Err(crampwise_rules::LoadError::Rules(got)) => assert_eq!(got, expected),
        other => panic!("expected the rules' errors, got {other:?}"),
    }
    // A content directory that does not load is reported first, as when
    // the content was loaded before the rules were read.
    let content_dir = scratch_dir("engine-content");
    match Engine::from_dirs(Some(&content_dir), Some(&rules)) {
        Err(crampwise_rules::LoadError::Content(errors)) => {
            assert!(errors.to_string().contains("missing file"), "{errors}");
        }
        other => panic!("expected the content's errors, got {other:?}"),
    }
    // A rules directory that cannot be read at all.
    match Engine::from_dirs(None, Some(&rules.join("absent"))) {
        Err(crampwise_rules::LoadError::Rules(got)) => {
            assert!(got.to_string().contains("cannot read directory"), "{got}");
        }
        other => panic!("expected the rules' errors, got {other:?}"),
    }
    std::fs::remove_dir_all(rules).unwrap();
    std::fs::remove_dir_all(content_dir).unwrap();
}

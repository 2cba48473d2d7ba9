//! The engine: evaluates every rule against a profile's facts, combines the
//! effects under explicit precedence, and builds the plan.
//!
//! Precedence, whatever the rule order: the triage level is the highest any
//! fired rule raised it to; the supplement status is the most restrictive;
//! every cap is the lowest. So no rule can lower triage or lift a cap that
//! another set. Triage and safety rules are evaluated first.

use std::path::Path;

use crampwise_content::{Content, ContentErrors, TriageLevel};

use crate::decide::{CompiledRules, FiredSet, PlanDecisions};
use crate::evaluation::Evaluation;
use crate::facts::{self, Facts};
use crate::plan::{Status, Text};
use crate::plan_text::PlanText;
use crate::profile::{FormId, Profile};
use crate::profile_parse::InputErrors;
use crate::ruleset::{ReadRules, RuleErrors, Ruleset};

/// Why an engine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The content did not load or validate.
    #[error("content: {0}")]
    Content(#[from] ContentErrors),
    /// The rules did not load or validate.
    #[error("{0}")]
    Rules(#[from] RuleErrors),
}

/// Content plus compiled rules; cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) content: Content,
    pub(crate) rules: Ruleset,
    pub(crate) schema: crampwise_expr::Schema,
    pub(crate) compiled: CompiledRules,
    pub(crate) safety: Vec<bool>,
    /// Each content form as the profile names it (content validation
    /// admits only forms the profile can name, so none is `None`).
    pub(crate) forms: Vec<Option<FormId>>,
    /// The text plans quote, shared and JSON-escaped at load.
    pub(crate) text: PlanText,
}

/// The decisions of a plan without its text: what batch jobs need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// The core decisions (triage level, status, cap, dose, form, schedule).
    pub core: PlanDecisions,
    /// Which rules fired, by evaluation index (see [`Engine::fired_rule_ids`]).
    pub fired: FiredSet,
}

impl Engine {
    /// The embedded content and default rules.
    ///
    /// # Errors
    ///
    /// A [`LoadError`] when the embedded content or rules do not load; a
    /// build whose tests pass has none.
    pub fn embedded() -> Result<Engine, LoadError> {
        Engine::from_dirs(None, None)
    }

    /// The embedded content with the rules of `rules_dir`.
    ///
    /// # Errors
    ///
    /// [`LoadError::Rules`] when the rules of `rules_dir` cannot be read or
    /// do not validate (as [`Ruleset::from_dir`]); [`LoadError::Content`]
    /// when the embedded content does not load.
    pub fn from_dir(rules_dir: impl AsRef<Path>) -> Result<Engine, LoadError> {
        Engine::from_dirs(None, Some(rules_dir.as_ref()))
    }

    /// Custom content and/or rules directories (`None`: embedded).
    ///
    /// The rule files are parsed on a second thread while the content loads;
    /// only compiling them needs the content.
    ///
    /// # Errors
    ///
    /// [`LoadError::Content`] when the content does not load or validate;
    /// otherwise [`LoadError::Rules`] when the rules do not (as
    /// [`Ruleset::from_dir`] or [`Ruleset::embedded`]).
    pub fn from_dirs(
        content_dir: Option<&Path>,
        rules_dir: Option<&Path>,
    ) -> Result<Engine, LoadError> {
        let sources = match rules_dir {
            Some(d) => Ruleset::read_dir(d),
            None => Ok(Ruleset::embedded_sources()),
        };
        let (content, read) = std::thread::scope(|s| {
            let read = s.spawn(|| sources.as_ref().map(|files| ReadRules::read(files)));
            let content = match content_dir {
                Some(d) => Content::from_dir(d),
                None => Content::embedded(),
            };
            let read = read.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (content, read)
        });
        let content = content?;
        let rules = read.map_err(Clone::clone)?.compile(&content)?;
        Ok(Engine::new(content, rules))
    }

    /// An engine from loaded parts; compiles the rules' effects against the content.
    pub fn new(content: Content, rules: Ruleset) -> Engine {
        let compiled = CompiledRules::new(&rules, &content);
        let safety = rules
            .rules()
            .iter()
            .map(|r| r.category.is_safety())
            .collect();
        let forms = content.forms().iter().map(|f| f.id.parse().ok()).collect();
        let schema = facts::schema();
        let text = PlanText::new(&content, &rules, &schema);
        Engine {
            content,
            rules,
            schema,
            compiled,
            safety,
            forms,
            text,
        }
    }

    /// The content.
    pub fn content(&self) -> &Content {
        &self.content
    }

    /// The rules.
    pub fn ruleset(&self) -> &Ruleset {
        &self.rules
    }

    /// The plan for a profile given as JSON text, as contract JSON.
    ///
    /// # Errors
    ///
    /// [`InputErrors`] when `profile_json` is not a valid profile, as
    /// [`Profile::from_json`] reports them.
    pub fn evaluate_json(&self, profile_json: &str) -> Result<String, InputErrors> {
        let profile = Profile::from_json(profile_json)?;
        Ok(self.evaluate(&profile).to_json())
    }

    /// The facts conditions read for this profile.
    pub fn facts(&self, profile: &Profile) -> Facts {
        facts::facts(profile, &self.content)
    }

    /// The decisions for one profile without building the plan's text.
    pub fn summarize(&self, profile: &Profile) -> Summary {
        self.summarize_facts(&self.facts(profile))
    }

    /// The decisions for facts built by the caller (for example from columns).
    /// Performs no heap allocation.
    pub fn summarize_facts(&self, facts: &Facts) -> Summary {
        let fired = self.compiled.fire(facts, &[], |_| {});
        let core = PlanDecisions::decide(&self.compiled, &self.content, facts, &fired);
        Summary { core, fired }
    }

    /// The decisions for many facts, as [`Engine::summarize_facts`] gives
    /// them for each, in order; faster for many rows, because every rule is
    /// evaluated for [`crampwise_expr::BLOCK_ROWS`] rows at once.
    pub fn summarize_facts_each(&self, facts: &[Facts], mut each: impl FnMut(usize, Summary)) {
        each_block(facts, |first, chunk, block| {
            let fired = self.compiled.fire_block(block);
            for (r, (row, fired)) in chunk.iter().zip(fired).enumerate() {
                let core = PlanDecisions::decide(&self.compiled, &self.content, row, &fired);
                each(first + r, Summary { core, fired });
            }
        });
    }

    /// The plans for many facts, as [`Engine::evaluate`] gives them for
    /// each, in order: what a batch of full plans needs. Faster for many
    /// rows, because every rule is evaluated for
    /// [`crampwise_expr::BLOCK_ROWS`] rows at once, as in
    /// [`Engine::summarize_facts_each`].
    pub fn evaluate_facts_each(
        &self,
        facts: &[Facts],
        mut each: impl FnMut(usize, Evaluation<'_>),
    ) {
        // Most rows have none: an empty list allocates nothing.
        let mut undecided: [Vec<u32>; crampwise_expr::BLOCK_ROWS] =
            std::array::from_fn(|_| Vec::new());
        each_block(facts, |first, chunk, block| {
            let fired = self
                .compiled
                .fire_block_undecided(block, &self.safety, |r, i| {
                    if let Some(list) = undecided.get_mut(r) {
                        list.push(i);
                    }
                });
            for (r, ((row, fired), undecided)) in
                chunk.iter().zip(fired).zip(&mut undecided).enumerate()
            {
                let core = PlanDecisions::decide(&self.compiled, &self.content, row, &fired);
                let undecided = std::mem::take(undecided);
                each(
                    first + r,
                    Evaluation::new(self, *row, core, fired, undecided),
                );
            }
        });
    }

    /// Ids of the rules in a fired set, in evaluation order.
    pub fn fired_rule_ids<'a>(&'a self, fired: &'a FiredSet) -> impl Iterator<Item = &'a str> + 'a {
        fired
            .iter()
            .filter_map(|i| self.rules.rules().get(i))
            .map(|r| r.id.as_str())
    }

    /// Content id of a form index (as in [`PlanDecisions::form`]).
    pub fn form_id(&self, index: u8) -> Option<FormId> {
        self.forms.get(usize::from(index)).copied().flatten()
    }

    /// The plan for one profile. Deterministic; no state is kept between calls.
    ///
    /// Every decision is made here; the plan's text is written when it is
    /// first read, or straight into JSON by [`Evaluation::to_json`].
    pub fn evaluate(&self, profile: &Profile) -> Evaluation<'_> {
        self.evaluate_facts(self.facts(profile))
    }

    /// The plan and its summary from one evaluation (what a batch with full
    /// plans needs); the summary equals [`Engine::summarize`]'s.
    pub fn evaluate_summarized(&self, profile: &Profile) -> (Summary, Evaluation<'_>) {
        let evaluation = self.evaluate(profile);
        (evaluation.summary(), evaluation)
    }

    fn evaluate_facts(&self, facts: Facts) -> Evaluation<'_> {
        // Most plans have none: an empty list allocates nothing.
        let mut undecided = Vec::new();
        let fired = self.compiled.fire(&facts, &self.safety, |i| {
            undecided.push(u32::try_from(i).unwrap_or(u32::MAX));
        });
        let core = PlanDecisions::decide(&self.compiled, &self.content, &facts, &fired);
        Evaluation::new(self, facts, core, fired, undecided)
    }

    /// The contract conditions these rules no longer cover on their own:
    /// for each, a probe profile whose rules-only decision (before the
    /// safety kernel) fails the contract. The kernel still keeps plans safe;
    /// `rules lint` warns so that a rule editor sees the gap.
    pub fn uncovered_contract_conditions(&self) -> Vec<&'static str> {
        const ASKED: &str = r#""symptoms": [], "medications": [], "supplements": []"#;
        let probes: [(&str, String, TriageLevel); 7] = [
            ("kidney_disease", format!(r#"{{"age": 50, "cramps": {{"per_week": 3}}, "conditions": ["kidney_disease"], {ASKED}}}"#), TriageLevel::Clinician),
            ("heart_block", format!(r#"{{"age": 50, "cramps": {{"per_week": 3}}, "conditions": ["heart_block"], {ASKED}}}"#), TriageLevel::Clinician),
            ("myasthenia_gravis", format!(r#"{{"age": 50, "cramps": {{"per_week": 3}}, "conditions": ["myasthenia_gravis"], {ASKED}}}"#), TriageLevel::Clinician),
            ("pregnancy", format!(r#"{{"age": 30, "sex": "female", "pregnancy": "trimester2", "lactating": false, "cramps": {{"per_week": 3}}, "conditions": [], {ASKED}}}"#), TriageLevel::Clinician),
            ("lactation", format!(r#"{{"age": 30, "sex": "female", "pregnancy": "none", "lactating": true, "cramps": {{"per_week": 3}}, "conditions": [], {ASKED}}}"#), TriageLevel::Clinician),
            ("age under 9", format!(r#"{{"age": 6, "cramps": {{"per_week": 3}}, "conditions": [], {ASKED}}}"#), TriageLevel::Clinician),
            ("chest pain", r#"{"age": 50, "cramps": {"per_week": 3}, "conditions": [], "symptoms": ["chest_pain"], "medications": [], "supplements": []}"#.to_owned(), TriageLevel::Emergency),
        ];
        probes
            .into_iter()
            .filter(|(_, json, least)| {
                let Ok(profile) = Profile::from_json(json) else {
                    return true;
                };
                let facts = self.facts(&profile);
                let fired = self.compiled.fire(&facts, &[], |_| {});
                let core =
                    PlanDecisions::decide_rules(&self.compiled, &self.content, &facts, &fired);
                core.status == Status::Suggested || core.level < *least
            })
            .map(|(name, _, _)| name)
            .collect()
    }

    pub(crate) fn field_names(&self, ids: &[crampwise_expr::FieldId]) -> Vec<Text> {
        ids.iter()
            .map(|f| {
                self.text
                    .fields
                    .get(f.index())
                    .cloned()
                    .unwrap_or_else(|| self.schema.field_name(*f).into())
            })
            .collect()
    }
}

/// Calls `each(first, chunk, block)` for the facts in chunks of
/// [`crampwise_expr::BLOCK_ROWS`]: `first` is the chunk's first index in
/// `facts`, `block` holds the chunk's facts column-wise (one block reused).
fn each_block(facts: &[Facts], mut each: impl FnMut(usize, &[Facts], &crampwise_expr::Block)) {
    let mut block = crampwise_expr::Block::new(facts::FIELD_COUNT);
    for (chunk_index, chunk) in facts.chunks(crampwise_expr::BLOCK_ROWS).enumerate() {
        block.clear();
        for row in chunk {
            block.push(row);
        }
        each(chunk_index * crampwise_expr::BLOCK_ROWS, chunk, &block);
    }
}

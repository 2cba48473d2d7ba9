//! The engine: evaluates every rule against a profile's facts, combines the
//! effects under explicit precedence, and builds the plan.
//!
//! Precedence, whatever the rule order: the triage level is the highest any
//! fired rule raised it to; the supplement status is the most restrictive;
//! every cap is the lowest. So no rule can lower triage or lift a cap that
//! another set. Triage and safety rules are evaluated first.

use std::path::Path;

use crampwise_content::{Content, ContentErrors, Interaction, Jurisdiction, TriageLevel};
use crampwise_expr::Value;

use crate::decide::{CompiledRules, FiredSet, PlanDecisions, StatusReason};
use crate::facts::{self, field, Facts};
use crate::kernel;
use crate::plan::{
    Assumption, Cap, Companion, DailyDose, Dose, Evidence, Food, Measure, Note, Plan, RankedForm,
    Reason, Spacing, Status, SupplementPlan, Text, TraceEntry, Triage, Undecided,
};
use crate::plan_text::{PlanText, RuleRefs};
use crate::profile::{Avoid, Diet, FormId, Profile};
use crate::profile_parse::InputErrors;
use crate::render::mg;
use crate::ruleset::{Category, ReadRules, Rule, RuleErrors, Ruleset};

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
    content: Content,
    rules: Ruleset,
    schema: crampwise_expr::Schema,
    compiled: CompiledRules,
    safety: Vec<bool>,
    /// Each content form as the profile names it (content validation
    /// admits only forms the profile can name, so none is `None`).
    forms: Vec<Option<FormId>>,
    /// The text plans quote, shared and JSON-escaped at load.
    text: PlanText,
}

/// The decisions of a plan without its text: what batch jobs need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// The core decisions (triage level, status, cap, dose, form, schedule).
    pub core: PlanDecisions,
    /// Which rules fired, by evaluation index (see [`Engine::fired_rule_ids`]).
    pub fired: FiredSet,
}

/// Everything the rules decided for one profile, before text is attached.
#[derive(Debug, Default)]
struct RulesFired {
    fired: FiredSet,
    undecided: Vec<Undecided>,
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
        let mut block = crampwise_expr::Block::new(facts::FIELD_COUNT);
        for (chunk_index, chunk) in facts.chunks(crampwise_expr::BLOCK_ROWS).enumerate() {
            block.clear();
            for row in chunk {
                block.push(row);
            }
            let fired = self.compiled.fire_block(&block);
            for (r, (row, fired)) in chunk.iter().zip(fired).enumerate() {
                let core = PlanDecisions::decide(&self.compiled, &self.content, row, &fired);
                each(
                    chunk_index * crampwise_expr::BLOCK_ROWS + r,
                    Summary { core, fired },
                );
            }
        }
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
    pub fn evaluate(&self, profile: &Profile) -> Plan {
        self.evaluate_summarized(profile).1
    }

    /// The plan and its summary from one evaluation (what a batch with full
    /// plans needs); the summary equals [`Engine::summarize`]'s.
    pub fn evaluate_summarized(&self, profile: &Profile) -> (Summary, Plan) {
        let facts = self.facts(profile);
        let mut undecided = Vec::new();
        let fired = self
            .compiled
            .fire(&facts, &self.safety, |i| undecided.push(i));
        let core = PlanDecisions::decide(&self.compiled, &self.content, &facts, &fired);
        let undecided = undecided
            .into_iter()
            .filter_map(|i| Some((self.rules.rules().get(i)?, self.text.rules.get(i)?)))
            .map(|(rule, refs)| Undecided {
                rule: refs.id.clone(),
                unknown: self.field_names(&rule.condition.unknown_fields(facts.as_slice())),
            })
            .collect();
        let plan = Builder {
            engine: self,
            facts: &facts,
            core,
            decisions: RulesFired { fired, undecided },
        }
        .build();
        (Summary { core, fired }, plan)
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

    fn field_names(&self, ids: &[crampwise_expr::FieldId]) -> Vec<Text> {
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

/// `a`, `a and b`, `a, b and c`.
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A fired rule, with its effects resolved at load.
#[derive(Clone, Copy)]
struct FiredRule<'a> {
    rule: &'a Rule,
    refs: &'a RuleRefs,
}

struct Builder<'a> {
    engine: &'a Engine,
    facts: &'a Facts,
    core: PlanDecisions,
    decisions: RulesFired,
}

/// Claim positions in the order first cited, each once.
struct Cited {
    seen: Vec<u64>,
    order: Vec<usize>,
}

impl Cited {
    fn new(claims: usize) -> Cited {
        Cited {
            seen: vec![0; claims.div_ceil(64)],
            order: Vec::with_capacity(48),
        }
    }

    fn add(&mut self, claims: &[usize]) {
        for &claim in claims {
            let bit = 1u64 << (claim % 64);
            if let Some(word) = self.seen.get_mut(claim / 64) {
                if *word & bit == 0 {
                    *word |= bit;
                    self.order.push(claim);
                }
            }
        }
    }
}

/// Appends the `items` not yet in `list` (a few ids; see [`Cited`] for claims).
fn push_all(list: &mut Vec<usize>, items: &[usize]) {
    for &item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

impl<'a> Builder<'a> {
    fn content(&self) -> &'a Content {
        &self.engine.content
    }

    fn text(&self) -> &'a PlanText {
        &self.engine.text
    }

    /// The fact of `id`; `None` only past the end of `Facts`, which no
    /// `field::` id is (each is below FIELD_COUNT, its length).
    fn fact(&self, id: crampwise_expr::FieldId) -> Option<&'a Value> {
        self.facts.get(id.index())
    }

    fn number(&self, id: crampwise_expr::FieldId) -> Option<f64> {
        match self.fact(id) {
            Some(Value::Number(n)) => Some(*n),
            _ => None,
        }
    }

    fn jurisdiction(&self) -> Jurisdiction {
        match self.fact(field::JURISDICTION) {
            Some(Value::Enum(1)) => Jurisdiction::Eu,
            _ => Jurisdiction::Us,
        }
    }

    fn fired(&self) -> impl Iterator<Item = FiredRule<'a>> + '_ {
        let rules: &'a [Rule] = self.engine.rules.rules();
        let refs: &'a [RuleRefs] = &self.engine.text.rules;
        self.decisions.fired.iter().filter_map(move |i| {
            Some(FiredRule {
                rule: rules.get(i)?,
                refs: refs.get(i)?,
            })
        })
    }

    /// Fired rules whose effects apply: advice about taking a supplement
    /// (form, timing, dose and companion rules) is left out unless one is
    /// suggested. Every fired rule stays in the trace.
    fn effective(&self) -> impl Iterator<Item = FiredRule<'a>> + '_ {
        let suggested = self.core.status == Status::Suggested;
        self.fired().filter(move |r| {
            suggested
                || !matches!(
                    r.rule.category,
                    Category::Form | Category::Timing | Category::Dose | Category::Companion
                )
        })
    }

    fn build(self) -> Plan {
        let mut claims = Cited::new(self.text().claims.len());
        for r in self.effective() {
            claims.add(&r.refs.claims);
        }
        let triage = self.triage(&mut claims);
        let supplement = self.supplement(&mut claims);
        let suggested = supplement.status == Status::Suggested;
        let companions = if suggested {
            self.companions(&mut claims)
        } else {
            Vec::new()
        };
        let lifestyle = self.lifestyle();
        let foods = self.foods();
        let cautions = self.cautions(&mut claims);
        let expectations = self.notes(|r| &r.expectations, &mut claims);
        let assumptions = self.assumptions();
        let evidence = self.evidence(&claims.order);
        let text = self.text();
        let schema = &self.engine.schema;
        let mut scratch = crampwise_expr::Explaining::default();
        let mut trace: Vec<TraceEntry> = self
            .fired()
            .map(|r| TraceEntry {
                rule: r.refs.id.clone(),
                because: r
                    .rule
                    .condition
                    .because_joined_with(self.facts.as_slice(), schema, "; ", &mut scratch)
                    .into(),
            })
            .collect();
        trace.extend(self.core.kernel.reasons().map(|why| TraceEntry {
            rule: text.kernel_rule.clone(),
            because: why.into(),
        }));
        let summary = self.summary(&triage, &supplement, &lifestyle, &cautions, &assumptions);
        Plan {
            summary,
            triage,
            supplement,
            companions,
            lifestyle,
            foods,
            cautions,
            expectations,
            assumptions,
            undecided: self.decisions.undecided,
            evidence,
            disclaimer: text.disclaimer.clone(),
            safety_net: text.safety_net.clone(),
            trace,
            versions: text.versions.clone(),
        }
    }

    fn triage(&self, claims: &mut Cited) -> Triage {
        let text = self.text();
        let mut reasons: Vec<Reason> = Vec::new();
        for r in self.fired() {
            let Some(flag) = r.refs.red_flag.and_then(|i| text.red_flags.get(i)) else {
                continue;
            };
            if !reasons.iter().any(|x| x.id == flag.id) {
                claims.add(&flag.claims);
                reasons.push(Reason {
                    id: flag.id.clone(),
                    level: flag.level,
                    text: flag.text.clone(),
                });
            }
        }
        // Every contract warning sign present is named, whatever the rules
        // did: with the content's text where it has one at that level.
        for (sign, sign_text) in kernel::SIGNS.iter().zip(&text.signs) {
            if !sign.present(self.facts) || reasons.iter().any(|r| r.id == sign_text.id) {
                continue;
            }
            reasons.push(Reason {
                id: sign_text.id.clone(),
                level: sign_text.level,
                text: sign_text.text.clone(),
            });
        }
        // Most serious first, then in firing order.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
        Triage {
            level: self.core.level,
            reasons,
        }
    }

    fn supplement(&self, claims: &mut Cited) -> SupplementPlan {
        let core = &self.core;
        let text = self.text();
        let note = match core.reason {
            StatusReason::Note(i) => text.notes.get(i),
            StatusReason::Engine(id) => self
                .content()
                .note_position(id)
                .and_then(|i| text.notes.get(i)),
        };
        let (reason_id, reason) = match (note, core.reason) {
            (Some(n), _) => {
                claims.add(&n.claims);
                (n.id.clone(), n.text.clone())
            }
            (None, StatusReason::Engine(id)) => (id.into(), id.replace('_', " ").into()),
            (None, StatusReason::Note(_)) => (Text::default(), Text::default()),
        };
        let jurisdiction = self.jurisdiction();
        let cap = Cap {
            jurisdiction,
            upper_limit_mg: core.upper_limit_mg,
            already_taken_mg: core.taken_mg,
            rule_cap_mg: core.rule_cap_mg,
        };
        let form = core
            .form
            .and_then(|f| Some((self.engine.form_id(f)?, usize::from(f))));
        let schedule: Vec<Dose> = match form {
            Some((form, _)) => core
                .doses()
                .iter()
                .map(|&(time, elemental_mg)| Dose {
                    form,
                    time,
                    elemental_mg,
                })
                .collect(),
            None => Vec::new(),
        };
        if let Some(form_claims) = form.and_then(|(_, order)| text.form_claims.get(order)) {
            claims.add(form_claims);
        }
        SupplementPlan {
            status: core.status,
            reason,
            reason_id,
            schedule,
            daily_elemental_mg: DailyDose {
                start: core.start_mg,
                target: core.target_mg,
                max: core.cap_mg,
            },
            cap,
            forms: self.rank_forms(),
            spacing: self.spacing(claims),
        }
    }

    /// Allowed forms, best score first (content order breaks ties).
    fn rank_forms(&self) -> Vec<RankedForm> {
        let core = &self.core;
        let text = self.text();
        // The allowed forms by score, best first (ties in content order);
        // only the listed ones are built.
        let mut ranked: Vec<(usize, i32)> = core
            .scores
            .iter()
            .enumerate()
            .take(text.form_names.len())
            .filter(|(order, _)| core.allowed & (1 << order) != 0)
            .map(|(order, &score)| (order, score))
            .collect();
        ranked.sort_by(|(oa, a), (ob, b)| b.cmp(a).then(oa.cmp(ob)));
        // Few rules score forms: find them once, not once a form.
        let scoring: Vec<FiredRule<'a>> = self.fired().filter(|r| r.refs.prefers != 0).collect();
        ranked
            .into_iter()
            .filter_map(|(order, score)| {
                let id = self.engine.forms.get(order).copied().flatten()?;
                let bit = 1u64 << order;
                Some(RankedForm {
                    form: id,
                    name: text.form_names.get(order)?.clone(),
                    score,
                    because: scoring
                        .iter()
                        .filter(|r| r.refs.prefers & bit != 0)
                        .map(|r| r.refs.id.clone())
                        .collect(),
                })
            })
            .take(self.engine.rules.policy().forms_listed)
            .collect()
    }

    /// The items the effective rules name in one effect, each once, in
    /// firing order.
    fn fired_refs(&self, pick: impl Fn(&'a RuleRefs) -> &'a Vec<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        for r in self.effective() {
            push_all(&mut out, pick(r.refs));
        }
        out
    }

    fn spacing(&self, claims: &mut Cited) -> Vec<Spacing> {
        let text = self.text();
        let mut out = Vec::new();
        for i in self.fired_refs(|r| &r.interactions) {
            let Some(m) = text.medications.get(i) else {
                continue;
            };
            if m.interaction != Interaction::Spacing {
                continue;
            }
            let Some(medication) = m.medication else {
                continue;
            };
            claims.add(&m.claims);
            out.push(Spacing {
                medication,
                text: m.text.clone(),
                hours_before: m.hours_before,
                hours_after: m.hours_after,
            });
        }
        out
    }

    fn companions(&self, claims: &mut Cited) -> Vec<Companion> {
        let age = self.number(field::AGE).unwrap_or(0.0);
        let jurisdiction = self.jurisdiction();
        let text = self.text();
        let mut out = Vec::new();
        for i in self.fired_refs(|r| &r.companions) {
            let (Some(c), Some(shown)) =
                (self.content().companions().get(i), text.companions.get(i))
            else {
                continue;
            };
            let id = c.id.as_str();
            if !c.suggest || id == "potassium" {
                continue;
            }
            let (daily_mg, limit_mg) = match c.suggested_mg {
                None => (None, None),
                Some(suggested) => {
                    let taken = match id {
                        "vitamin_b6" => self.number(field::SUPP_B6),
                        "taurine" => self.number(field::SUPP_TAURINE),
                        _ => None,
                    }
                    .unwrap_or(0.0);
                    // No known limit for this age, or nothing left under it
                    // after what is taken: not suggested at all. The kernel
                    // never lets the limit exceed the reference value.
                    let content_limit = self.content().companion_limit_mg(id, age, jurisdiction);
                    let Some(room) =
                        kernel::companion_allowance_mg(id, content_limit, taken, age, jurisdiction)
                    else {
                        continue;
                    };
                    // The suggested amount is the day's total from all supplements,
                    // never above the limit: only what is missing is suggested.
                    let daily = suggested.min(room + taken) - taken;
                    if daily.is_nan() || daily <= 0.0 {
                        continue;
                    }
                    (Some(daily), Some(room + taken))
                }
            };
            claims.add(&shown.claims);
            out.push(Companion {
                id: shown.id.clone(),
                name: shown.name.clone(),
                text: shown.text.clone(),
                daily_mg,
                limit_mg,
            });
        }
        out
    }

    fn lifestyle(&self) -> Vec<Measure> {
        let text = self.text();
        let mut out: Vec<Measure> = self
            .fired_refs(|r| &r.lifestyle)
            .into_iter()
            .filter_map(|i| text.measures.get(i))
            .map(|m| Measure {
                id: m.id.clone(),
                rank: m.rank,
                text: m.text.clone(),
            })
            .collect();
        out.sort_by_key(|m| m.rank);
        out
    }

    fn foods(&self) -> Vec<Food> {
        if !self.effective().any(|r| r.rule.effects.foods) {
            return Vec::new();
        }
        let diet = match self.fact(field::DIET) {
            Some(Value::Enum(i)) => Diet::ALL.get(usize::from(*i)).copied(),
            _ => None,
        };
        let avoid_animal = matches!(
            self.fact(field::AVOID),
            Some(Value::Set(bits)) if bits & (1 << Avoid::AnimalIngredients.index()) != 0
        );
        // Already verified and in order, most magnesium first.
        self.text()
            .foods
            .iter()
            .filter(|f| match diet {
                Some(Diet::Vegan) => f.vegan,
                Some(Diet::Vegetarian) => f.vegetarian,
                _ => true,
            })
            .filter(|f| !avoid_animal || f.vegan)
            .take(self.engine.rules.policy().foods_listed)
            .map(|f| Food {
                id: f.id.clone(),
                name: f.name.clone(),
                mg_per_serving: f.mg_per_serving,
                serving: f.serving.clone(),
            })
            .collect()
    }

    fn notes(
        &self,
        pick: impl Fn(&'a RuleRefs) -> &'a Vec<usize>,
        claims: &mut Cited,
    ) -> Vec<Note> {
        let text = self.text();
        self.fired_refs(pick)
            .into_iter()
            .filter_map(|i| {
                let n = text.notes.get(i)?;
                claims.add(&n.claims);
                Some(Note {
                    id: n.id.clone(),
                    text: if n.placeholders {
                        self.fill(&n.text).into()
                    } else {
                        n.text.clone()
                    },
                })
            })
            .collect()
    }

    /// A note's text with its `{placeholders}` filled from this plan's
    /// numbers (the content loader accepts only the names below).
    fn fill(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_owned();
        }
        let core = &self.core;
        let age = self.number(field::AGE).unwrap_or(0.0);
        let jurisdiction = self.jurisdiction();
        let b6_limit = kernel::companion_allowance_mg(
            "vitamin_b6",
            self.content()
                .companion_limit_mg("vitamin_b6", age, jurisdiction),
            0.0,
            age,
            jurisdiction,
        );
        let ul = core.upper_limit_mg;
        let value = |name: &str| -> Option<String> {
            Some(match name {
                "taken_mg" => mg(core.taken_mg),
                "upper_limit_mg" => mg(ul?),
                "excess_mg" => mg((core.taken_mg - ul?).max(0.0)),
                "jurisdiction" => jurisdiction.as_str().to_uppercase(),
                "b6_taken_mg" => mg(self.number(field::SUPP_B6)?),
                "b6_limit_mg" => mg(b6_limit?),
                "taurine_taken_mg" => mg(self.number(field::SUPP_TAURINE)?),
                _ => return None,
            })
        };
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match value(name) {
                        Some(v) => out.push_str(&v),
                        None => out.push_str("(unknown)"),
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The few lines a person reads first.
    fn summary(
        &self,
        triage: &Triage,
        supplement: &SupplementPlan,
        lifestyle: &[Measure],
        cautions: &[Note],
        assumptions: &[Assumption],
    ) -> Vec<Text> {
        let mut out: Vec<String> = Vec::new();
        let first_sentence = |text: &str| -> String {
            match text.find(". ") {
                Some(end) => text[..=end].to_owned(),
                None => text.to_owned(),
            }
        };
        let unasked: Vec<&str> = [
            ("unasked_symptoms", "other symptoms"),
            ("unasked_conditions", "health conditions"),
            ("unasked_medications", "medicines"),
            ("unasked_pregnancy", "pregnancy"),
        ]
        .into_iter()
        .filter(|(id, _)| assumptions.iter().any(|a| a.id == *id))
        .map(|(_, words)| words)
        .collect();
        let names = |level: TriageLevel| -> Vec<String> {
            triage
                .reasons
                .iter()
                .filter(|r| r.level == level)
                .map(|r| {
                    self.content()
                        .red_flag(&r.id)
                        .map_or_else(|| r.id.replace('_', " "), |f| f.name.clone())
                })
                .collect()
        };
        match triage.level {
            TriageLevel::SelfCare if unasked.is_empty() => out.push(
                "Self-care is reasonable: none of the warning signs you were asked about.".to_owned(),
            ),
            TriageLevel::SelfCare => out.push(format!(
                "Self-care may be reasonable, but you were not asked about {}: check the warning signs below before you start.",
                join_words(&unasked)
            )),
            level => {
                let (head, action) = match level {
                    TriageLevel::Emergency => ("EMERGENCY", "call your local emergency number now"),
                    TriageLevel::Urgent => ("URGENT", "get medical care today"),
                    _ => ("See a clinician", "book a visit before you start any supplement"),
                };
                out.push(format!("{head}: {action}. Why: {}.", join_words(&names(level).iter().map(String::as_str).collect::<Vec<_>>())));
                if !unasked.is_empty() {
                    out.push(format!(
                        "You were not asked about {}, so those could not be checked.",
                        join_words(&unasked)
                    ));
                }
            }
        }
        let decision = match supplement.status {
            Status::Suggested => {
                let doses: Vec<String> = supplement
                    .schedule
                    .iter()
                    .map(|d| {
                        format!(
                            "{} mg {} ({})",
                            mg(d.elemental_mg),
                            d.form.as_str().replace('_', "-"),
                            d.time.as_str()
                        )
                    })
                    .collect();
                format!(
                    "Magnesium: a trial is reasonable: {}, starting at {} mg a day; never more than {} mg a day from supplements. {}",
                    doses.join(" + "),
                    mg(supplement.daily_elemental_mg.start),
                    mg(supplement.daily_elemental_mg.max),
                    first_sentence(&supplement.reason)
                )
            }
            Status::ClinicianFirst => format!(
                "Magnesium: ask a clinician before taking any. {}",
                first_sentence(&supplement.reason)
            ),
            Status::NotAdvised => format!(
                "Magnesium: not advised. {}",
                first_sentence(&supplement.reason)
            ),
        };
        out.push(decision);
        // A stop or cut-down instruction outranks general advice.
        const STOP: &[&str] = &[
            "stop_magnesium_kidney",
            "stop_magnesium_heart_block",
            "stop_magnesium_myasthenia",
            "above_upper_limit_cut_down",
            "b6_above_limit_taken",
            "taurine_above_safe_level",
            "loose_stools_on_magnesium",
        ];
        for c in cautions
            .iter()
            .filter(|c| STOP.contains(&c.id.as_str()))
            .take(2)
        {
            out.push(c.text.to_string());
        }
        if let Some(m) = lifestyle.first() {
            out.push(first_sentence(&m.text));
        }
        out.into_iter().map(Text::from).collect()
    }

    fn cautions(&self, claims: &mut Cited) -> Vec<Note> {
        let text = self.text();
        let mut out = self.notes(|r| &r.cautions, claims);
        for i in self.fired_refs(|r| &r.interactions) {
            let Some(m) = text.medications.get(i) else {
                continue;
            };
            if m.interaction == Interaction::Spacing || m.interaction == Interaction::None {
                continue;
            }
            claims.add(&m.claims);
            out.push(Note {
                id: m.id.clone(),
                text: m.text.clone(),
            });
        }
        out
    }

    fn assumptions(&self) -> Vec<Assumption> {
        let text = self.text();
        let mut out: Vec<Assumption> = Vec::new();
        for r in self.effective() {
            for &i in &r.refs.assumes {
                let Some(n) = text.notes.get(i) else {
                    continue;
                };
                if out.iter().any(|a| a.id == n.id) {
                    continue;
                }
                out.push(Assumption {
                    id: n.id.clone(),
                    fields: self
                        .engine
                        .field_names(&r.rule.condition.unknown_fields(self.facts.as_slice())),
                    text: n.text.clone(),
                });
            }
        }
        out
    }

    fn evidence(&self, claims: &[usize]) -> Vec<Evidence> {
        let text = self.text();
        claims
            .iter()
            .filter_map(|&i| text.claims.get(i))
            .map(|c| Evidence {
                claim: c.id.clone(),
                grade: c.grade,
                statement: c.statement.clone(),
                sources: c.sources.clone(),
            })
            .collect()
    }
}

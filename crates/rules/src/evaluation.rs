//! [`Evaluation`]: a plan decided, with its text written out only when it
//! is read. Every decision is made when the engine evaluates a profile;
//! what is left for later is copying the chosen content into a [`Plan`],
//! or writing it straight into the plan's JSON, and explaining the trace.

use std::ops::Deref;
use std::sync::OnceLock;

use serde::{Serialize, Serializer};

use crampwise_expr::{Escaping, Explaining, Value};

use crate::decide::{FiredSet, PlanDecisions, StatusReason};
use crate::engine::{Engine, Summary};
use crate::facts::{self, field, Facts};
use crate::kernel;
use crate::picks::{self, FiredRule, Picks, Section, TAG};
use crate::plan::{
    Assumption, Cap, Companion, DailyDose, Dose, Evidence, Food, Measure, Note, Plan, RankedForm,
    Reason, Spacing, SupplementPlan, Text, TraceEntry, Triage, Undecided,
};
use crate::plan_text::{
    ClaimText, CompanionText, FoodText, MeasureText, MedicationText, NoteText, PlanText, ReasonText,
};
use crate::profile::{Avoid, Diet, FormId};
use crate::render::mg;
use crate::ruleset::Rule;

/// The plan for one profile, as [`Engine::evaluate`] gives it: every
/// decision made, the text built when first read.
///
/// It reads as a [`Plan`] (it derefs to one, built on first use, as
/// [`std::sync::LazyLock`] does), and [`Evaluation::to_json`] writes the
/// contract's JSON straight from the decisions, without building the
/// [`Plan`]; the bytes are the same either way.
///
/// ```
/// use crampwise_rules::{Engine, Profile};
///
/// let engine = Engine::embedded()?;
/// let profile = Profile::from_json(r#"{"age": 45, "cramps": {"per_week": 3},
///     "conditions": [], "medications": [], "symptoms": []}"#)?;
/// let evaluation = engine.evaluate(&profile);
/// let json = evaluation.to_json();
/// assert_eq!(evaluation.triage.level.as_str(), "self_care");
/// assert_eq!(json, evaluation.into_plan().to_json());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Evaluation<'e> {
    engine: &'e Engine,
    facts: Facts,
    core: PlanDecisions,
    fired: FiredSet,
    picks: Picks,
    plan: OnceLock<Plan>,
}

/// Why the supplement status is what it is, in words.
pub(crate) enum StatusWords<'e> {
    Note(&'e NoteText),
    Engine(&'static str),
    Unnamed,
}

/// A caution: a note, or a medicine's interaction advice.
pub(crate) enum Caution<'e> {
    Note(&'e NoteText),
    Medication(&'e MedicationText),
}

impl<'e> Evaluation<'e> {
    pub(crate) fn new(
        engine: &'e Engine,
        facts: Facts,
        core: PlanDecisions,
        fired: FiredSet,
        undecided: Vec<u32>,
    ) -> Evaluation<'e> {
        let picks = picks::choose(engine, &facts, &core, &fired, undecided);
        Evaluation {
            engine,
            facts,
            core,
            fired,
            picks,
            plan: OnceLock::new(),
        }
    }

    /// The plan, built on first use.
    pub fn plan(&self) -> &Plan {
        self.plan.get_or_init(|| self.build_plan())
    }

    /// The plan, owned.
    pub fn into_plan(self) -> Plan {
        match self.plan.into_inner() {
            Some(plan) => plan,
            None => Evaluation {
                plan: OnceLock::new(),
                ..self
            }
            .build_plan(),
        }
    }

    /// The plan as compact JSON: the same bytes as [`Plan::to_json`].
    pub fn to_json(&self) -> String {
        // A plan is 10 to 20 KB: one allocation instead of a dozen regrowths.
        let mut out = String::with_capacity(24 * 1024);
        self.write_json(&mut out);
        out
    }

    /// Appends the plan's compact JSON to `out`.
    pub fn write_json(&self, out: &mut String) {
        crate::plan_json::write_evaluation(self, out);
    }

    /// The decisions, as [`Engine::summarize`] gives them.
    pub fn summary(&self) -> Summary {
        Summary {
            core: self.core,
            fired: self.fired,
        }
    }

    pub(crate) fn text(&self) -> &'e PlanText {
        &self.engine.text
    }

    pub(crate) fn core(&self) -> &PlanDecisions {
        &self.core
    }

    pub(crate) fn fired_rules(&self) -> impl Iterator<Item = FiredRule<'e>> + '_ {
        picks::fired_rules(self.engine, &self.fired)
    }

    fn number(&self, id: crampwise_expr::FieldId) -> Option<f64> {
        facts::number(&self.facts, id)
    }

    pub(crate) fn reasons(&self) -> impl Iterator<Item = &'e ReasonText> + '_ {
        let text = self.text();
        self.picks
            .section(Section::Reasons)
            .iter()
            .filter_map(move |&p| picks::reason_text(text, p))
    }

    pub(crate) fn status_words(&self) -> StatusWords<'e> {
        let text = self.text();
        match (self.picks.status_note, self.core.reason) {
            (Some(i), _) => match text.notes.get(to_usize(i)) {
                Some(n) => StatusWords::Note(n),
                None => StatusWords::Unnamed,
            },
            (None, StatusReason::Engine(id)) => StatusWords::Engine(id),
            (None, StatusReason::Note(_)) => StatusWords::Unnamed,
        }
    }

    pub(crate) fn schedule(&self) -> impl Iterator<Item = Dose> + '_ {
        let form = self.core.form.and_then(|f| self.engine.form_id(f));
        form.into_iter().flat_map(move |form| {
            self.core
                .doses()
                .iter()
                .map(move |&(time, elemental_mg)| Dose {
                    form,
                    time,
                    elemental_mg,
                })
        })
    }

    pub(crate) fn daily(&self) -> DailyDose {
        DailyDose {
            start: self.core.start_mg,
            target: self.core.target_mg,
            max: self.core.cap_mg,
        }
    }

    pub(crate) fn cap(&self) -> Cap {
        Cap {
            jurisdiction: facts::jurisdiction(&self.facts),
            upper_limit_mg: self.core.upper_limit_mg,
            already_taken_mg: self.core.taken_mg,
            rule_cap_mg: self.core.rule_cap_mg,
        }
    }

    /// The listed forms, best first: form, name, score, and the rules that scored it.
    pub(crate) fn forms(
        &self,
    ) -> impl Iterator<Item = (FormId, &'e Text, i32, impl Iterator<Item = &'e Text> + '_)> + '_
    {
        let text = self.text();
        self.picks
            .section(Section::Forms)
            .iter()
            .filter_map(move |&order| {
                let order = to_usize(order);
                let form = self.engine.forms.get(order).copied().flatten()?;
                let name = text.form_names.get(order)?;
                let score = self.core.scores.get(order).copied().unwrap_or(0);
                let bit = 1u64 << order;
                let because = self
                    .fired_rules()
                    .filter(move |r| r.refs.prefers & bit != 0)
                    .map(|r| &r.refs.id);
                Some((form, name, score, because))
            })
    }

    pub(crate) fn spacing(&self) -> impl Iterator<Item = &'e MedicationText> + '_ {
        let text = self.text();
        self.picks
            .section(Section::Spacing)
            .iter()
            .filter_map(move |&i| text.medications.get(to_usize(i)))
    }

    /// Companions shown, with the amount a day and the limit applied.
    pub(crate) fn companions(
        &self,
    ) -> impl Iterator<Item = (&'e CompanionText, Option<f64>, Option<f64>)> + '_ {
        let text = self.text();
        let shown = self.picks.section(Section::Companions).iter();
        shown
            .zip(&self.picks.companion_amounts)
            .filter_map(move |(&i, &(daily, limit))| {
                Some((text.companions.get(to_usize(i))?, daily, limit))
            })
    }

    pub(crate) fn lifestyle(&self) -> impl Iterator<Item = &'e MeasureText> + '_ {
        let text = self.text();
        self.picks
            .section(Section::Lifestyle)
            .iter()
            .filter_map(move |&i| text.measures.get(to_usize(i)))
    }

    /// Foods that fit the diet, most magnesium first, as many as the policy lists.
    pub(crate) fn foods(&self) -> impl Iterator<Item = &'e FoodText> + '_ {
        let diet = match self.facts.get(field::DIET.index()) {
            Some(Value::Enum(i)) => Diet::ALL.get(usize::from(*i)).copied(),
            _ => None,
        };
        let avoid_animal = matches!(
            self.facts.get(field::AVOID.index()),
            Some(Value::Set(bits)) if bits & (1 << Avoid::AnimalIngredients.index()) != 0
        );
        let listed = if self.picks.foods {
            self.engine.rules.policy().foods_listed
        } else {
            0
        };
        // Already verified and in order, most magnesium first.
        self.text()
            .foods
            .iter()
            .filter(move |f| match diet {
                Some(Diet::Vegan) => f.vegan,
                Some(Diet::Vegetarian) => f.vegetarian,
                _ => true,
            })
            .filter(move |f| !avoid_animal || f.vegan)
            .take(listed)
    }

    pub(crate) fn cautions(&self) -> impl Iterator<Item = Caution<'e>> + '_ {
        let text = self.text();
        self.picks
            .section(Section::Cautions)
            .iter()
            .filter_map(move |&p| {
                if p & TAG == 0 {
                    text.notes.get(to_usize(p)).map(Caution::Note)
                } else {
                    text.medications
                        .get(to_usize(p & !TAG))
                        .map(Caution::Medication)
                }
            })
    }

    pub(crate) fn expectations(&self) -> impl Iterator<Item = &'e NoteText> + '_ {
        let text = self.text();
        self.picks
            .section(Section::Expectations)
            .iter()
            .filter_map(move |&i| text.notes.get(to_usize(i)))
    }

    /// Each assumption's note and the rule whose unknown fields it names.
    pub(crate) fn assumptions(&self) -> impl Iterator<Item = (&'e NoteText, &'e Rule)> + '_ {
        let text = self.text();
        let rules = self.engine.rules.rules();
        self.picks
            .section(Section::Assumptions)
            .chunks_exact(2)
            .filter_map(move |pair| {
                let &[note, rule] = pair else { return None };
                Some((text.notes.get(to_usize(note))?, rules.get(to_usize(rule))?))
            })
    }

    /// The undecided safety rules: id, and the rule.
    pub(crate) fn undecided(&self) -> impl Iterator<Item = (&'e Text, &'e Rule)> + '_ {
        let text = self.text();
        let rules = self.engine.rules.rules();
        self.picks
            .section(Section::Undecided)
            .iter()
            .filter_map(move |&i| {
                let i = to_usize(i);
                Some((&text.rules.get(i)?.id, rules.get(i)?))
            })
    }

    /// The names of the fields of `rule` this profile leaves unknown.
    pub(crate) fn unknown_fields(&self, rule: &Rule) -> Vec<Text> {
        self.engine
            .field_names(&rule.condition.unknown_fields(self.facts.as_slice()))
    }

    pub(crate) fn evidence(&self) -> impl Iterator<Item = &'e ClaimText> + '_ {
        let text = self.text();
        self.picks
            .claims
            .iter()
            .filter_map(move |&i| text.claims.get(to_usize(i)))
    }

    /// Every fired rule with its explanation, then the kernel's corrections.
    pub(crate) fn trace(&self, mut each: impl FnMut(&Text, &str)) {
        let schema = &self.engine.schema;
        let mut scratch = Explaining::default();
        let mut because = String::with_capacity(128);
        for r in self.fired_rules() {
            because.clear();
            r.rule.condition.because_into(
                self.facts.as_slice(),
                schema,
                "; ",
                Escaping::Plain,
                &mut scratch,
                &mut because,
            );
            each(&r.refs.id, &because);
        }
        for why in self.core.kernel.reasons() {
            each(&self.text().kernel_rule, why);
        }
    }

    /// Why `rule` fired, as the inside of a JSON string (the `because` of
    /// its trace entry).
    pub(crate) fn explain_json(&self, rule: &Rule, scratch: &mut Explaining, out: &mut String) {
        rule.condition.because_into(
            self.facts.as_slice(),
            &self.engine.schema,
            "; ",
            Escaping::Json,
            scratch,
            out,
        );
    }

    /// A note's text with its `{placeholders}` filled from this plan's
    /// numbers (the content loader accepts only the names below).
    pub(crate) fn fill(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_owned();
        }
        let core = &self.core;
        let age = self.number(field::AGE).unwrap_or(0.0);
        let jurisdiction = facts::jurisdiction(&self.facts);
        let b6_limit = kernel::companion_allowance_mg(
            "vitamin_b6",
            self.engine
                .content
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

    /// A note as the plan shows it: its text filled when it has placeholders.
    fn note(&self, n: &NoteText) -> Note {
        Note {
            id: n.id.clone(),
            text: if n.placeholders {
                self.fill(&n.text).into()
            } else {
                n.text.clone()
            },
        }
    }

    fn build_plan(&self) -> Plan {
        let text = self.text();
        let (reason_id, reason) = match self.status_words() {
            StatusWords::Note(n) => (n.id.clone(), n.text.clone()),
            StatusWords::Engine(id) => (id.into(), id.replace('_', " ").into()),
            StatusWords::Unnamed => (Text::default(), Text::default()),
        };
        let mut summary = Vec::new();
        crate::summary::lines(self, |line| summary.push(Text::from(line)));
        let mut trace = Vec::new();
        self.trace(|rule, because| {
            trace.push(TraceEntry {
                rule: rule.clone(),
                because: because.into(),
            });
        });
        Plan {
            summary,
            triage: Triage {
                level: self.core.level,
                reasons: self
                    .reasons()
                    .map(|r| Reason {
                        id: r.id.clone(),
                        level: r.level,
                        text: r.text.clone(),
                    })
                    .collect(),
            },
            supplement: SupplementPlan {
                status: self.core.status,
                reason,
                reason_id,
                schedule: self.schedule().collect(),
                daily_elemental_mg: self.daily(),
                cap: self.cap(),
                forms: self
                    .forms()
                    .map(|(form, name, score, because)| RankedForm {
                        form,
                        name: name.clone(),
                        score,
                        because: because.cloned().collect(),
                    })
                    .collect(),
                spacing: self
                    .spacing()
                    .filter_map(|m| {
                        Some(Spacing {
                            medication: m.medication?,
                            text: m.text.clone(),
                            hours_before: m.hours_before,
                            hours_after: m.hours_after,
                        })
                    })
                    .collect(),
            },
            companions: self
                .companions()
                .map(|(c, daily_mg, limit_mg)| Companion {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    text: c.text.clone(),
                    daily_mg,
                    limit_mg,
                })
                .collect(),
            lifestyle: self
                .lifestyle()
                .map(|m| Measure {
                    id: m.id.clone(),
                    rank: m.rank,
                    text: m.text.clone(),
                })
                .collect(),
            foods: self
                .foods()
                .map(|f| Food {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    mg_per_serving: f.mg_per_serving,
                    serving: f.serving.clone(),
                })
                .collect(),
            cautions: self
                .cautions()
                .map(|c| match c {
                    Caution::Note(n) => self.note(n),
                    Caution::Medication(m) => Note {
                        id: m.id.clone(),
                        text: m.text.clone(),
                    },
                })
                .collect(),
            expectations: self.expectations().map(|n| self.note(n)).collect(),
            assumptions: self
                .assumptions()
                .map(|(n, rule)| Assumption {
                    id: n.id.clone(),
                    fields: self.unknown_fields(rule),
                    text: n.text.clone(),
                })
                .collect(),
            undecided: self
                .undecided()
                .map(|(id, rule)| Undecided {
                    rule: id.clone(),
                    unknown: self.unknown_fields(rule),
                })
                .collect(),
            evidence: self
                .evidence()
                .map(|c| Evidence {
                    claim: c.id.clone(),
                    grade: c.grade,
                    statement: c.statement.clone(),
                    sources: c.sources.clone(),
                })
                .collect(),
            disclaimer: text.disclaimer.clone(),
            safety_net: text.safety_net.clone(),
            trace,
            versions: text.versions.clone(),
        }
    }
}

fn to_usize(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

impl Deref for Evaluation<'_> {
    type Target = Plan;

    fn deref(&self) -> &Plan {
        self.plan()
    }
}

impl AsRef<Plan> for Evaluation<'_> {
    fn as_ref(&self) -> &Plan {
        self.plan()
    }
}

impl From<Evaluation<'_>> for Plan {
    fn from(evaluation: Evaluation<'_>) -> Plan {
        evaluation.into_plan()
    }
}

impl std::fmt::Debug for Evaluation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.plan(), f)
    }
}

impl std::fmt::Display for Evaluation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.plan(), f)
    }
}

impl PartialEq for Evaluation<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.plan() == other.plan()
    }
}

impl PartialEq<Plan> for Evaluation<'_> {
    fn eq(&self, other: &Plan) -> bool {
        self.plan() == other
    }
}

impl Serialize for Evaluation<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.plan().serialize(serializer)
    }
}

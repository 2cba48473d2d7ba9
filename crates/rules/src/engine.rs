//! The engine: evaluates every rule against a profile's facts, combines the
//! effects under explicit precedence, and builds the plan.
//!
//! Precedence, whatever the rule order: the triage level is the highest any
//! fired rule raised it to; the supplement status is the most restrictive;
//! every cap is the lowest. So no rule can lower triage or lift a cap that
//! another set. Triage and safety rules are evaluated first.

use std::path::Path;

use crampwise_content::{Content, ContentErrors, Interaction, Jurisdiction};
use crampwise_expr::Value;

use crate::decide::{Compiled, Core, FiredSet, StatusReason, MAX_FORMS};
use crate::facts::{self, field, Facts};
use crate::plan::{
    self, Assumption, Cap, Companion, DailyDose, Dose, Evidence, Food, Measure, Note, Plan,
    RankedForm, Reason, Spacing, Status, SupplementPlan, TraceEntry, Triage, Undecided, Versions,
};
use crate::profile::{Avoid, Diet, Profile};
use crate::profile_parse::ProfileErrors;
use crate::ruleset::{Category, Rule, RuleErrors, Ruleset};

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
    compiled: Compiled,
    safety: Vec<bool>,
}

/// The decisions of a plan without its text: what batch jobs need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// The core decisions (triage level, status, cap, dose, form, schedule).
    pub core: Core,
    /// Which rules fired, by evaluation index (see [`Engine::fired_rule_ids`]).
    pub fired: FiredSet,
}

/// Everything the rules decided for one profile, before text is attached.
#[derive(Debug, Default)]
struct Decisions {
    fired: FiredSet,
    undecided: Vec<Undecided>,
}

impl Engine {
    /// The embedded content and default rules.
    pub fn embedded() -> Result<Engine, LoadError> {
        let content = Content::embedded()?;
        let rules = Ruleset::embedded(&content)?;
        Ok(Engine::new(content, rules))
    }

    /// Same as [`Engine::embedded`]: the embedded content and default rules.
    #[allow(clippy::should_implement_trait)]
    pub fn default() -> Result<Engine, LoadError> {
        Engine::embedded()
    }

    /// The embedded content with the rules of `rules_dir`.
    pub fn from_dir(rules_dir: impl AsRef<Path>) -> Result<Engine, LoadError> {
        let content = Content::embedded()?;
        let rules = Ruleset::from_dir(rules_dir, &content)?;
        Ok(Engine::new(content, rules))
    }

    /// Custom content and/or rules directories (`None`: embedded).
    pub fn from_dirs(
        content_dir: Option<&Path>,
        rules_dir: Option<&Path>,
    ) -> Result<Engine, LoadError> {
        let content = match content_dir {
            Some(d) => Content::from_dir(d)?,
            None => Content::embedded()?,
        };
        let rules = match rules_dir {
            Some(d) => Ruleset::from_dir(d, &content)?,
            None => Ruleset::embedded(&content)?,
        };
        Ok(Engine::new(content, rules))
    }

    /// An engine from loaded parts; compiles the rules' effects against the content.
    pub fn new(content: Content, rules: Ruleset) -> Engine {
        let compiled = Compiled::new(&rules, &content);
        let safety = rules
            .rules()
            .iter()
            .map(|r| r.category.is_safety())
            .collect();
        Engine {
            content,
            rules,
            schema: facts::schema(),
            compiled,
            safety,
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
    pub fn evaluate_json(&self, profile_json: &str) -> Result<String, ProfileErrors> {
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
        let core = Core::decide(&self.compiled, &self.content, facts, &fired);
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
                let core = Core::decide(&self.compiled, &self.content, row, &fired);
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

    /// Content id of a form index (as in [`Core::form`]).
    pub fn form_id(&self, index: u8) -> Option<&str> {
        self.content
            .forms()
            .get(usize::from(index))
            .map(|f| f.id.as_str())
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
        let core = Core::decide(&self.compiled, &self.content, &facts, &fired);
        let undecided = undecided
            .into_iter()
            .filter_map(|i| self.rules.rules().get(i))
            .map(|rule| Undecided {
                rule: rule.id.clone(),
                unknown: self.field_names(&rule.condition.unknown_fields(facts.as_slice())),
            })
            .collect();
        let plan = Builder {
            engine: self,
            facts: &facts,
            core,
            decisions: Decisions { fired, undecided },
        }
        .build();
        (Summary { core, fired }, plan)
    }

    fn field_names(&self, ids: &[crampwise_expr::FieldId]) -> Vec<String> {
        ids.iter()
            .map(|f| self.schema.field_name(*f).to_owned())
            .collect()
    }
}

struct Builder<'a> {
    engine: &'a Engine,
    facts: &'a Facts,
    core: Core,
    decisions: Decisions,
}

fn push_unique<'a>(list: &mut Vec<&'a str>, id: &'a str) {
    if !list.contains(&id) {
        list.push(id);
    }
}

impl<'a> Builder<'a> {
    fn content(&self) -> &'a Content {
        &self.engine.content
    }

    fn number(&self, id: crampwise_expr::FieldId) -> Option<f64> {
        match self.facts[id.index()] {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    fn jurisdiction(&self) -> Jurisdiction {
        match self.facts[field::JURISDICTION.index()] {
            Value::Enum(1) => Jurisdiction::Eu,
            _ => Jurisdiction::Us,
        }
    }

    fn fired(&self) -> impl Iterator<Item = &'a Rule> + '_ {
        let rules: &'a [Rule] = self.engine.rules.rules();
        self.decisions
            .fired
            .iter()
            .filter_map(move |i| rules.get(i))
    }

    /// Fired rules whose effects apply: advice about taking a supplement
    /// (form, timing, dose and companion rules) is left out unless one is
    /// suggested. Every fired rule stays in the trace.
    fn effective(&self) -> impl Iterator<Item = &'a Rule> + '_ {
        let suggested = self.core.status == Status::Suggested;
        self.fired().filter(move |r| {
            suggested
                || !matches!(
                    r.category,
                    Category::Form | Category::Timing | Category::Dose | Category::Companion
                )
        })
    }

    fn build(self) -> Plan {
        let mut claims: Vec<&'a str> = Vec::new();
        for rule in self.effective() {
            for c in &rule.claims {
                push_unique(&mut claims, c);
            }
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
        let expectations = self.notes(|r| &r.effects.expectations, &mut claims);
        let assumptions = self.assumptions();
        let evidence = self.evidence(&claims);
        let disclaimer = self
            .content()
            .note("guidance_not_diagnosis")
            .map(|n| n.text.clone())
            .unwrap_or_else(|| {
                "This is general guidance, not a diagnosis or medical advice.".to_owned()
            });
        let schema = &self.engine.schema;
        let trace = self
            .fired()
            .map(|r| TraceEntry {
                rule: r.id.clone(),
                because: r
                    .condition
                    .because_joined(self.facts.as_slice(), schema, "; "),
            })
            .collect();
        let versions = Versions {
            content: self.content().version().to_owned(),
            rules: self.engine.rules.version().to_owned(),
            contract: plan::CONTRACT_VERSION.to_owned(),
        };
        Plan {
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
            disclaimer,
            trace,
            versions,
        }
    }

    fn triage(&self, claims: &mut Vec<&'a str>) -> Triage {
        let mut reasons: Vec<Reason> = Vec::new();
        for rule in self.fired() {
            let Some(id) = &rule.effects.red_flag else {
                continue;
            };
            let Some(flag) = self.content().red_flag(id) else {
                continue;
            };
            if !reasons.iter().any(|r| &r.id == id) {
                for c in &flag.claims {
                    push_unique(claims, c);
                }
                reasons.push(Reason {
                    id: id.clone(),
                    level: flag.level,
                    text: flag.text.clone(),
                });
            }
        }
        // Most serious first, then in firing order.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
        Triage {
            level: self.core.level,
            reasons,
        }
    }

    fn supplement(&self, claims: &mut Vec<&'a str>) -> SupplementPlan {
        let core = &self.core;
        let note = match core.reason {
            StatusReason::Note(i) => self.content().notes().get(i),
            StatusReason::Engine(id) => self.content().note(id),
        };
        let (reason_id, reason) = match (note, core.reason) {
            (Some(n), _) => {
                for c in &n.claims {
                    push_unique(claims, c);
                }
                (n.id.clone(), n.text.clone())
            }
            (None, StatusReason::Engine(id)) => (id.to_owned(), id.replace('_', " ")),
            (None, StatusReason::Note(_)) => (String::new(), String::new()),
        };
        let jurisdiction = self.jurisdiction();
        let cap = Cap {
            jurisdiction: jurisdiction.as_str().to_owned(),
            upper_limit_mg: core.upper_limit_mg,
            already_taken_mg: core.taken_mg,
            rule_cap_mg: core.rule_cap_mg,
        };
        let form_id = core.form.and_then(|f| self.engine.form_id(f));
        let schedule: Vec<Dose> = match form_id {
            Some(form) => core
                .doses()
                .iter()
                .map(|&(time, elemental_mg)| Dose {
                    form: form.to_owned(),
                    time,
                    elemental_mg,
                })
                .collect(),
            None => Vec::new(),
        };
        if let Some(f) = form_id.and_then(|id| self.content().form(id)) {
            for c in &f.claims {
                push_unique(claims, c);
            }
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
        let mut ranked: Vec<(usize, RankedForm)> = Vec::new();
        for (order, form) in self.content().forms().iter().enumerate().take(MAX_FORMS) {
            if core.allowed & (1 << order) == 0 {
                continue;
            }
            let because = self
                .fired()
                .filter(|r| r.effects.prefer.iter().any(|(id, _)| id == &form.id))
                .map(|r| r.id.clone())
                .collect();
            ranked.push((
                order,
                RankedForm {
                    form: form.id.clone(),
                    name: form.name.clone(),
                    score: core.scores[order],
                    because,
                },
            ));
        }
        ranked.sort_by(|(oa, a), (ob, b)| b.score.cmp(&a.score).then(oa.cmp(ob)));
        ranked
            .into_iter()
            .map(|(_, f)| f)
            .take(self.engine.rules.policy().forms_listed)
            .collect()
    }

    fn fired_ids(&self, pick: impl Fn(&'a Rule) -> &'a Vec<String>) -> Vec<String> {
        let mut out = Vec::new();
        for rule in self.effective() {
            for id in pick(rule) {
                push_unique(&mut out, id);
            }
        }
        out.into_iter().map(str::to_owned).collect()
    }

    fn spacing(&self, claims: &mut Vec<&'a str>) -> Vec<Spacing> {
        let mut out = Vec::new();
        for id in self.fired_ids(|r| &r.effects.interactions) {
            let Some(m) = self.content().medication(&id) else {
                continue;
            };
            if m.interaction != Interaction::Spacing {
                continue;
            }
            for c in &m.claims {
                push_unique(claims, c);
            }
            out.push(Spacing {
                medication: id,
                text: m.text.clone(),
                hours_before: m.hours_before,
                hours_after: m.hours_after,
            });
        }
        out
    }

    fn companions(&self, claims: &mut Vec<&'a str>) -> Vec<Companion> {
        let age = self.number(field::AGE).unwrap_or(0.0);
        let jurisdiction = self.jurisdiction();
        let mut out = Vec::new();
        for id in self.fired_ids(|r| &r.effects.companions) {
            let Some(c) = self.content().companion(&id) else {
                continue;
            };
            if !c.suggest {
                continue;
            }
            let (daily_mg, limit_mg) = match c.suggested_mg {
                None => (None, None),
                Some(suggested) => {
                    // No known limit for this age: not suggested at all.
                    let Some(limit) = self.content().companion_limit_mg(&id, age, jurisdiction)
                    else {
                        continue;
                    };
                    let taken = match id.as_str() {
                        "vitamin_b6" => self.number(field::SUPP_B6),
                        "taurine" => self.number(field::SUPP_TAURINE),
                        _ => None,
                    }
                    .unwrap_or(0.0);
                    // The suggested amount is the day's total from all supplements,
                    // never above the limit: only what is missing is suggested.
                    let daily = suggested.min(limit) - taken;
                    if daily <= 0.0 {
                        continue;
                    }
                    (Some(daily), Some(limit))
                }
            };
            for cl in &c.claims {
                push_unique(claims, cl);
            }
            out.push(Companion {
                id,
                name: c.name.clone(),
                text: c.text.clone(),
                daily_mg,
                limit_mg,
            });
        }
        out
    }

    fn lifestyle(&self) -> Vec<Measure> {
        let mut out: Vec<Measure> = self
            .fired_ids(|r| &r.effects.lifestyle)
            .into_iter()
            .filter_map(|id| {
                self.content().measure(&id).map(|m| Measure {
                    id,
                    rank: m.rank,
                    text: m.text.clone(),
                })
            })
            .collect();
        out.sort_by_key(|m| m.rank);
        out
    }

    fn foods(&self) -> Vec<Food> {
        if !self.effective().any(|r| r.effects.foods) {
            return Vec::new();
        }
        let diet = match self.facts[field::DIET.index()] {
            Value::Enum(i) => Diet::ALL.get(usize::from(i)).copied(),
            _ => None,
        };
        let avoid_animal = matches!(
            self.facts[field::AVOID.index()],
            Value::Set(bits) if bits & (1 << Avoid::AnimalIngredients.index()) != 0
        );
        let mut foods: Vec<_> = self
            .content()
            .foods()
            .iter()
            .filter(|f| f.verified)
            .filter(|f| match diet {
                Some(Diet::Vegan) => f.vegan,
                Some(Diet::Vegetarian) => f.vegetarian,
                _ => true,
            })
            .filter(|f| !avoid_animal || f.vegan)
            .collect();
        foods.sort_by(|a, b| b.mg_per_serving.total_cmp(&a.mg_per_serving));
        foods
            .into_iter()
            .take(self.engine.rules.policy().foods_listed)
            .map(|f| Food {
                id: f.id.clone(),
                name: f.name.clone(),
                mg_per_serving: f.mg_per_serving,
                serving: f.serving.clone(),
            })
            .collect()
    }

    fn notes(&self, pick: impl Fn(&Rule) -> &Vec<String>, claims: &mut Vec<&'a str>) -> Vec<Note> {
        self.fired_ids(pick)
            .into_iter()
            .filter_map(|id| {
                let n = self.content().note(&id)?;
                for c in &n.claims {
                    push_unique(claims, c);
                }
                Some(Note {
                    id,
                    text: n.text.clone(),
                })
            })
            .collect()
    }

    fn cautions(&self, claims: &mut Vec<&'a str>) -> Vec<Note> {
        let mut out = self.notes(|r| &r.effects.cautions, claims);
        for id in self.fired_ids(|r| &r.effects.interactions) {
            let Some(m) = self.content().medication(&id) else {
                continue;
            };
            if m.interaction == Interaction::Spacing || m.interaction == Interaction::None {
                continue;
            }
            for c in &m.claims {
                push_unique(claims, c);
            }
            out.push(Note {
                id,
                text: m.text.clone(),
            });
        }
        out
    }

    fn assumptions(&self) -> Vec<Assumption> {
        let mut out: Vec<Assumption> = Vec::new();
        for rule in self.effective() {
            for id in &rule.effects.assumes {
                if out.iter().any(|a| &a.id == id) {
                    continue;
                }
                let Some(n) = self.content().note(id) else {
                    continue;
                };
                out.push(Assumption {
                    id: id.clone(),
                    fields: self
                        .engine
                        .field_names(&rule.condition.unknown_fields(self.facts.as_slice())),
                    text: n.text.clone(),
                });
            }
        }
        out
    }

    fn evidence(&self, claims: &[&str]) -> Vec<Evidence> {
        claims
            .iter()
            .filter_map(|id| {
                let c = self.content().claim(id)?;
                Some(Evidence {
                    claim: (*id).to_owned(),
                    grade: c.grade,
                    statement: c.statement.clone(),
                    sources: c.sources.clone(),
                })
            })
            .collect()
    }
}

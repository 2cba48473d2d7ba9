//! The text plans are made of, prepared once when the engine loads: every
//! content string a plan can quote as a shared [`Text`] (JSON-escaped
//! once), every item a plan can show as its whole JSON object, and every id
//! a rule's effects name resolved to its item's position, so building a plan
//! copies no string and looks nothing up by id.

use crampwise_content::{Content, Grade, Interaction, TriageLevel};

use crate::kernel;
use crate::plan::{self, Evidence, Food, Measure, Note, Reason, Spacing, Text, TextList, Versions};
use crate::plan_json::json_of;
use crate::profile::Medication;
use crate::ruleset::Ruleset;

/// A claim, as evidence quotes it.
#[derive(Debug, Clone)]
pub(crate) struct ClaimText {
    pub id: Text,
    pub grade: Grade,
    pub statement: Text,
    pub sources: TextList,
    /// The claim as the evidence's JSON object.
    pub json: Box<str>,
}

/// A note (caution, expectation, assumption, status reason).
#[derive(Debug, Clone)]
pub(crate) struct NoteText {
    pub id: Text,
    pub text: Text,
    /// The text has `{placeholders}` to fill for each plan.
    pub placeholders: bool,
    pub claims: Vec<usize>,
    /// The note as a plan's JSON note object (its text unfilled).
    pub json: Box<str>,
    /// The length of its first sentence (the summary quotes it).
    pub first_sentence: usize,
}

/// A triage reason: a content warning sign, or one the kernel names
/// whatever the rules did.
#[derive(Debug, Clone)]
pub(crate) struct ReasonText {
    pub id: Text,
    pub level: TriageLevel,
    pub text: Text,
    /// Its name in the summary.
    pub name: Box<str>,
    pub claims: Vec<usize>,
    /// The reason as its JSON object.
    pub json: Box<str>,
}

impl ReasonText {
    fn new(id: &str, level: TriageLevel, text: &str, name: &str, claims: Vec<usize>) -> Self {
        let id = Text::shared(id);
        let text = Text::shared(text);
        let json = json_of(&Reason {
            id: id.clone(),
            level,
            text: text.clone(),
        });
        ReasonText {
            id,
            level,
            text,
            name: name.into(),
            claims,
            json,
        }
    }
}

/// A medicine's interaction advice.
#[derive(Debug, Clone)]
pub(crate) struct MedicationText {
    pub id: Text,
    /// The profile's name for it; `None` when the profile cannot name it.
    pub medication: Option<Medication>,
    pub interaction: Interaction,
    pub text: Text,
    pub hours_before: Option<f64>,
    pub hours_after: Option<f64>,
    pub claims: Vec<usize>,
    /// As a caution: the JSON note object.
    pub note_json: Box<str>,
    /// As spacing advice: the JSON object, when the profile can name it.
    pub spacing_json: Option<Box<str>>,
}

/// A companion nutrient.
#[derive(Debug, Clone)]
pub(crate) struct CompanionText {
    pub id: Text,
    pub name: Text,
    pub text: Text,
    pub claims: Vec<usize>,
    /// Its JSON object up to the amounts: `{"id":…,"text":…,"daily_mg":`.
    pub json_head: Box<str>,
}

/// A lifestyle measure.
#[derive(Debug, Clone)]
pub(crate) struct MeasureText {
    pub id: Text,
    pub rank: u32,
    pub text: Text,
    pub json: Box<str>,
    /// The length of its first sentence (the summary quotes it).
    pub first_sentence: usize,
}

/// A food.
#[derive(Debug, Clone)]
pub(crate) struct FoodText {
    pub id: Text,
    pub name: Text,
    pub serving: Text,
    pub mg_per_serving: f64,
    pub vegan: bool,
    pub vegetarian: bool,
    pub json: Box<str>,
}

/// A rule's effects, by position in the collections above.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleRefs {
    /// The rule's id.
    pub id: Text,
    pub claims: Vec<usize>,
    pub red_flag: Option<usize>,
    pub cautions: Vec<usize>,
    pub expectations: Vec<usize>,
    pub assumes: Vec<usize>,
    pub lifestyle: Vec<usize>,
    pub companions: Vec<usize>,
    pub interactions: Vec<usize>,
    /// Bit `i`: the rule scores content form `i`.
    pub prefers: u64,
}

/// Everything above, for one engine.
#[derive(Debug, Clone)]
pub(crate) struct PlanText {
    pub rules: Vec<RuleRefs>,
    pub fields: Vec<Text>,
    pub claims: Vec<ClaimText>,
    pub notes: Vec<NoteText>,
    pub red_flags: Vec<ReasonText>,
    pub medications: Vec<MedicationText>,
    pub companions: Vec<CompanionText>,
    pub measures: Vec<MeasureText>,
    /// Verified foods, most magnesium a serving first (content order breaks ties).
    pub foods: Vec<FoodText>,
    pub form_names: Vec<Text>,
    pub form_claims: Vec<Vec<usize>>,
    /// The kernel's signs, in [`kernel::SIGNS`] order, each with the
    /// content's text when it has the sign at this level or above.
    pub signs: Vec<ReasonText>,
    pub kernel_rule: Text,
    pub disclaimer: Text,
    pub safety_net: Text,
    pub versions: Versions,
}

/// The text up to and including the full stop that ends its first sentence
/// (all of it when it has one sentence).
pub(crate) fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => text.get(..=end).unwrap_or(text),
        None => text,
    }
}

/// The positions of `ids` that name an item, in order (as `position` finds them).
fn positions(ids: &[String], position: impl Fn(&str) -> Option<usize>) -> Vec<usize> {
    ids.iter().filter_map(|id| position(id)).collect()
}

impl PlanText {
    pub(crate) fn new(content: &Content, rules: &Ruleset, schema: &crampwise_expr::Schema) -> Self {
        let claims = |ids: &[String]| positions(ids, |id| content.claim_position(id));
        let notes = |ids: &[String]| positions(ids, |id| content.note_position(id));
        let rule_refs = rules
            .rules()
            .iter()
            .map(|rule| {
                let e = &rule.effects;
                RuleRefs {
                    id: Text::shared(&rule.id),
                    claims: claims(&rule.claims),
                    red_flag: e
                        .red_flag
                        .as_deref()
                        .and_then(|id| content.red_flag_position(id)),
                    cautions: notes(&e.cautions),
                    expectations: notes(&e.expectations),
                    assumes: notes(&e.assumes),
                    lifestyle: positions(&e.lifestyle, |id| content.measure_position(id)),
                    companions: positions(&e.companions, |id| content.companion_position(id)),
                    interactions: positions(&e.interactions, |id| content.medication_position(id)),
                    prefers: e
                        .prefer
                        .iter()
                        .filter_map(|(id, _)| content.form_position(id))
                        .filter(|&i| i < 64)
                        .fold(0, |bits, i| bits | 1 << i),
                }
            })
            .collect();

        let mut foods: Vec<_> = content.foods().iter().filter(|f| f.verified).collect();
        // Stable: content order breaks ties, as when each plan sorted them.
        foods.sort_by(|a, b| b.mg_per_serving.total_cmp(&a.mg_per_serving));

        let note_text = |id: &str, fallback: &str| {
            let text = content
                .note(id)
                .map(|n| n.text.as_str())
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(fallback);
            Text::shared(text)
        };

        PlanText {
            rules: rule_refs,
            fields: schema
                .iter()
                .map(|(_, name, _)| Text::shared(name))
                .collect(),
            claims: content
                .claims()
                .iter()
                .map(|c| {
                    let evidence = Evidence {
                        claim: Text::shared(&c.id),
                        grade: c.grade,
                        statement: Text::shared(&c.statement),
                        sources: c
                            .sources
                            .iter()
                            .map(|s| Text::shared(s))
                            .collect::<Vec<_>>()
                            .into(),
                    };
                    ClaimText {
                        json: json_of(&evidence),
                        id: evidence.claim,
                        grade: c.grade,
                        statement: evidence.statement,
                        sources: evidence.sources,
                    }
                })
                .collect(),
            notes: content
                .notes()
                .iter()
                .map(|n| {
                    let note = Note {
                        id: Text::shared(&n.id),
                        text: Text::shared(&n.text),
                    };
                    NoteText {
                        json: json_of(&note),
                        id: note.id,
                        text: note.text,
                        placeholders: n.text.contains('{'),
                        claims: claims(&n.claims),
                        first_sentence: first_sentence(&n.text).len(),
                    }
                })
                .collect(),
            red_flags: content
                .red_flags()
                .iter()
                .map(|f| ReasonText::new(&f.id, f.level, &f.text, &f.name, claims(&f.claims)))
                .collect(),
            medications: content
                .medications()
                .iter()
                .map(|m| {
                    let id = Text::shared(&m.id);
                    let text = Text::shared(&m.text);
                    let medication: Option<Medication> = m.id.parse().ok();
                    MedicationText {
                        note_json: json_of(&Note {
                            id: id.clone(),
                            text: text.clone(),
                        }),
                        spacing_json: medication.map(|medication| {
                            json_of(&Spacing {
                                medication,
                                text: text.clone(),
                                hours_before: m.hours_before,
                                hours_after: m.hours_after,
                            })
                        }),
                        id,
                        medication,
                        interaction: m.interaction,
                        text,
                        hours_before: m.hours_before,
                        hours_after: m.hours_after,
                        claims: claims(&m.claims),
                    }
                })
                .collect(),
            companions: content
                .companions()
                .iter()
                .map(|c| {
                    let (id, name, text) = (
                        Text::shared(&c.id),
                        Text::shared(&c.name),
                        Text::shared(&c.text),
                    );
                    let mut json_head = String::new();
                    for (key, value) in [
                        ("{\"id\":", &id),
                        (",\"name\":", &name),
                        (",\"text\":", &text),
                    ] {
                        json_head.push_str(key);
                        value.write_json(&mut json_head);
                    }
                    json_head.push_str(",\"daily_mg\":");
                    CompanionText {
                        id,
                        name,
                        text,
                        claims: claims(&c.claims),
                        json_head: json_head.into(),
                    }
                })
                .collect(),
            measures: content
                .lifestyle()
                .iter()
                .map(|m| {
                    let measure = Measure {
                        id: Text::shared(&m.id),
                        rank: m.rank,
                        text: Text::shared(&m.text),
                    };
                    MeasureText {
                        json: json_of(&measure),
                        id: measure.id,
                        rank: m.rank,
                        text: measure.text,
                        first_sentence: first_sentence(&m.text).len(),
                    }
                })
                .collect(),
            foods: foods
                .into_iter()
                .map(|f| {
                    let food = Food {
                        id: Text::shared(&f.id),
                        name: Text::shared(&f.name),
                        mg_per_serving: f.mg_per_serving,
                        serving: Text::shared(&f.serving),
                    };
                    FoodText {
                        json: json_of(&food),
                        id: food.id,
                        name: food.name,
                        serving: food.serving,
                        mg_per_serving: f.mg_per_serving,
                        vegan: f.vegan,
                        vegetarian: f.vegetarian,
                    }
                })
                .collect(),
            form_names: content
                .forms()
                .iter()
                .map(|f| Text::shared(&f.name))
                .collect(),
            form_claims: content.forms().iter().map(|f| claims(&f.claims)).collect(),
            signs: kernel::SIGNS
                .iter()
                .map(|sign| {
                    let flag = content.red_flag(sign.id);
                    let text = match flag {
                        Some(flag) if flag.level >= sign.level => flag.text.as_str(),
                        _ => sign.text,
                    };
                    let name = match flag {
                        Some(flag) => flag.name.clone(),
                        None => sign.id.replace('_', " "),
                    };
                    ReasonText::new(sign.id, sign.level, text, &name, Vec::new())
                })
                .collect(),
            kernel_rule: Text::shared(kernel::KERNEL_RULE),
            disclaimer: note_text("guidance_not_diagnosis", kernel::FALLBACK_DISCLAIMER),
            safety_net: note_text("safety_net", kernel::FALLBACK_SAFETY_NET),
            versions: Versions {
                content: Text::shared(content.version()),
                rules: Text::shared(rules.version()),
                contract: Text::shared(plan::CONTRACT_VERSION),
            },
        }
    }
}

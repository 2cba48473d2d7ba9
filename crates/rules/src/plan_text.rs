//! The text plans are made of, prepared once when the engine loads: every
//! content string a plan can quote as a shared [`Text`] (JSON-escaped
//! once), and every id a rule's effects name resolved to its item's
//! position, so building a plan copies no string and looks nothing up by id.

use std::collections::HashMap;

use crampwise_content::{Content, Grade, Interaction, TriageLevel};

use crate::kernel;
use crate::plan::{self, Text, TextList, Versions};
use crate::profile::Medication;
use crate::ruleset::Ruleset;

/// A claim, as evidence quotes it.
#[derive(Debug, Clone)]
pub(crate) struct ClaimText {
    pub id: Text,
    pub grade: Grade,
    pub statement: Text,
    pub sources: TextList,
}

/// A note (caution, expectation, assumption, status reason).
#[derive(Debug, Clone)]
pub(crate) struct NoteText {
    pub id: Text,
    pub text: Text,
    /// The text has `{placeholders}` to fill for each plan.
    pub placeholders: bool,
    pub claims: Vec<usize>,
}

/// A warning sign.
#[derive(Debug, Clone)]
pub(crate) struct RedFlagText {
    pub id: Text,
    pub level: TriageLevel,
    pub text: Text,
    pub claims: Vec<usize>,
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
}

/// A companion nutrient.
#[derive(Debug, Clone)]
pub(crate) struct CompanionText {
    pub id: Text,
    pub name: Text,
    pub text: Text,
    pub claims: Vec<usize>,
}

/// A lifestyle measure.
#[derive(Debug, Clone)]
pub(crate) struct MeasureText {
    pub id: Text,
    pub rank: u32,
    pub text: Text,
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
}

/// A warning sign the kernel names whatever the rules did.
#[derive(Debug, Clone)]
pub(crate) struct SignText {
    pub id: Text,
    pub level: TriageLevel,
    /// The content's text when it has the sign at this level or above,
    /// otherwise the kernel's own.
    pub text: Text,
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
    notes_by_id: HashMap<String, usize>,
    pub red_flags: Vec<RedFlagText>,
    pub medications: Vec<MedicationText>,
    pub companions: Vec<CompanionText>,
    pub measures: Vec<MeasureText>,
    /// Verified foods, most magnesium a serving first (content order breaks ties).
    pub foods: Vec<FoodText>,
    pub form_names: Vec<Text>,
    pub form_claims: Vec<Vec<usize>>,
    pub signs: Vec<SignText>,
    pub kernel_rule: Text,
    pub disclaimer: Text,
    pub safety_net: Text,
    pub versions: Versions,
}

impl PlanText {
    /// The note of this id.
    pub(crate) fn note(&self, id: &str) -> Option<&NoteText> {
        self.notes_by_id.get(id).and_then(|&i| self.notes.get(i))
    }
}

/// Positions by id, for one collection.
struct Positions<'a>(HashMap<&'a str, usize>);

impl<'a> Positions<'a> {
    fn of<T>(items: &'a [T], id: fn(&T) -> &str) -> Positions<'a> {
        let mut map = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            // Ids are unique once content validates; the first wins as in `Content`'s index.
            map.entry(id(item)).or_insert(i);
        }
        Positions(map)
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.0.get(id).copied()
    }

    /// The positions of `ids` that name an item, in order.
    fn all(&self, ids: &[String]) -> Vec<usize> {
        ids.iter().filter_map(|id| self.get(id)).collect()
    }
}

impl PlanText {
    pub(crate) fn new(content: &Content, rules: &Ruleset, schema: &crampwise_expr::Schema) -> Self {
        let claims = Positions::of(content.claims(), |c| &c.id);
        let notes = Positions::of(content.notes(), |n| &n.id);
        let red_flags = Positions::of(content.red_flags(), |f| &f.id);
        let medications = Positions::of(content.medications(), |m| &m.id);
        let companions = Positions::of(content.companions(), |c| &c.id);
        let measures = Positions::of(content.lifestyle(), |m| &m.id);
        let forms = Positions::of(content.forms(), |f| &f.id);

        let rule_refs = rules
            .rules()
            .iter()
            .map(|rule| {
                let e = &rule.effects;
                RuleRefs {
                    id: Text::shared(&rule.id),
                    claims: claims.all(&rule.claims),
                    red_flag: e.red_flag.as_deref().and_then(|id| red_flags.get(id)),
                    cautions: notes.all(&e.cautions),
                    expectations: notes.all(&e.expectations),
                    assumes: notes.all(&e.assumes),
                    lifestyle: measures.all(&e.lifestyle),
                    companions: companions.all(&e.companions),
                    interactions: medications.all(&e.interactions),
                    prefers: e
                        .prefer
                        .iter()
                        .filter_map(|(id, _)| forms.get(id))
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
                .map(|c| ClaimText {
                    id: Text::shared(&c.id),
                    grade: c.grade,
                    statement: Text::shared(&c.statement),
                    sources: c
                        .sources
                        .iter()
                        .map(|s| Text::shared(s))
                        .collect::<Vec<_>>()
                        .into(),
                })
                .collect(),
            notes_by_id: notes
                .0
                .iter()
                .map(|(id, &i)| ((*id).to_owned(), i))
                .collect(),
            notes: content
                .notes()
                .iter()
                .map(|n| NoteText {
                    id: Text::shared(&n.id),
                    text: Text::shared(&n.text),
                    placeholders: n.text.contains('{'),
                    claims: claims.all(&n.claims),
                })
                .collect(),
            red_flags: content
                .red_flags()
                .iter()
                .map(|f| RedFlagText {
                    id: Text::shared(&f.id),
                    level: f.level,
                    text: Text::shared(&f.text),
                    claims: claims.all(&f.claims),
                })
                .collect(),
            medications: content
                .medications()
                .iter()
                .map(|m| MedicationText {
                    id: Text::shared(&m.id),
                    medication: m.id.parse().ok(),
                    interaction: m.interaction,
                    text: Text::shared(&m.text),
                    hours_before: m.hours_before,
                    hours_after: m.hours_after,
                    claims: claims.all(&m.claims),
                })
                .collect(),
            companions: content
                .companions()
                .iter()
                .map(|c| CompanionText {
                    id: Text::shared(&c.id),
                    name: Text::shared(&c.name),
                    text: Text::shared(&c.text),
                    claims: claims.all(&c.claims),
                })
                .collect(),
            measures: content
                .lifestyle()
                .iter()
                .map(|m| MeasureText {
                    id: Text::shared(&m.id),
                    rank: m.rank,
                    text: Text::shared(&m.text),
                })
                .collect(),
            foods: foods
                .into_iter()
                .map(|f| FoodText {
                    id: Text::shared(&f.id),
                    name: Text::shared(&f.name),
                    serving: Text::shared(&f.serving),
                    mg_per_serving: f.mg_per_serving,
                    vegan: f.vegan,
                    vegetarian: f.vegetarian,
                })
                .collect(),
            form_names: content
                .forms()
                .iter()
                .map(|f| Text::shared(&f.name))
                .collect(),
            form_claims: content
                .forms()
                .iter()
                .map(|f| claims.all(&f.claims))
                .collect(),
            signs: kernel::SIGNS
                .iter()
                .map(|sign| SignText {
                    id: Text::shared(sign.id),
                    level: sign.level,
                    text: match content.red_flag(sign.id) {
                        Some(flag) if flag.level >= sign.level => Text::shared(&flag.text),
                        _ => Text::shared(sign.text),
                    },
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

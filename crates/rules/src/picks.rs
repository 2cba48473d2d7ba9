//! The first half of building a plan: which content items it shows, chosen
//! by position in the engine's [`PlanText`], with no text copied or made.
//! [`crate::evaluation`] writes the chosen items out, as a [`crate::Plan`]
//! or straight into JSON; both read the same picks, so they agree.

use crampwise_content::Interaction;

use crate::decide::{FiredSet, PlanDecisions, StatusReason};
use crate::engine::Engine;
use crate::facts::{field, jurisdiction, number, Facts};
use crate::kernel;
use crate::plan::Status;
use crate::plan_text::{PlanText, RuleRefs};
use crate::ruleset::{Category, Rule};

/// A plan's sections whose items are chosen here, in the order they are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// Safety rules left undecided (rule positions).
    Undecided,
    /// Triage reasons: red flags, or kernel signs with [`TAG`].
    Reasons,
    /// Listed forms, best first (content form positions).
    Forms,
    /// Spacing advice (medication positions).
    Spacing,
    /// Companions shown (companion positions).
    Companions,
    /// Lifestyle measures by rank (measure positions).
    Lifestyle,
    /// Cautions: notes, or medications with [`TAG`].
    Cautions,
    /// Expectations (note positions).
    Expectations,
    /// Assumptions: pairs of note position and the rule that assumed it.
    Assumptions,
}

const SECTIONS: usize = 9;

impl Section {
    /// The section's place in the order.
    fn index(self) -> usize {
        match self {
            Section::Undecided => 0,
            Section::Reasons => 1,
            Section::Forms => 2,
            Section::Spacing => 3,
            Section::Companions => 4,
            Section::Lifestyle => 5,
            Section::Cautions => 6,
            Section::Expectations => 7,
            Section::Assumptions => 8,
        }
    }
}

/// Marks the second kind of item in a section that holds two.
pub(crate) const TAG: u32 = 1 << 31;

/// Claims below this are remembered as bits; beyond, by search.
const CLAIM_BITS: usize = 512;

/// Everything a plan shows, by position: one list of positions, section by
/// section, and the claims in the order first cited.
#[derive(Debug, Clone, Default)]
pub(crate) struct Picks {
    items: Vec<u32>,
    /// Where each section ends in `items`.
    ends: [u32; SECTIONS],
    /// How many sections are closed.
    closed: usize,
    /// Claim positions, each once, in the order first cited.
    pub claims: Vec<u32>,
    claim_seen: [u64; CLAIM_BITS / 64],
    /// Each shown companion's amount a day and limit, in [`Section::Companions`] order.
    pub companion_amounts: Vec<(Option<f64>, Option<f64>)>,
    /// The status reason's note position, when it has one.
    pub status_note: Option<u32>,
    /// Whether foods are shown.
    pub foods: bool,
}

fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn to_usize(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

impl Picks {
    /// Where the section of place `at` starts in `items`: where the one
    /// before it ends.
    fn start(&self, at: usize) -> usize {
        match at.checked_sub(1) {
            Some(before) => to_usize(self.ends.get(before).copied().unwrap_or(0)),
            None => 0,
        }
    }

    /// The positions of a section.
    pub(crate) fn section(&self, section: Section) -> &[u32] {
        let at = section.index();
        let end = to_usize(self.ends.get(at).copied().unwrap_or(0));
        self.items.get(self.start(at)..end).unwrap_or_default()
    }

    /// The positions added since the last section closed.
    fn open(&self) -> &[u32] {
        self.items
            .get(self.start(self.closed)..)
            .unwrap_or_default()
    }

    fn open_mut(&mut self) -> &mut [u32] {
        let start = self.start(self.closed);
        self.items.get_mut(start..).unwrap_or_default()
    }

    fn push(&mut self, item: u32) {
        self.items.push(item);
    }

    /// Adds `item` to the open section unless it is there already.
    fn push_new(&mut self, item: u32) -> bool {
        if self.open().contains(&item) {
            return false;
        }
        self.items.push(item);
        true
    }

    /// Ends `section`, which must be the next one.
    fn close(&mut self, section: Section) {
        debug_assert_eq!(section.index(), self.closed);
        if let Some(end) = self.ends.get_mut(section.index()) {
            *end = to_u32(self.items.len());
        }
        self.closed = section.index() + 1;
    }

    fn cite(&mut self, claims: &[usize]) {
        for &claim in claims {
            let new = match self.claim_seen.get_mut(claim / 64) {
                Some(word) => {
                    let bit = 1u64 << (claim % 64);
                    let new = *word & bit == 0;
                    *word |= bit;
                    new
                }
                None => !self.claims.contains(&to_u32(claim)),
            };
            if new {
                self.claims.push(to_u32(claim));
            }
        }
    }
}

/// A fired rule with its position and its effects resolved at load.
#[derive(Clone, Copy)]
pub(crate) struct FiredRule<'a> {
    pub index: usize,
    pub rule: &'a Rule,
    pub refs: &'a RuleRefs,
}

/// The fired rules of `fired`, in evaluation order.
pub(crate) fn fired_rules<'a: 'f, 'f>(
    engine: &'a Engine,
    fired: &'f FiredSet,
) -> impl Iterator<Item = FiredRule<'a>> + 'f {
    let rules: &'a [Rule] = engine.rules.rules();
    let refs: &'a [RuleRefs] = &engine.text.rules;
    fired.iter().filter_map(move |index| {
        Some(FiredRule {
            index,
            rule: rules.get(index)?,
            refs: refs.get(index)?,
        })
    })
}

/// Whether a fired rule's effects apply: advice about taking a supplement
/// (form, timing, dose and companion rules) is left out unless one is
/// suggested. Every fired rule stays in the trace.
pub(crate) fn is_effective(rule: &Rule, status: Status) -> bool {
    status == Status::Suggested
        || !matches!(
            rule.category,
            Category::Form | Category::Timing | Category::Dose | Category::Companion
        )
}

/// A companion's suggested amount and the limit applied, both mg a day;
/// `None` when it is not to be shown (no known limit for this age, or
/// nothing left under it after what is taken).
fn companion_amounts(
    engine: &Engine,
    facts: &Facts,
    index: usize,
) -> Option<(Option<f64>, Option<f64>)> {
    let c = engine.content.companions().get(index)?;
    let id = c.id.as_str();
    if !c.suggest || id == "potassium" {
        return None;
    }
    let Some(suggested) = c.suggested_mg else {
        return Some((None, None));
    };
    let age = number(facts, field::AGE).unwrap_or(0.0);
    let jurisdiction = jurisdiction(facts);
    let taken = match id {
        "vitamin_b6" => number(facts, field::SUPP_B6),
        "taurine" => number(facts, field::SUPP_TAURINE),
        _ => None,
    }
    .unwrap_or(0.0);
    // The kernel never lets the limit exceed the reference value.
    let content_limit = engine.content.companion_limit_mg(id, age, jurisdiction);
    let room = kernel::companion_allowance_mg(id, content_limit, taken, age, jurisdiction)?;
    // The suggested amount is the day's total from all supplements, never
    // above the limit: only what is missing is suggested.
    let daily = suggested.min(room + taken) - taken;
    if daily.is_nan() || daily <= 0.0 {
        return None;
    }
    Some((Some(daily), Some(room + taken)))
}

/// Chooses what a plan shows; the order of the steps is the order claims
/// are cited in the evidence.
pub(crate) fn choose(
    engine: &Engine,
    facts: &Facts,
    core: &PlanDecisions,
    fired: &FiredSet,
    undecided: Vec<u32>,
) -> Picks {
    let text: &PlanText = &engine.text;
    // The undecided rules come first: their list becomes the picks'.
    let mut picks = Picks {
        items: undecided,
        claims: Vec::with_capacity(32),
        ..Picks::default()
    };
    picks.items.reserve(48);
    picks.close(Section::Undecided);
    let effective = || fired_rules(engine, fired).filter(|r| is_effective(r.rule, core.status));
    for r in effective() {
        picks.cite(&r.refs.claims);
    }

    // Triage: the rules' warning signs, then every contract sign present
    // that they did not name, most serious first, then in firing order.
    for r in fired_rules(engine, fired) {
        let Some(i) = r.refs.red_flag else { continue };
        let Some(flag) = text.red_flags.get(i) else {
            continue;
        };
        if picks.push_new(to_u32(i)) {
            picks.cite(&flag.claims);
        }
    }
    for (s, (sign, sign_text)) in kernel::SIGNS.iter().zip(&text.signs).enumerate() {
        if !sign.present(facts) {
            continue;
        }
        let named = picks
            .open()
            .iter()
            .any(|&p| reason_text(text, p).is_some_and(|r| r.id == sign_text.id));
        if !named {
            picks.push(TAG | to_u32(s));
        }
    }
    picks
        .open_mut()
        .sort_by_key(|&p| std::cmp::Reverse(reason_text(text, p).map(|r| r.level)));
    picks.close(Section::Reasons);

    // The supplement: its reason, the chosen form, the ranked forms, spacing.
    let note = match core.reason {
        StatusReason::Note(i) => Some(i),
        StatusReason::Engine(id) => engine.content.note_position(id),
    }
    .filter(|&i| text.notes.get(i).is_some());
    if let Some(n) = note.and_then(|i| text.notes.get(i)) {
        picks.cite(&n.claims);
    }
    picks.status_note = note.map(to_u32);
    let chosen = core.form.filter(|&f| engine.form_id(f).is_some());
    if let Some(form_claims) = chosen.and_then(|f| text.form_claims.get(usize::from(f))) {
        picks.cite(form_claims);
    }
    rank_forms(engine, core, &mut picks);
    picks.close(Section::Forms);
    for r in effective() {
        for &i in &r.refs.interactions {
            let Some(m) = text.medications.get(i) else {
                continue;
            };
            if m.interaction != Interaction::Spacing || m.medication.is_none() {
                continue;
            }
            if picks.push_new(to_u32(i)) {
                picks.cite(&m.claims);
            }
        }
    }
    picks.close(Section::Spacing);

    if core.status == Status::Suggested {
        for r in effective() {
            for &i in &r.refs.companions {
                let Some(shown) = text.companions.get(i) else {
                    continue;
                };
                if picks.open().contains(&to_u32(i)) {
                    continue;
                }
                let Some(amounts) = companion_amounts(engine, facts, i) else {
                    continue;
                };
                picks.push(to_u32(i));
                picks.companion_amounts.push(amounts);
                picks.cite(&shown.claims);
            }
        }
    }
    picks.close(Section::Companions);

    for r in effective() {
        for &i in &r.refs.lifestyle {
            if text.measures.get(i).is_some() {
                picks.push_new(to_u32(i));
            }
        }
    }
    picks
        .open_mut()
        .sort_by_key(|&i| text.measures.get(to_usize(i)).map(|m| m.rank));
    picks.close(Section::Lifestyle);

    picks.foods = effective().any(|r| r.rule.effects.foods);

    // Cautions: the rules' notes, then interactions other than spacing.
    for r in effective() {
        for &i in &r.refs.cautions {
            if let Some(n) = text.notes.get(i) {
                if picks.push_new(to_u32(i)) {
                    picks.cite(&n.claims);
                }
            }
        }
    }
    for r in effective() {
        for &i in &r.refs.interactions {
            let Some(m) = text.medications.get(i) else {
                continue;
            };
            if matches!(m.interaction, Interaction::Spacing | Interaction::None) {
                continue;
            }
            if picks.push_new(TAG | to_u32(i)) {
                picks.cite(&m.claims);
            }
        }
    }
    picks.close(Section::Cautions);

    for r in effective() {
        for &i in &r.refs.expectations {
            if let Some(n) = text.notes.get(i) {
                if picks.push_new(to_u32(i)) {
                    picks.cite(&n.claims);
                }
            }
        }
    }
    picks.close(Section::Expectations);

    // Assumptions: each note once, with the first rule that assumed it.
    for r in effective() {
        for &i in &r.refs.assumes {
            if text.notes.get(i).is_none() {
                continue;
            }
            let known = picks
                .open()
                .chunks_exact(2)
                .any(|pair| pair.first() == Some(&to_u32(i)));
            if !known {
                picks.push(to_u32(i));
                picks.push(to_u32(r.index));
            }
        }
    }
    picks.close(Section::Assumptions);
    picks
}

/// A triage reason's text: a red flag, or a kernel sign with [`TAG`].
pub(crate) fn reason_text(text: &PlanText, pick: u32) -> Option<&crate::plan_text::ReasonText> {
    if pick & TAG == 0 {
        text.red_flags.get(to_usize(pick))
    } else {
        text.signs.get(to_usize(pick & !TAG))
    }
}

/// The allowed forms by score, best first (ties in content order), as many
/// as the policy lists.
fn rank_forms(engine: &Engine, core: &PlanDecisions, picks: &mut Picks) {
    let listed = engine.rules.policy().forms_listed;
    let forms = engine.text.form_names.len();
    let start = picks.items.len();
    for (order, _) in core.scores.iter().enumerate().take(forms) {
        if core.allowed & (1 << order) != 0 && engine.form_id(to_u8(order)).is_some() {
            picks.push(to_u32(order));
        }
    }
    let scores = &core.scores;
    let score = |order: u32| scores.get(to_usize(order)).copied().unwrap_or(i32::MIN);
    if let Some(ranked) = picks.items.get_mut(start..) {
        // Stable: content order breaks ties.
        ranked.sort_by_key(|&order| std::cmp::Reverse(score(order)));
    }
    picks.items.truncate(start.saturating_add(listed));
}

fn to_u8(i: usize) -> u8 {
    u8::try_from(i).unwrap_or(u8::MAX)
}

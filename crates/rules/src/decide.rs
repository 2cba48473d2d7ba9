//! The decisions of a plan (triage level, status, cap, dose, form, schedule),
//! computed from facts and the set of fired rules with no heap allocation.
//!
//! Both the full plan and the batch summary start here, so they cannot
//! disagree. Rule effects are compiled at load into indices and bitmasks over
//! the content (forms, red flags, notes), so evaluation compares integers.

use crampwise_content::{Content, Jurisdiction, TimeOfDay, TriageLevel};
use crampwise_expr::{Block, Condition, Truth, Value, BLOCK_ROWS};

use crate::facts::{field, number, Facts};
use crate::number::usize_from;
use crate::plan::Status;
use crate::ruleset::{Policy, Rule, Ruleset, MAX_RULES};

/// Most magnesium forms the engine ranks (the content has 14).
pub(crate) const MAX_FORMS: usize = 32;
const WORDS: usize = MAX_RULES.div_ceil(64);

/// Which rules fired, by evaluation index: a fixed bitset, no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiredSet {
    words: [u64; WORDS],
}

impl Default for FiredSet {
    fn default() -> Self {
        FiredSet { words: [0; WORDS] }
    }
}

impl FiredSet {
    fn insert(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    /// Whether rule `i` (evaluation order) fired.
    pub fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Indices of the fired rules, in evaluation order.
    pub fn iter(&self) -> FiredIter<'_> {
        FiredIter {
            words: &self.words,
            base: 0,
            next_base: 0,
            bits: 0,
        }
    }

    /// How many rules fired.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| usize_from(w.count_ones())).sum()
    }

    /// Whether no rule fired.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// The rules in both sets.
    fn and(&self, other: &FiredSet) -> FiredSet {
        let mut words = self.words;
        for (w, o) in words.iter_mut().zip(other.words) {
            *w &= o;
        }
        FiredSet { words }
    }
}

/// The indices of a [`FiredSet`], in order.
#[derive(Debug, Clone)]
pub struct FiredIter<'a> {
    /// The words not read yet.
    words: &'a [u64],
    /// The index of bit 0 of `bits`.
    base: usize,
    /// The index of bit 0 of `words[0]`.
    next_base: usize,
    /// The bits of the current word not yet returned.
    bits: u64,
}

impl Iterator for FiredIter<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            let (&word, rest) = self.words.split_first()?;
            self.base = self.next_base;
            self.next_base += 64;
            self.bits = word;
            self.words = rest;
        }
        let bit = usize_from(self.bits.trailing_zeros());
        self.bits &= self.bits - 1;
        Some(self.base + bit)
    }
}

/// A rule's effects on the core decisions, as indices into the content.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    pub condition: Condition,
    pub red_flag: Option<(usize, TriageLevel)>,
    pub status: Option<(Status, usize)>,
    pub suggested_note: Option<usize>,
    pub prefer: Vec<(u8, i32)>,
    pub exclude: u32,
    pub time: Vec<(u8, TimeOfDay)>,
    pub target_mg: Option<f64>,
    pub start_mg: Option<f64>,
    pub split: bool,
    pub avoid_morning: bool,
}

impl CompiledRule {
    /// Whether the rule changes any core decision when it fires (most
    /// rules only add content to the plan).
    fn is_decisive(&self) -> bool {
        self.red_flag.is_some()
            || self.status.is_some()
            || self.suggested_note.is_some()
            || !self.prefer.is_empty()
            || self.exclude != 0
            || !self.time.is_empty()
            || self.target_mg.is_some()
            || self.start_mg.is_some()
            || self.split
            || self.avoid_morning
    }
}

/// The ruleset compiled against one content.
#[derive(Debug, Clone)]
pub(crate) struct CompiledRules {
    pub rules: Vec<CompiledRule>,
    /// The rules that change a core decision: the only ones deciding reads.
    decisive: FiredSet,
    /// The rules that set a form's time of day.
    timed: FiredSet,
    /// The rules' conditions side by side, for evaluating one profile.
    pub conditions: crampwise_expr::Conditions,
    pub policy: Policy,
    /// Bit 0 capsule, 1 tablet, 2 powder, per form index.
    pub form_formats: Vec<u8>,
    pub form_timing: Vec<TimeOfDay>,
}

fn index_of<T>(items: &[T], id: &str, key: impl Fn(&T) -> &str) -> Option<usize> {
    items.iter().position(|x| key(x) == id)
}

impl CompiledRules {
    pub(crate) fn new(rules: &Ruleset, content: &Content) -> CompiledRules {
        let forms = content.forms();
        let form = |id: &str| index_of(forms, id, |f| &f.id).and_then(|i| u8::try_from(i).ok());
        let compile = |r: &Rule| {
            let e = &r.effects;
            CompiledRule {
                condition: r.condition.clone(),
                red_flag: e.red_flag.as_ref().and_then(|id| {
                    let mut flags = content.red_flags().iter().enumerate();
                    flags.find(|(_, f)| f.id == *id).map(|(i, f)| (i, f.level))
                }),
                status: e
                    .status
                    .as_ref()
                    .and_then(|(s, note)| Some((*s, index_of(content.notes(), note, |n| &n.id)?))),
                suggested_note: e
                    .suggested_note
                    .as_ref()
                    .and_then(|note| index_of(content.notes(), note, |n| &n.id)),
                prefer: e
                    .prefer
                    .iter()
                    .filter_map(|(f, s)| Some((form(f)?, *s)))
                    .collect(),
                exclude: e
                    .exclude
                    .iter()
                    .filter_map(|f| form(f))
                    .filter(|i| usize::from(*i) < MAX_FORMS)
                    .fold(0, |m, i| m | (1 << i)),
                time: e
                    .time
                    .iter()
                    .filter_map(|(f, t)| Some((form(f)?, *t)))
                    .collect(),
                target_mg: e.target_mg,
                start_mg: e.start_mg,
                split: e.split,
                avoid_morning: e.avoid_morning,
            }
        };
        let format_bits = |formats: &[String]| {
            formats.iter().fold(0u8, |m, f| match f.as_str() {
                "capsule" => m | 1,
                "tablet" => m | 2,
                "powder" => m | 4,
                _ => m,
            })
        };
        let compiled: Vec<CompiledRule> = rules.rules().iter().map(compile).collect();
        let rules_where = |keep: fn(&CompiledRule) -> bool| {
            let mut set = FiredSet::default();
            for (i, _) in compiled.iter().enumerate().filter(|(_, r)| keep(r)) {
                set.insert(i);
            }
            set
        };
        CompiledRules {
            decisive: rules_where(CompiledRule::is_decisive),
            timed: rules_where(|r| !r.time.is_empty()),
            rules: compiled,
            conditions: crampwise_expr::Conditions::new(rules.rules().iter().map(|r| &r.condition)),
            policy: *rules.policy(),
            form_formats: forms.iter().map(|f| format_bits(&f.formats)).collect(),
            form_timing: forms.iter().map(|f| f.timing).collect(),
        }
    }

    /// Evaluates every condition; `undecided` sees each safety rule left unknown.
    pub(crate) fn fire(
        &self,
        facts: &Facts,
        safety: &[bool],
        mut undecided: impl FnMut(usize),
    ) -> FiredSet {
        let mut fired = FiredSet::default();
        self.conditions
            .eval_each(facts.as_slice(), |i, truth| match truth {
                Truth::True => fired.insert(i),
                Truth::Unknown if safety.get(i).copied().unwrap_or(false) => undecided(i),
                _ => {}
            });
        fired
    }
}

impl CompiledRules {
    /// The fired rules of every row of `block`, each rule evaluated for the
    /// whole block at once; row `r` equals [`CompiledRules::fire`] on its facts.
    pub(crate) fn fire_block(&self, block: &Block) -> [FiredSet; BLOCK_ROWS] {
        self.fire_block_undecided(block, &[], |_, _| {})
    }

    /// [`CompiledRules::fire_block`], and `undecided(row, i)` for each row
    /// where safety rule `i` is unknown, in rule order for each row: what
    /// [`CompiledRules::fire`] reports for that row's facts.
    pub(crate) fn fire_block_undecided(
        &self,
        block: &Block,
        safety: &[bool],
        mut undecided: impl FnMut(usize, u32),
    ) -> [FiredSet; BLOCK_ROWS] {
        let mut fired = [FiredSet::default(); BLOCK_ROWS];
        let live = block.live();
        for (i, rule) in self.rules.iter().enumerate() {
            let truth = rule.condition.eval_block(block);
            for r in rows_of(truth.true_rows) {
                if let Some(set) = fired.get_mut(r) {
                    set.insert(i);
                }
            }
            if safety.get(i).copied().unwrap_or(false) {
                let unknown = live & !(truth.true_rows | truth.false_rows);
                let i = u32::try_from(i).unwrap_or(u32::MAX);
                for r in rows_of(unknown) {
                    undecided(r, i);
                }
            }
        }
        fired
    }
}

/// The positions of the set bits of `rows`, lowest first.
fn rows_of(mut rows: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (rows != 0).then(|| {
            let r = usize_from(rows.trailing_zeros());
            rows &= rows - 1;
            r
        })
    })
}

/// Why the supplement status is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusReason {
    /// A rule's status note (index into the content's notes).
    Note(usize),
    /// An engine decision, named by its content note id.
    Engine(&'static str),
}

/// The core decisions for one profile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanDecisions {
    /// Highest triage level raised.
    pub level: TriageLevel,
    /// Most restrictive status.
    pub status: Status,
    /// Why.
    pub reason: StatusReason,
    /// Supplemental upper limit for age and jurisdiction (`None`: not established).
    pub upper_limit_mg: Option<f64>,
    /// Magnesium already taken as supplements.
    pub taken_mg: f64,
    /// Upper limit minus what is taken, not below 0.
    pub cap_mg: f64,
    /// Lowest target any rule set.
    pub rule_cap_mg: Option<f64>,
    /// Daily target (0 unless suggested).
    pub target_mg: f64,
    /// Starting dose (0 unless suggested).
    pub start_mg: f64,
    /// Chosen form (index into the content's forms), if suggested.
    pub form: Option<u8>,
    /// Doses of the day; only the first `dose_count` are used.
    pub doses: [(TimeOfDay, f64); 2],
    /// How many doses.
    pub dose_count: usize,
    /// Form scores (by content index) and which forms are allowed.
    pub scores: [i32; MAX_FORMS],
    /// Bitmask of allowed forms.
    pub allowed: u32,
    /// What the safety kernel corrected (empty with sound rules).
    pub kernel: crate::kernel::Corrections,
}

fn round_down(value: f64, step: f64) -> f64 {
    ((value / step).floor() * step).max(0.0)
}

fn enum_index(facts: &Facts, id: crampwise_expr::FieldId) -> Option<u16> {
    match facts.get(id.index()) {
        Some(Value::Enum(i)) => Some(*i),
        _ => None,
    }
}

impl PlanDecisions {
    /// Decides triage, status, cap, dose, form and schedule: the rules'
    /// decisions, then the safety kernel over them.
    pub(crate) fn decide(
        compiled: &CompiledRules,
        content: &Content,
        facts: &Facts,
        fired: &FiredSet,
    ) -> PlanDecisions {
        let mut core = PlanDecisions::decide_rules(compiled, content, facts, fired);
        let content_ul = core.upper_limit_mg;
        core.kernel = crate::kernel::enforce(&mut core, facts, content_ul);
        core
    }

    /// The rules' decisions alone, before the kernel (for `rules lint`).
    pub(crate) fn decide_rules(
        compiled: &CompiledRules,
        content: &Content,
        facts: &Facts,
        fired: &FiredSet,
    ) -> PlanDecisions {
        let policy = &compiled.policy;
        let age = number(facts, field::AGE).unwrap_or(0.0);
        let jurisdiction = match enum_index(facts, field::JURISDICTION) {
            Some(1) => Jurisdiction::Eu,
            _ => Jurisdiction::Us,
        };
        let upper = content.supplemental_ul_mg(age, jurisdiction);
        let taken = number(facts, field::SUPP_MAGNESIUM).unwrap_or(0.0) + 0.0;
        // Whole mg, rounded down: what is left can never pass the limit by a fraction.
        let cap = (upper.unwrap_or(0.0) - taken).max(0.0).floor();

        // One pass over the fired rules: the lowest caps, the highest triage
        // level, the most restrictive status, form scores and exclusions.
        let n_forms = compiled.form_formats.len().min(MAX_FORMS);
        let mut allowed: u32 = if n_forms >= 32 {
            u32::MAX
        } else {
            (1u32 << n_forms) - 1
        };
        let mut scores = [0i32; MAX_FORMS];
        let mut rule_cap: Option<f64> = None;
        let mut rule_start: Option<f64> = None;
        let mut level = TriageLevel::SelfCare;
        let mut status = Status::Suggested;
        let mut reason = StatusReason::Engine("suggested_default");
        let mut avoid_morning = false;
        let mut split_rule = false;
        let mut suggested_note: Option<usize> = None;
        let decisive = fired.and(&compiled.decisive);
        for r in decisive.iter().filter_map(|i| compiled.rules.get(i)) {
            let lowest = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            rule_cap = lowest(rule_cap, r.target_mg);
            rule_start = lowest(rule_start, r.start_mg);
            if let Some((_, l)) = r.red_flag {
                level = level.max(l);
            }
            if let Some((s, note)) = r.status {
                if s > status {
                    status = s;
                    reason = StatusReason::Note(note);
                }
            }
            allowed &= !r.exclude;
            for &(f, s) in &r.prefer {
                if let Some(x) = scores.get_mut(usize::from(f)) {
                    *x = x.saturating_add(s);
                }
            }
            avoid_morning |= r.avoid_morning;
            split_rule |= r.split;
            suggested_note = suggested_note.or(r.suggested_note);
        }
        let target = round_down(rule_cap.unwrap_or(0.0).min(cap), policy.round_to_mg);

        if status < Status::ClinicianFirst && level >= TriageLevel::Clinician {
            status = Status::ClinicianFirst;
            reason = StatusReason::Engine("red_flag_first");
        }
        if status == Status::Suggested && upper.is_none() {
            status = Status::NotAdvised;
            reason = StatusReason::Engine("upper_limit_not_established");
        } else if status == Status::Suggested && upper.is_some_and(|ul| taken > ul) {
            status = Status::NotAdvised;
            reason = StatusReason::Engine("above_upper_limit");
        } else if status == Status::Suggested && target < policy.min_dose_mg {
            status = Status::NotAdvised;
            reason = StatusReason::Engine("at_upper_limit");
        }

        // Forms: honour the format preference, then take the best score.
        let format_bit = match enum_index(facts, field::FORMAT) {
            Some(0) => 1u8,
            Some(1) => 2,
            Some(2) => 4,
            _ => 0,
        };
        if format_bit != 0 {
            for (i, bits) in compiled.form_formats.iter().enumerate().take(n_forms) {
                if bits & format_bit == 0 {
                    allowed &= !(1 << i);
                }
            }
        }
        // The first of the highest scores among the allowed forms.
        let best = scores
            .iter()
            .enumerate()
            .take(n_forms)
            .filter(|(i, _)| allowed & (1 << i) != 0)
            .fold(None::<(usize, i32)>, |best, (i, &score)| match best {
                Some((b, high)) if high >= score => Some((b, high)),
                _ => Some((i, score)),
            })
            .map(|(i, _)| i);
        if status == Status::Suggested && best.is_none() {
            status = Status::NotAdvised;
            reason = StatusReason::Engine("no_suitable_form");
        }

        if let (Status::Suggested, StatusReason::Engine("suggested_default"), Some(note)) =
            (status, reason, suggested_note)
        {
            reason = StatusReason::Note(note);
        }

        let mut core = PlanDecisions {
            level,
            status,
            reason,
            upper_limit_mg: upper,
            taken_mg: taken,
            // Not advised: no allowance is shown, whatever the limit leaves.
            cap_mg: if status == Status::NotAdvised {
                0.0
            } else {
                cap
            },
            rule_cap_mg: rule_cap,
            target_mg: 0.0,
            start_mg: 0.0,
            form: None,
            doses: [(TimeOfDay::Evening, 0.0); 2],
            dose_count: 0,
            scores,
            allowed,
            kernel: crate::kernel::Corrections::default(),
        };
        let (Status::Suggested, Some(form)) = (status, best) else {
            return core;
        };
        let form_u8 = u8::try_from(form).unwrap_or(0);
        core.form = Some(form_u8);
        core.target_mg = target;
        core.start_mg = round_down(rule_start.unwrap_or(target).min(target), policy.round_to_mg)
            .max(policy.min_dose_mg.min(target));
        let mut time = compiled
            .form_timing
            .get(form)
            .copied()
            .unwrap_or(TimeOfDay::Evening);
        let timed = fired.and(&compiled.timed);
        for r in timed.iter().filter_map(|i| compiled.rules.get(i)) {
            if let Some((_, t)) = r.time.iter().find(|(f, _)| *f == form_u8) {
                time = *t;
            }
        }
        if avoid_morning && time == TimeOfDay::Morning {
            time = TimeOfDay::Midday;
        }
        let split = target > policy.split_above_mg || split_rule;
        let first = round_down(target / 2.0, policy.round_to_mg);
        if split && first >= policy.min_dose_mg {
            let (early, late) = match time {
                TimeOfDay::Bedtime => (TimeOfDay::Midday, TimeOfDay::Bedtime),
                _ if avoid_morning => (TimeOfDay::Midday, TimeOfDay::Evening),
                _ => (TimeOfDay::Morning, TimeOfDay::Evening),
            };
            core.doses = [(early, first), (late, target - first)];
            core.dose_count = 2;
        } else {
            core.doses = [(time, target), (time, 0.0)];
            core.dose_count = 1;
        }
        core
    }

    /// The doses in use.
    pub fn doses(&self) -> &[(TimeOfDay, f64)] {
        // The engine sets at most 2; a larger count set by hand means both.
        self.doses.get(..self.dose_count).unwrap_or(&self.doses)
    }

    /// Sum of the scheduled doses.
    pub fn schedule_total_mg(&self) -> f64 {
        self.doses().iter().map(|(_, mg)| mg).sum::<f64>() + 0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fired_iter_gives_every_index_in_order() {
        for picks in [
            vec![],
            vec![0],
            vec![63, 64],
            vec![1, 5, 64, 127, 128, MAX_RULES - 1],
        ] {
            let mut set = FiredSet::default();
            for &i in &picks {
                set.insert(i);
            }
            assert_eq!(set.iter().collect::<Vec<_>>(), picks);
            assert_eq!(set.len(), picks.len());
            assert!(picks.iter().all(|&i| set.contains(i)));
        }
    }
}

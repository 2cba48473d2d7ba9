//! A plan's compact JSON, written directly: the same bytes as its derived
//! `Serialize` through `serde_json` (the tests compare the two on every
//! example and on random profiles), but quoting content text from the form
//! escaped at load instead of escaping 14 KB again for every plan.

use crate::evaluation::{Caution, Evaluation, StatusWords};
use crate::plan::{
    Assumption, Cap, Companion, DailyDose, Dose, Evidence, Food, Measure, Note, Plan, RankedForm,
    Reason, Spacing, SupplementPlan, Text, TextList, TraceEntry, Triage, Undecided, Versions,
};
use crate::plan_text::NoteText;
use crate::text::write_json_str;

/// Something that writes itself as JSON.
pub(crate) trait WriteJson {
    fn write(&self, out: &mut String);
}

impl WriteJson for Text {
    fn write(&self, out: &mut String) {
        self.write_json(out);
    }
}

impl<T: WriteJson> WriteJson for [T] {
    fn write(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write(out);
        }
        out.push(']');
    }
}

/// A plain name: none of these needs escaping.
fn name(out: &mut String, s: &str) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

/// Milligrams and hours as [`crate::plan::serialize_mg`] writes them.
fn mg(out: &mut String, value: f64) {
    match crate::number::whole(value) {
        Some(i) => integer(out, i),
        None if value.is_finite() => match serde_json::to_string(&value) {
            Ok(s) => out.push_str(&s),
            Err(_) => out.push_str("null"),
        },
        None => out.push_str("null"),
    }
}

fn opt_mg(out: &mut String, value: Option<f64>) {
    match value {
        Some(v) => mg(out, v),
        None => out.push_str("null"),
    }
}

fn integer(out: &mut String, i: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(i));
}

/// Writes a JSON object whose keys need no escaping, each value by the
/// expression after its key, in the order of the plan's fields.
macro_rules! object {
    ($out:ident, $first:literal => $value:expr $(, $key:literal => $rest:expr)* $(,)?) => {{
        $out.push_str(concat!("{\"", $first, "\":"));
        $value;
        $(
            $out.push_str(concat!(",\"", $key, "\":"));
            $rest;
        )*
        $out.push('}');
    }};
}

/// `WriteJson` for plan types, field by field.
macro_rules! write_json {
    ($($ty:ty => |$this:ident, $out:ident| { $($key:literal => $value:expr),+ $(,)? })+) => {$(
        impl WriteJson for $ty {
            fn write(&self, $out: &mut String) {
                let $this = self;
                object!($out, $($key => $value),+);
            }
        }
    )+};
}

impl WriteJson for TextList {
    fn write(&self, out: &mut String) {
        self.as_slice().write(out);
    }
}

write_json! {
    Reason => |r, out| {
        "id" => r.id.write(out),
        "level" => name(out, r.level.as_str()),
        "text" => r.text.write(out),
    }
    Triage => |t, out| {
        "level" => name(out, t.level.as_str()),
        "reasons" => t.reasons.write(out),
    }
    Dose => |d, out| {
        "form" => name(out, d.form.as_str()),
        "time" => name(out, d.time.as_str()),
        "elemental_mg" => mg(out, d.elemental_mg),
    }
    DailyDose => |d, out| {
        "start" => mg(out, d.start),
        "target" => mg(out, d.target),
        "max" => mg(out, d.max),
    }
    Cap => |c, out| {
        "jurisdiction" => name(out, c.jurisdiction.as_str()),
        "upper_limit_mg" => opt_mg(out, c.upper_limit_mg),
        "already_taken_mg" => mg(out, c.already_taken_mg),
        "rule_cap_mg" => opt_mg(out, c.rule_cap_mg),
    }
    RankedForm => |f, out| {
        "form" => name(out, f.form.as_str()),
        "name" => f.name.write(out),
        "score" => integer(out, f.score),
        "because" => f.because.write(out),
    }
    Spacing => |s, out| {
        "medication" => name(out, s.medication.as_str()),
        "text" => s.text.write(out),
        "hours_before" => opt_mg(out, s.hours_before),
        "hours_after" => opt_mg(out, s.hours_after),
    }
    SupplementPlan => |s, out| {
        "status" => name(out, s.status.as_str()),
        "reason" => s.reason.write(out),
        "reason_id" => s.reason_id.write(out),
        "schedule" => s.schedule.write(out),
        "daily_elemental_mg" => s.daily_elemental_mg.write(out),
        "cap" => s.cap.write(out),
        "forms" => s.forms.write(out),
        "spacing" => s.spacing.write(out),
    }
    Companion => |c, out| {
        "id" => c.id.write(out),
        "name" => c.name.write(out),
        "text" => c.text.write(out),
        "daily_mg" => opt_mg(out, c.daily_mg),
        "limit_mg" => opt_mg(out, c.limit_mg),
    }
    Measure => |m, out| {
        "id" => m.id.write(out),
        "rank" => integer(out, m.rank),
        "text" => m.text.write(out),
    }
    Food => |f, out| {
        "id" => f.id.write(out),
        "name" => f.name.write(out),
        "mg_per_serving" => mg(out, f.mg_per_serving),
        "serving" => f.serving.write(out),
    }
    Note => |n, out| {
        "id" => n.id.write(out),
        "text" => n.text.write(out),
    }
    Assumption => |a, out| {
        "id" => a.id.write(out),
        "fields" => a.fields.write(out),
        "text" => a.text.write(out),
    }
    Undecided => |u, out| {
        "rule" => u.rule.write(out),
        "unknown" => u.unknown.write(out),
    }
    Evidence => |e, out| {
        "claim" => e.claim.write(out),
        "grade" => name(out, e.grade.as_str()),
        "statement" => e.statement.write(out),
        "sources" => e.sources.write(out),
    }
    TraceEntry => |t, out| {
        "rule" => t.rule.write(out),
        "because" => t.because.write(out),
    }
    Versions => |v, out| {
        "content" => v.content.write(out),
        "rules" => v.rules.write(out),
        "contract" => v.contract.write(out),
    }
    Plan => |p, out| {
        "summary" => p.summary.write(out),
        "triage" => p.triage.write(out),
        "supplement" => p.supplement.write(out),
        "companions" => p.companions.write(out),
        "lifestyle" => p.lifestyle.write(out),
        "foods" => p.foods.write(out),
        "cautions" => p.cautions.write(out),
        "expectations" => p.expectations.write(out),
        "assumptions" => p.assumptions.write(out),
        "undecided" => p.undecided.write(out),
        "evidence" => p.evidence.write(out),
        "disclaimer" => p.disclaimer.write(out),
        "safety_net" => p.safety_net.write(out),
        "trace" => p.trace.write(out),
        "versions" => p.versions.write(out),
    }
}

/// Appends the plan's compact JSON to `out`.
pub(crate) fn write_plan(plan: &Plan, out: &mut String) {
    plan.write(out);
}

/// An item's JSON, made once at load and quoted by every plan.
pub(crate) fn json_of<T: WriteJson>(item: &T) -> Box<str> {
    let mut out = String::new();
    item.write(&mut out);
    out.into_boxed_str()
}

/// `items` as a JSON array, each written by `write`.
fn array<T>(
    out: &mut String,
    items: impl Iterator<Item = T>,
    mut write: impl FnMut(&mut String, T),
) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(out, item);
    }
    out.push(']');
}

/// A note object whose text has placeholders, filled for this plan.
fn filled_note(ev: &Evaluation<'_>, n: &NoteText, out: &mut String) {
    if n.placeholders {
        object!(out,
            "id" => n.id.write(out),
            "text" => write_json_str(out, &ev.fill(&n.text)),
        );
    } else {
        out.push_str(&n.json);
    }
}

/// Appends an evaluation's plan JSON to `out`: the bytes [`write_plan`]
/// writes for its [`Plan`], from the decisions and the JSON made at load.
pub(crate) fn write_evaluation(ev: &Evaluation<'_>, out: &mut String) {
    let text = ev.text();
    out.push_str("{\"summary\":[");
    let mut first = true;
    crate::summary::lines(ev, |line| {
        if !first {
            out.push(',');
        }
        first = false;
        write_json_str(out, line);
    });
    out.push_str("],\"triage\":");
    object!(out,
        "level" => name(out, ev.core().level.as_str()),
        "reasons" => array(out, ev.reasons(), |out, r| out.push_str(&r.json)),
    );
    out.push_str(",\"supplement\":");
    object!(out,
        "status" => name(out, ev.core().status.as_str()),
        "reason" => match ev.status_words() {
            StatusWords::Note(n) => n.text.write(out),
            StatusWords::Engine(id) => write_json_str(out, &id.replace('_', " ")),
            StatusWords::Unnamed => out.push_str("\"\""),
        },
        "reason_id" => match ev.status_words() {
            StatusWords::Note(n) => n.id.write(out),
            StatusWords::Engine(id) => write_json_str(out, id),
            StatusWords::Unnamed => out.push_str("\"\""),
        },
        "schedule" => array(out, ev.schedule(), |out, d| d.write(out)),
        "daily_elemental_mg" => ev.daily().write(out),
        "cap" => ev.cap().write(out),
        "forms" => array(out, ev.forms(), |out, (form, form_name, score, because)| {
            object!(out,
                "form" => name(out, form.as_str()),
                "name" => form_name.write(out),
                "score" => integer(out, score),
                "because" => array(out, because, |out, id| id.write(out)),
            );
        }),
        "spacing" => array(out, ev.spacing().filter_map(|m| m.spacing_json.as_deref()), |out, json| out.push_str(json)),
    );
    out.push_str(",\"companions\":");
    array(out, ev.companions(), |out, (c, daily, limit)| {
        out.push_str(&c.json_head);
        opt_mg(out, daily);
        out.push_str(",\"limit_mg\":");
        opt_mg(out, limit);
        out.push('}');
    });
    out.push_str(",\"lifestyle\":");
    array(out, ev.lifestyle(), |out, m| out.push_str(&m.json));
    out.push_str(",\"foods\":");
    array(out, ev.foods(), |out, f| out.push_str(&f.json));
    out.push_str(",\"cautions\":");
    array(out, ev.cautions(), |out, c| match c {
        Caution::Note(n) => filled_note(ev, n, out),
        Caution::Medication(m) => out.push_str(&m.note_json),
    });
    out.push_str(",\"expectations\":");
    array(out, ev.expectations(), |out, n| filled_note(ev, n, out));
    out.push_str(",\"assumptions\":");
    array(out, ev.assumptions(), |out, (n, rule)| {
        object!(out,
            "id" => n.id.write(out),
            "fields" => ev.unknown_fields(rule).write(out),
            "text" => n.text.write(out),
        );
    });
    out.push_str(",\"undecided\":");
    array(out, ev.undecided(), |out, (id, rule)| {
        object!(out,
            "rule" => id.write(out),
            "unknown" => ev.unknown_fields(rule).write(out),
        );
    });
    out.push_str(",\"evidence\":");
    array(out, ev.evidence(), |out, c| out.push_str(&c.json));
    out.push_str(",\"disclaimer\":");
    text.disclaimer.write(out);
    out.push_str(",\"safety_net\":");
    text.safety_net.write(out);
    out.push_str(",\"trace\":[");
    // Each entry up to its `because` string.
    let mut entries = 0usize;
    let mut entry = |out: &mut String, rule: &Text| {
        out.push_str(if entries == 0 {
            "{\"rule\":"
        } else {
            ",{\"rule\":"
        });
        entries += 1;
        rule.write(out);
        out.push_str(",\"because\":");
    };
    let mut scratch = crampwise_expr::Explaining::default();
    for r in ev.fired_rules() {
        entry(out, &r.refs.id);
        out.push('"');
        ev.explain_json(r.rule, &mut scratch, out);
        out.push_str("\"}");
    }
    for why in ev.core().kernel.reasons() {
        entry(out, &text.kernel_rule);
        write_json_str(out, why);
        out.push('}');
    }
    out.push_str("],\"versions\":");
    text.versions.write(out);
    out.push('}');
}

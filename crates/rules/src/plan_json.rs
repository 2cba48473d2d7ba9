//! A plan's compact JSON, written directly: the same bytes as its derived
//! `Serialize` through `serde_json` (the tests compare the two on every
//! example and on random profiles), but quoting content text from the form
//! escaped at load instead of escaping 14 KB again for every plan.

use std::fmt::Write as _;

use crate::plan::{
    Assumption, Cap, Companion, DailyDose, Dose, Evidence, Food, Measure, Note, Plan, RankedForm,
    Reason, Spacing, SupplementPlan, Text, TextList, TraceEntry, Triage, Undecided, Versions,
};

/// Something that writes itself as JSON.
trait WriteJson {
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

fn integer(out: &mut String, i: impl std::fmt::Display) {
    // Writing to a String cannot fail.
    let _ = write!(out, "{i}");
}

impl WriteJson for TextList {
    fn write(&self, out: &mut String) {
        self.as_slice().write(out);
    }
}

impl WriteJson for Reason {
    fn write(&self, out: &mut String) {
        out.push_str("{\"id\":");
        self.id.write(out);
        out.push_str(",\"level\":");
        name(out, self.level.as_str());
        out.push_str(",\"text\":");
        self.text.write(out);
        out.push('}');
    }
}

impl WriteJson for Triage {
    fn write(&self, out: &mut String) {
        out.push_str("{\"level\":");
        name(out, self.level.as_str());
        out.push_str(",\"reasons\":");
        self.reasons.write(out);
        out.push('}');
    }
}

impl WriteJson for Dose {
    fn write(&self, out: &mut String) {
        out.push_str("{\"form\":");
        name(out, self.form.as_str());
        out.push_str(",\"time\":");
        name(out, self.time.as_str());
        out.push_str(",\"elemental_mg\":");
        mg(out, self.elemental_mg);
        out.push('}');
    }
}

impl WriteJson for DailyDose {
    fn write(&self, out: &mut String) {
        out.push_str("{\"start\":");
        mg(out, self.start);
        out.push_str(",\"target\":");
        mg(out, self.target);
        out.push_str(",\"max\":");
        mg(out, self.max);
        out.push('}');
    }
}

impl WriteJson for Cap {
    fn write(&self, out: &mut String) {
        out.push_str("{\"jurisdiction\":");
        name(out, self.jurisdiction.as_str());
        out.push_str(",\"upper_limit_mg\":");
        opt_mg(out, self.upper_limit_mg);
        out.push_str(",\"already_taken_mg\":");
        mg(out, self.already_taken_mg);
        out.push_str(",\"rule_cap_mg\":");
        opt_mg(out, self.rule_cap_mg);
        out.push('}');
    }
}

impl WriteJson for RankedForm {
    fn write(&self, out: &mut String) {
        out.push_str("{\"form\":");
        name(out, self.form.as_str());
        out.push_str(",\"name\":");
        self.name.write(out);
        out.push_str(",\"score\":");
        integer(out, self.score);
        out.push_str(",\"because\":");
        self.because.write(out);
        out.push('}');
    }
}

impl WriteJson for Spacing {
    fn write(&self, out: &mut String) {
        out.push_str("{\"medication\":");
        name(out, self.medication.as_str());
        out.push_str(",\"text\":");
        self.text.write(out);
        out.push_str(",\"hours_before\":");
        opt_mg(out, self.hours_before);
        out.push_str(",\"hours_after\":");
        opt_mg(out, self.hours_after);
        out.push('}');
    }
}

impl WriteJson for SupplementPlan {
    fn write(&self, out: &mut String) {
        out.push_str("{\"status\":");
        name(out, self.status.as_str());
        out.push_str(",\"reason\":");
        self.reason.write(out);
        out.push_str(",\"reason_id\":");
        self.reason_id.write(out);
        out.push_str(",\"schedule\":");
        self.schedule.write(out);
        out.push_str(",\"daily_elemental_mg\":");
        self.daily_elemental_mg.write(out);
        out.push_str(",\"cap\":");
        self.cap.write(out);
        out.push_str(",\"forms\":");
        self.forms.write(out);
        out.push_str(",\"spacing\":");
        self.spacing.write(out);
        out.push('}');
    }
}

impl WriteJson for Companion {
    fn write(&self, out: &mut String) {
        out.push_str("{\"id\":");
        self.id.write(out);
        out.push_str(",\"name\":");
        self.name.write(out);
        out.push_str(",\"text\":");
        self.text.write(out);
        out.push_str(",\"daily_mg\":");
        opt_mg(out, self.daily_mg);
        out.push_str(",\"limit_mg\":");
        opt_mg(out, self.limit_mg);
        out.push('}');
    }
}

impl WriteJson for Measure {
    fn write(&self, out: &mut String) {
        out.push_str("{\"id\":");
        self.id.write(out);
        out.push_str(",\"rank\":");
        integer(out, self.rank);
        out.push_str(",\"text\":");
        self.text.write(out);
        out.push('}');
    }
}

impl WriteJson for Food {
    fn write(&self, out: &mut String) {
        out.push_str("{\"id\":");
        self.id.write(out);
        out.push_str(",\"name\":");
        self.name.write(out);
        out.push_str(",\"mg_per_serving\":");
        mg(out, self.mg_per_serving);
        out.push_str(",\"serving\":");
        self.serving.write(out);
        out.push('}');
    }
}

impl WriteJson for Note {
    fn write(&self, out: &mut String) {
        out.push_str("{\"id\":");
        self.id.write(out);
        out.push_str(",\"text\":");
        self.text.write(out);
        out.push('}');
    }
}

impl WriteJson for Assumption {
    fn write(&self, out: &mut String) {
        out.push_str("{\"id\":");
        self.id.write(out);
        out.push_str(",\"fields\":");
        self.fields.write(out);
        out.push_str(",\"text\":");
        self.text.write(out);
        out.push('}');
    }
}

impl WriteJson for Undecided {
    fn write(&self, out: &mut String) {
        out.push_str("{\"rule\":");
        self.rule.write(out);
        out.push_str(",\"unknown\":");
        self.unknown.write(out);
        out.push('}');
    }
}

impl WriteJson for Evidence {
    fn write(&self, out: &mut String) {
        out.push_str("{\"claim\":");
        self.claim.write(out);
        out.push_str(",\"grade\":");
        name(out, self.grade.as_str());
        out.push_str(",\"statement\":");
        self.statement.write(out);
        out.push_str(",\"sources\":");
        self.sources.write(out);
        out.push('}');
    }
}

impl WriteJson for TraceEntry {
    fn write(&self, out: &mut String) {
        out.push_str("{\"rule\":");
        self.rule.write(out);
        out.push_str(",\"because\":");
        self.because.write(out);
        out.push('}');
    }
}

impl WriteJson for Versions {
    fn write(&self, out: &mut String) {
        out.push_str("{\"content\":");
        self.content.write(out);
        out.push_str(",\"rules\":");
        self.rules.write(out);
        out.push_str(",\"contract\":");
        self.contract.write(out);
        out.push('}');
    }
}

/// Appends the plan's compact JSON to `out`.
pub(crate) fn write_plan(plan: &Plan, out: &mut String) {
    out.push_str("{\"summary\":");
    plan.summary.write(out);
    out.push_str(",\"triage\":");
    plan.triage.write(out);
    out.push_str(",\"supplement\":");
    plan.supplement.write(out);
    out.push_str(",\"companions\":");
    plan.companions.write(out);
    out.push_str(",\"lifestyle\":");
    plan.lifestyle.write(out);
    out.push_str(",\"foods\":");
    plan.foods.write(out);
    out.push_str(",\"cautions\":");
    plan.cautions.write(out);
    out.push_str(",\"expectations\":");
    plan.expectations.write(out);
    out.push_str(",\"assumptions\":");
    plan.assumptions.write(out);
    out.push_str(",\"undecided\":");
    plan.undecided.write(out);
    out.push_str(",\"evidence\":");
    plan.evidence.write(out);
    out.push_str(",\"disclaimer\":");
    plan.disclaimer.write(out);
    out.push_str(",\"safety_net\":");
    plan.safety_net.write(out);
    out.push_str(",\"trace\":");
    plan.trace.write(out);
    out.push_str(",\"versions\":");
    plan.versions.write(out);
    out.push('}');
}

//! The intake questionnaire, generated from the field table: one question
//! a field, in the field's group, in its words; every one may be left at
//! "not sure / rather not say" except age.

use std::fmt::Write as _;

use crampwise::intake::{self, FieldKind, Group, InputField};
use crampwise::{Content, Diagnostic, Diagnostics};

use crate::answers::{self, Answers, MAGNESIUM_ROWS, OTHER_ROWS};
use crate::page::{escape, layout};

/// The words of the answer that leaves a question unasked.
pub(crate) const NOT_SURE: &str = "Not sure / rather not say";

/// The control id of a form name: `f-cramps-per_week`, `f-supplements-2-form`.
pub(crate) fn control_id(name: &str) -> String {
    format!("f-{}", bare_id(name))
}

/// A form name as an id's tail: `cramps-per_week`.
fn bare_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars() {
        match c {
            '.' | '[' | ':' => id.push('-'),
            ']' => {}
            c => id.push(c),
        }
    }
    id
}

/// The form control a diagnostic is about: its path without a list index
/// of a set (`cramps.timing[1]` is the `cramps.timing` question).
pub(crate) fn control_of(d: &Diagnostic) -> String {
    let path = d.path_text();
    match path.split_once('[') {
        Some((base, _)) if !path.starts_with("supplements[") => base.to_owned(),
        _ => path,
    }
}

/// How a value of a field reads: the content's name for conditions,
/// medicines (with examples) and magnesium forms, the field table's words
/// for the others.
pub(crate) fn value_words(field: &InputField, value: &str, content: &Content) -> String {
    let named = match field.path {
        "conditions" => content.condition(value).map(|c| c.name.clone()),
        "medications" => content.medication(value).map(|m| {
            if m.examples.is_empty() {
                m.name.clone()
            } else {
                format!("{} (such as {})", m.name, m.examples.join(", "))
            }
        }),
        "supplements[].form" => content.form(value).map(|f| f.name.clone()),
        _ => None,
    };
    named
        .or_else(|| field.value_words(value).map(str::to_owned))
        .unwrap_or_else(|| value.replace('_', " "))
}

/// The intake page: the questions with `answers` filled in and, when the
/// answers did not make a profile, each problem next to its question and
/// all of them at the top.
pub(crate) fn intake_page(
    content: &Content,
    answers: &Answers,
    errors: Option<&Diagnostics>,
) -> String {
    let mut main = String::from("<h1>Muscle cramps and magnesium: your questions</h1>");
    main.push_str(
        "<p class=\"lead\">Answer what you can: only your age is needed. \
Leave anything else at “Not sure / rather not say”, and the plan says what it had to assume. \
It takes about five minutes.</p>",
    );
    if let Some(note) = content.note("guidance_not_diagnosis") {
        let _ = write!(main, "<p class=\"disclaimer\">{}</p>", escape(&note.text));
    }
    let errors: Vec<&Diagnostic> = errors.map(|e| e.iter().collect()).unwrap_or_default();
    if !errors.is_empty() {
        main.push_str(&error_summary(&errors));
    }
    main.push_str(
        "<form id=\"intake\" class=\"intake\" method=\"post\" action=\"/plan\" accept-charset=\"utf-8\">",
    );
    let fields = intake::inputs();
    for group in Group::ALL {
        let _ = write!(
            main,
            "<section class=\"group\" id=\"g-{id}\" aria-labelledby=\"g-{id}-title\"><h2 id=\"g-{id}-title\">{title}</h2>",
            id = group.as_str(),
            title = escape(group.title())
        );
        for field in fields.iter().filter(|f| f.group == Some(*group)) {
            if field.path.starts_with("supplements[]") {
                continue;
            }
            let question = Question {
                field,
                content,
                answers,
                errors: &errors,
            };
            main.push_str(&question.html());
        }
        main.push_str("</section>");
    }
    main.push_str(
        "<div class=\"actions\"><button type=\"submit\" class=\"primary\">See my plan</button></div></form>",
    );
    layout("Your questions", &main)
}

fn error_summary(errors: &[&Diagnostic]) -> String {
    let mut out = String::from(
        "<div class=\"error-summary\" id=\"errors\" role=\"alert\" tabindex=\"-1\">\
<h2>Some answers need another look</h2><ul>",
    );
    for d in errors {
        let control = control_of(d);
        let question = intake::input(&generic(&control))
            .map(|f| f.question)
            .filter(|q| !q.is_empty());
        match question {
            Some(q) => {
                let _ = write!(
                    out,
                    "<li><a href=\"#{}\">{}</a>: {}</li>",
                    escape(&target_id(&control)),
                    escape(q),
                    escape(&d.message)
                );
            }
            None => {
                let _ = write!(out, "<li>{}</li>", escape(&d.to_string()));
            }
        }
    }
    out.push_str("</ul></div>");
    out
}

/// The field table path of a control name (`supplements[2].form` is
/// `supplements[].form`).
fn generic(name: &str) -> String {
    match (name.split_once('['), name.split_once(']')) {
        (Some((head, _)), Some((_, tail))) => format!("{head}[]{tail}"),
        _ => name.to_owned(),
    }
}

/// The id to jump to for a control's problem: the control itself, or the
/// first box of a question answered with boxes.
fn target_id(control: &str) -> String {
    match intake::input(control).map(|f| f.kind) {
        Some(FieldKind::Set | FieldKind::Bool | FieldKind::Supplements) => {
            format!("q-{}", bare_id(control))
        }
        _ => control_id(control),
    }
}

struct Question<'a> {
    field: &'a InputField,
    content: &'a Content,
    answers: &'a Answers,
    errors: &'a [&'a Diagnostic],
}

impl Question<'_> {
    fn html(&self) -> String {
        match self.field.kind {
            FieldKind::Number { min, max } => {
                let name = self.field.path;
                let mut out = format!("<div class=\"q\" id=\"q-{}\">", bare_id(name));
                out.push_str(&self.number(name, self.field, min, max, self.field.question));
                out.push_str("</div>");
                out
            }
            FieldKind::Enum => {
                let name = self.field.path;
                let mut out = format!("<div class=\"q\" id=\"q-{}\">", bare_id(name));
                out.push_str(&self.select(name, self.field, self.field.question));
                out.push_str("</div>");
                out
            }
            FieldKind::Bool => self.radios(
                self.field.path,
                &[("true", "Yes"), ("false", "No")],
                self.field.question,
                self.field.hint,
            ),
            FieldKind::Set => self.boxes(),
            FieldKind::Supplements => self.supplements(),
        }
    }

    fn error(&self, name: &str) -> Option<String> {
        let messages: Vec<&str> = self
            .errors
            .iter()
            .filter(|d| control_of(d) == name)
            .map(|d| d.message.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join("; "))
    }

    /// The hint and error lines of a control, and the ids that describe it.
    fn notes(&self, name: &str, hint: &str) -> (String, String) {
        let id = bare_id(name);
        let mut html = String::new();
        let mut described = Vec::new();
        if !hint.is_empty() {
            let _ = write!(html, "<p class=\"hint\" id=\"h-{id}\">{}</p>", escape(hint));
            described.push(format!("h-{id}"));
        }
        if let Some(message) = self.error(name) {
            let _ = write!(
                html,
                "<p class=\"error\" id=\"e-{id}\"><strong>Check this:</strong> {}</p>",
                escape(&message)
            );
            described.push(format!("e-{id}"));
        }
        let attributes = if described.is_empty() {
            String::new()
        } else {
            format!(" aria-describedby=\"{}\"", described.join(" "))
        };
        (html, attributes)
    }

    fn invalid(&self, name: &str) -> &'static str {
        if self.error(name).is_some() {
            " aria-invalid=\"true\""
        } else {
            ""
        }
    }

    fn number(&self, name: &str, field: &InputField, min: f64, max: f64, label: &str) -> String {
        let (notes, described) = self.notes(name, field.hint);
        let (required, marker) = if field.required {
            (
                " required aria-required=\"true\"",
                " <span class=\"required\">(required)</span>",
            )
        } else {
            ("", "")
        };
        format!(
            "<label for=\"{id}\">{label}{marker}</label>{notes}<input type=\"text\" inputmode=\"decimal\" \
autocomplete=\"off\" id=\"{id}\" name=\"{name}\" value=\"{value}\" data-min=\"{min}\" data-max=\"{max}\"{required}{described}{invalid}>",
            id = control_id(name),
            label = escape(label),
            name = escape(name),
            value = escape(self.answers.value(name).unwrap_or("")),
            min = crampwise::render::number(min),
            max = crampwise::render::number(max),
            invalid = self.invalid(name),
        )
    }

    fn select(&self, name: &str, field: &InputField, label: &str) -> String {
        let (notes, described) = self.notes(name, field.hint);
        let chosen = self.answers.value(name);
        let mut out = format!(
            "<label for=\"{id}\">{label}</label>{notes}<select id=\"{id}\" name=\"{name}\"{described}{invalid}>\
<option value=\"\">{NOT_SURE}</option>",
            id = control_id(name),
            label = escape(label),
            name = escape(name),
            invalid = self.invalid(name),
        );
        for value in field.values {
            let selected = if chosen == Some(*value) {
                " selected"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<option value=\"{}\"{selected}>{}</option>",
                escape(value),
                escape(&value_words(field, value, self.content))
            );
        }
        out.push_str("</select>");
        out
    }

    fn radios(&self, name: &str, options: &[(&str, &str)], legend: &str, hint: &str) -> String {
        let id = bare_id(name);
        let (notes, described) = self.notes(name, hint);
        let chosen = self.answers.value(name).unwrap_or("");
        let mut out = format!(
            "<fieldset class=\"q\" id=\"q-{id}\"{described}><legend>{}</legend>{notes}<div class=\"choices inline\">",
            escape(legend)
        );
        let all = std::iter::once(("", NOT_SURE)).chain(options.iter().copied());
        for (i, (value, words)) in all.enumerate() {
            let checked = if chosen == value { " checked" } else { "" };
            let _ = write!(
                out,
                "<label class=\"choice\" for=\"{cid}-{i}\"><input type=\"radio\" id=\"{cid}-{i}\" name=\"{name}\" value=\"{value}\"{checked}{invalid}> {words}</label>",
                cid = control_id(name),
                name = escape(name),
                value = escape(value),
                words = escape(words),
                invalid = self.invalid(name),
            );
        }
        out.push_str("</div></fieldset>");
        out
    }

    fn boxes(&self) -> String {
        let field = self.field;
        let name = field.path;
        let id = bare_id(name);
        let hint = if field.hint.is_empty() {
            "Tick all that apply. Leave them all empty if you would rather not say.".to_owned()
        } else {
            format!(
                "{} Tick all that apply, or leave them all empty if you would rather not say.",
                field.hint
            )
        };
        let (notes, described) = self.notes(name, &hint);
        let ticked: Vec<&str> = self.answers.values(name).collect();
        let mut out = format!(
            "<fieldset class=\"q\" id=\"q-{id}\"{described}><legend>{}</legend>{notes}<div class=\"choices\">",
            escape(field.question)
        );
        for value in field.values {
            let checked = if ticked.contains(value) {
                " checked"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<label class=\"choice\" for=\"{cid}-{v}\"><input type=\"checkbox\" id=\"{cid}-{v}\" name=\"{name}\" value=\"{v}\"{checked}{invalid}> {words}</label>",
                cid = control_id(name),
                name = escape(name),
                v = escape(value),
                words = escape(&value_words(field, value, self.content)),
                invalid = self.invalid(name),
            );
        }
        let none = answers::NONE_OF_THESE;
        let checked = if ticked.contains(&none) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<label class=\"choice none\" for=\"{cid}-{none}\"><input type=\"checkbox\" id=\"{cid}-{none}\" name=\"{name}\" value=\"{none}\"{checked}> None of these</label></div></fieldset>",
            cid = control_id(name),
            name = escape(name),
        );
        out
    }

    fn supplements(&self) -> String {
        let field = self.field;
        let mut out = format!(
            "<div class=\"supplements\" id=\"supplements\">{}",
            self.radios(
                field.path,
                &[
                    (answers::SUPPLEMENTS_NONE, "No"),
                    (answers::SUPPLEMENTS_SOME, "Yes, these:")
                ],
                field.question,
                field.hint,
            )
        );
        let part = |path: &str| intake::input(path);
        let (Some(form), Some(elemental), Some(nutrient), Some(mg)) = (
            part("supplements[].form"),
            part("supplements[].elemental_mg"),
            part("supplements[].nutrient"),
            part("supplements[].mg"),
        ) else {
            out.push_str("</div>");
            return out;
        };
        for row in 0..MAGNESIUM_ROWS + OTHER_ROWS {
            let (kind, amount, legend) = if row < MAGNESIUM_ROWS {
                (
                    &form,
                    &elemental,
                    format!("Magnesium supplement {}", row + 1),
                )
            } else {
                (
                    &nutrient,
                    &mg,
                    format!("Other supplement {}", row - MAGNESIUM_ROWS + 1),
                )
            };
            let kind_name = answers::row_name(row, kind.path.rsplit('.').next().unwrap_or(""));
            let amount_name = answers::row_name(row, amount.path.rsplit('.').next().unwrap_or(""));
            let FieldKind::Number { min, max } = amount.kind else {
                continue;
            };
            let _ = write!(
                out,
                "<fieldset class=\"row\" id=\"q-{}\"><legend>{}</legend><div class=\"pair\"><div>{}</div><div>{}</div></div></fieldset>",
                bare_id(&format!("supplements[{row}]")),
                escape(&legend),
                self.select(&kind_name, kind, kind.question),
                self.number(&amount_name, amount, min, max, amount.question),
            );
        }
        out.push_str("</div>");
        out
    }
}

//! The plan page and the label page.

use std::fmt::Write as _;

use crampwise::render::{self, HtmlOptions};
use crampwise::{Diagnostics, LabelReport, Plan};

use crate::answers::Answers;
use crate::page::{escape, hidden_answers, layout};

/// The name of the label text control.
pub(crate) const LABEL: &str = "label";
/// The name of the box that checks the label against the answers posted
/// with it.
pub(crate) const WITH_ANSWERS: &str = "with_answers";

/// The plan page: the plan (warning signs first, then the summary and each
/// section with its evidence and sources), then what to do with it.
pub(crate) fn plan_page(plan: &Plan, content: &crampwise::Content, answers: &Answers) -> String {
    let mut main = String::from("<h1>Your plan</h1>");
    main.push_str(&render::plan_html_with(
        plan,
        HtmlOptions {
            heading_level: 2,
            content: Some(content),
        },
    ));
    main.push_str(
        "<p class=\"print-only\">The full plan, with every step, foods and the evidence behind it \
with its grades and sources, is on the plan's web page and in its JSON download.</p>",
    );
    let hidden = hidden_answers(answers);
    let _ = write!(
        main,
        "<section class=\"next\" aria-labelledby=\"next-title\"><h2 id=\"next-title\">Keep it, change it, check a label</h2>\
<p>To take this plan to a pharmacist or doctor, print this page or save it as a PDF from your browser's print menu.</p>\
<div class=\"buttons\"><form method=\"post\" action=\"/plan.json\">{hidden}<button type=\"submit\">Download the plan (JSON)</button></form>\
<form method=\"post\" action=\"/\">{hidden}<button type=\"submit\" class=\"secondary\">Change my answers</button></form></div>\
{label}</section>",
        label = label_form(&hidden, true),
    );
    layout("Your plan", &main)
}

/// The form that posts a label's text, with the answers as hidden controls
/// when there are any.
fn label_form(hidden: &str, with_answers: bool) -> String {
    let (answers, heading) = if with_answers {
        (
            format!(
                "{hidden}<p class=\"choice\"><label for=\"f-with-answers\"><input type=\"checkbox\" id=\"f-with-answers\" name=\"{WITH_ANSWERS}\" value=\"yes\" checked> Check it against the answers I gave</label></p>"
            ),
            "Check a supplement label against this plan",
        )
    } else {
        (String::new(), "Check a supplement label")
    };
    format!(
        "<form class=\"label-check\" method=\"post\" action=\"/label\"><h2 class=\"as-label\">{heading}</h2>\
<label for=\"f-label\">The label's text</label>\
<p class=\"hint\" id=\"h-label\">Paste or type the “Supplement Facts” panel, one line per ingredient, for example “Magnesium (as magnesium glycinate) 200 mg”.</p>\
<textarea id=\"f-label\" name=\"{LABEL}\" rows=\"8\" aria-describedby=\"h-label\" required aria-required=\"true\"></textarea>\
{answers}<div class=\"actions\"><button type=\"submit\" class=\"primary\">Check the label</button></div></form>"
    )
}

/// The label page: the form, or the report of the label just posted, or
/// why it could not be read.
pub(crate) fn label_page(
    answers: &Answers,
    report: Option<&LabelReport>,
    errors: Option<&Diagnostics>,
    with_answers: bool,
) -> String {
    let mut main = String::from("<h1>Check a supplement label</h1>");
    if let Some(errors) = errors {
        main.push_str(
            "<div class=\"error-summary\" id=\"errors\" role=\"alert\" tabindex=\"-1\"><h2>The label could not be checked</h2><ul>",
        );
        for d in errors.iter() {
            let _ = write!(main, "<li>{}</li>", escape(&d.to_string()));
        }
        main.push_str("</ul></div>");
    }
    if let Some(report) = report {
        let _ = write!(
            main,
            "<section class=\"report\" aria-labelledby=\"report-title\"><h2 id=\"report-title\">The report{}</h2>{}</section>",
            if with_answers { ", for your answers" } else { "" },
            render::label_html(report, 3)
        );
    } else {
        main.push_str(
            "<p class=\"lead\">Paste a label to see how much magnesium it gives, in which form, and what to check before you buy it.</p>",
        );
    }
    let hidden = hidden_answers(answers);
    main.push_str(&label_form(&hidden, !answers.is_empty()));
    layout("Check a supplement label", &main)
}

//! A plan for people to read: terminal text, Markdown and HTML.
//!
//! The JSON is the contract; these views only arrange its content. The
//! triage comes first and the disclaimer is always shown.

use crampwise_content::{Content, TriageLevel};

use crate::plan::{Plan, Status};

/// How much of the plan a view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// What a person needs on a phone: the summary, the warning signs, the
    /// supplement, cautions, the top lifestyle steps, what was not asked and
    /// the safety net.
    #[default]
    Short,
    /// Everything: every lifestyle step, foods, what to expect, the
    /// evidence with its grades and the rules that fired.
    Full,
}

crampwise_content::text_names!(Detail {
    Short => "short",
    Full => "full",
});

/// Output styles for [`text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colour for headings and the triage line.
    pub color: bool,
    /// How much to show.
    pub detail: Detail,
    /// The widest a line may be, in characters (a longer word gets a line
    /// of its own); at least [`MIN_WIDTH`].
    pub width: usize,
}

impl Default for Style {
    /// No colour, the short view, [`DEFAULT_WIDTH`] characters.
    fn default() -> Style {
        Style {
            color: false,
            detail: Detail::Short,
            width: DEFAULT_WIDTH,
        }
    }
}

/// The width of [`Style::default`].
pub const DEFAULT_WIDTH: usize = 88;
/// The narrowest width laid out for; a smaller one is taken as this.
pub const MIN_WIDTH: usize = 20;
/// Lifestyle steps the short view lists.
const SHORT_LIFESTYLE: usize = 3;

fn triage_words(level: TriageLevel) -> &'static str {
    match level {
        TriageLevel::SelfCare => "self-care is reasonable",
        TriageLevel::Clinician => "see a clinician",
        TriageLevel::Urgent => "get urgent care today",
        TriageLevel::Emergency => "emergency: call your local emergency number now",
    }
}

fn status_words(status: Status) -> &'static str {
    match status {
        Status::Suggested => "a magnesium trial is reasonable",
        Status::ClinicianFirst => "ask a clinician before taking any",
        Status::NotAdvised => "not advised",
    }
}

/// A number of mg as people read it: `300`, `12.5`.
pub(crate) fn mg(value: f64) -> String {
    // Whole numbers as integers: the same digits as `{:.0}`, without
    // exact float formatting (a plan writes a dozen of them).
    if let Some(whole) = crate::number::whole(value).filter(|_| value.is_sign_positive()) {
        itoa::Buffer::new().format(whole).to_owned()
    } else if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn time_words(t: crampwise_content::TimeOfDay) -> &'static str {
    t.as_str()
}

fn asked(plan: &Plan, assumption: &str) -> bool {
    !plan.assumptions.iter().any(|a| a.id == assumption)
}

/// The plan's content as (key, heading, lines) sections, in reading order;
/// the key names the section (`triage`, `evidence`, ...) for HTML classes.
fn sections(plan: &Plan, detail: Detail) -> Vec<(&'static str, String, Vec<String>)> {
    let full = detail == Detail::Full;
    let mut out = Vec::new();
    out.push((
        "summary",
        "In short".to_owned(),
        plan.summary.iter().map(ToString::to_string).collect(),
    ));
    let t = &plan.triage;
    let mut lines: Vec<String> = t.reasons.iter().map(|r| r.text.to_string()).collect();
    if lines.is_empty() {
        lines.push(if asked(plan, "unasked_symptoms") {
            "None of the warning signs you were asked about.".to_owned()
        } else {
            "Other symptoms were not asked, so warning signs were not checked: see below."
                .to_owned()
        });
    }
    out.push((
        "triage",
        format!("Triage: {}", triage_words(t.level)),
        lines,
    ));

    let s = &plan.supplement;
    let mut lines = vec![s.reason.to_string()];
    if s.status == Status::Suggested {
        let doses: Vec<String> = s
            .schedule
            .iter()
            .map(|d| {
                format!(
                    "{} mg {} ({})",
                    mg(d.elemental_mg),
                    d.form,
                    time_words(d.time)
                )
            })
            .collect();
        lines.push(format!(
            "Take: {} of elemental magnesium.",
            doses.join(" + ")
        ));
        let d = &s.daily_elemental_mg;
        lines.push(format!(
            "Start with {} mg a day for one to two weeks, then build up to {} mg if your gut is fine.",
            mg(d.start),
            mg(d.target)
        ));
        let cap = &s.cap;
        lines.push(match cap.upper_limit_mg {
            Some(ul) if asked(plan, "unasked_supplements") => format!(
                "Never more than {} mg a day from supplements: the {} upper limit of {} mg minus the {} mg you already take.",
                mg(s.daily_elemental_mg.max),
                cap.jurisdiction.as_str().to_uppercase(),
                mg(ul),
                mg(cap.already_taken_mg)
            ),
            Some(ul) => format!(
                "Never more than {} mg a day from all supplements together (the {} upper limit); count any magnesium you already take.",
                mg(ul),
                cap.jurisdiction.as_str().to_uppercase()
            ),
            None => "No upper limit for supplements is set at this age: food only, unless a clinician says otherwise.".to_owned(),
        });
    }
    for sp in &s.spacing {
        lines.push(format!(
            "Spacing ({}): {}",
            sp.medication.as_str().replace('_', " "),
            sp.text
        ));
    }
    out.push((
        "supplement",
        format!("Magnesium: {}", status_words(s.status)),
        lines,
    ));

    if !plan.cautions.is_empty() {
        out.push((
            "cautions",
            "Cautions".to_owned(),
            plan.cautions.iter().map(|c| c.text.to_string()).collect(),
        ));
    }
    if !plan.lifestyle.is_empty() {
        let take = if full { usize::MAX } else { SHORT_LIFESTYLE };
        let lines = plan
            .lifestyle
            .iter()
            .take(take)
            .map(|m| m.text.to_string())
            .collect();
        out.push((
            "lifestyle",
            "What helps, most useful first".to_owned(),
            lines,
        ));
    }
    if full && !plan.companions.is_empty() {
        let lines = plan
            .companions
            .iter()
            .map(|c| match c.daily_mg {
                Some(m) => format!("{} ({} mg a day): {}", c.name, mg(m), c.text),
                None => format!("{}: {}", c.name, c.text),
            })
            .collect();
        out.push(("companions", "Companions".to_owned(), lines));
    }
    if full && !plan.foods.is_empty() {
        let lines = plan
            .foods
            .iter()
            .map(|f| format!("{}, {}: {} mg", f.name, f.serving, mg(f.mg_per_serving)))
            .collect();
        out.push(("foods", "Foods rich in magnesium".to_owned(), lines));
    }
    if !plan.expectations.is_empty() {
        let take = if full { usize::MAX } else { 2 };
        out.push((
            "expectations",
            "What to expect".to_owned(),
            plan.expectations
                .iter()
                .take(take)
                .map(|c| c.text.to_string())
                .collect(),
        ));
    }
    let mut not_asked: Vec<String> = plan
        .assumptions
        .iter()
        .map(|a| a.text.to_string())
        .collect();
    let mut undecided: Vec<&str> = Vec::new();
    for u in &plan.undecided {
        for f in &u.unknown {
            let words = crate::facts::plain_words(f);
            if !undecided.contains(&words) {
                undecided.push(words);
            }
        }
    }
    if !undecided.is_empty() {
        not_asked.push(format!(
            "Some safety checks could not be made because you were not asked about: {}. If any of them worries you, ask a pharmacist or doctor.",
            undecided.join("; ")
        ));
    }
    if !not_asked.is_empty() {
        out.push(("assumptions", "Not asked, so assumed".to_owned(), not_asked));
    }
    out.push((
        "safety_net",
        "Get help".to_owned(),
        vec![plan.safety_net.to_string()],
    ));
    if full {
        if !plan.evidence.is_empty() {
            let lines = plan
                .evidence
                .iter()
                .map(|e| format!("[{}] {}", e.grade.as_str(), e.statement))
                .collect();
            out.push(("evidence", "Evidence behind this plan".to_owned(), lines));
        }
        let lines = plan
            .trace
            .iter()
            .map(|t| {
                if t.because.is_empty() {
                    t.rule.to_string()
                } else {
                    format!("{}: {}", t.rule, t.because)
                }
            })
            .collect();
        out.push(("trace", "Why: rules that fired".to_owned(), lines));
    }
    out
}

fn wrap(text: &str, indent: &str, first: &str, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut out = String::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_owned();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// The plan as terminal text: headed sections and short bullets.
pub fn text(plan: &Plan, style: Style) -> String {
    let (bold, red, reset) = if style.color {
        ("\x1b[1m", "\x1b[1;31m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let mut out = wrap(&plan.disclaimer, "", "", style.width);
    for (i, (_, heading, lines)) in sections(plan, style.detail).into_iter().enumerate() {
        out.push('\n');
        let colour = if i <= 1 && plan.triage.level > TriageLevel::SelfCare {
            red
        } else {
            bold
        };
        out.push_str(&format!("{colour}{heading}{reset}\n"));
        for l in lines {
            out.push_str(&wrap(&l, "    ", "  - ", style.width));
        }
    }
    if style.detail == Detail::Short {
        out.push('\n');
        out.push_str(&wrap(
            "(Foods, the evidence and its grades, and the rules behind this plan: --detail full.)",
            "",
            "",
            style.width,
        ));
    }
    out.push('\n');
    out.push_str(&wrap(
        &format!(
            "versions: content {}, rules {}, contract {}",
            plan.versions.content, plan.versions.rules, plan.versions.contract
        ),
        "",
        "",
        style.width,
    ));
    out
}

/// The plan as GitHub-flavoured Markdown, in full.
pub fn markdown(plan: &Plan) -> String {
    markdown_with(plan, Detail::Full)
}

/// The plan as GitHub-flavoured Markdown, at the given detail.
pub fn markdown_with(plan: &Plan, detail: Detail) -> String {
    let mut out = format!("*{}*\n", plan.disclaimer);
    for (_, heading, lines) in sections(plan, detail) {
        out.push_str(&format!("\n### {heading}\n\n"));
        for l in lines {
            out.push_str(&format!("- {}\n", l.replace('\n', " ")));
        }
    }
    out.push_str(&format!(
        "\n<sub>content {} · rules {} · contract {}</sub>\n",
        plan.versions.content, plan.versions.rules, plan.versions.contract
    ));
    out
}

/// `text` safe in HTML, as element content and as a quoted attribute
/// value (either quote).
///
/// ```
/// use crampwise_rules::render::escape_html;
/// assert_eq!(escape_html(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How [`html_with`] writes a plan.
#[derive(Debug, Clone, Copy)]
pub struct HtmlOptions<'a> {
    /// The level of the section headings: `2` writes `<h2>` (2 to 6; a
    /// level outside is taken as the nearest).
    pub heading_level: u8,
    /// The content the plan was made with: when given, each piece of
    /// evidence names and links its sources.
    pub content: Option<&'a Content>,
}

impl Default for HtmlOptions<'_> {
    /// `<h4>` headings, evidence without its sources (as [`html`] writes).
    fn default() -> Self {
        HtmlOptions {
            heading_level: 4,
            content: None,
        }
    }
}

/// The plan as a self-contained HTML fragment (for notebooks), in full.
pub fn html(plan: &Plan) -> String {
    html_with(plan, HtmlOptions::default())
}

/// The plan as an HTML fragment, in full: warning signs that need urgent or
/// emergency care first, in words, then the disclaimer and each section
/// (a `<section class="crampwise-KEY">`, KEY being `summary`, `triage`,
/// `supplement`, ..., `evidence`, `trace`), then the versions.
pub fn html_with(plan: &Plan, options: HtmlOptions<'_>) -> String {
    let level = options.heading_level.clamp(2, 6);
    let mut out = String::from("<div class=\"crampwise-plan\">");
    if plan.triage.level >= TriageLevel::Urgent {
        out.push_str(&format!(
            "<div class=\"crampwise-alert\" role=\"alert\"><p><strong>Warning signs: {}.</strong></p><ul>",
            escape_html(triage_words(plan.triage.level))
        ));
        for r in &plan.triage.reasons {
            out.push_str(&format!("<li>{}</li>", escape_html(&r.text)));
        }
        out.push_str("</ul></div>");
    }
    out.push_str(&format!(
        "<p class=\"crampwise-disclaimer\"><em>{}</em></p>",
        escape_html(&plan.disclaimer)
    ));
    // What the short view leaves out is marked, so that a print stylesheet
    // can leave it out too: `crampwise-more` items, `crampwise-full` sections.
    let short: Vec<(&str, usize)> = sections(plan, Detail::Short)
        .into_iter()
        .map(|(key, _, lines)| (key, lines.len()))
        .collect();
    for (key, heading, lines) in sections(plan, Detail::Full) {
        let shown = short.iter().find(|(k, _)| *k == key).map(|(_, n)| *n);
        let full = if shown.is_none() {
            " crampwise-full"
        } else {
            ""
        };
        out.push_str(&format!(
            "<section class=\"crampwise-{key}{full}\"><h{level}>{}</h{level}><ul>",
            escape_html(&heading)
        ));
        match (key, options.content) {
            ("evidence", Some(content)) => {
                for e in &plan.evidence {
                    out.push_str(&evidence_html(e, content));
                }
            }
            _ => {
                for (i, l) in lines.iter().enumerate() {
                    if shown.is_some_and(|n| i >= n) {
                        out.push_str(&format!(
                            "<li class=\"crampwise-more\">{}</li>",
                            escape_html(l)
                        ));
                    } else {
                        out.push_str(&format!("<li>{}</li>", escape_html(l)));
                    }
                }
            }
        }
        out.push_str("</ul></section>");
    }
    out.push_str(&format!(
        "<p class=\"crampwise-versions\"><small>content {} · rules {} · contract {}</small></p></div>",
        escape_html(&plan.versions.content),
        escape_html(&plan.versions.rules),
        escape_html(&plan.versions.contract)
    ));
    out
}

/// One piece of evidence: its grade in words, the claim, and its sources
/// as links.
fn evidence_html(e: &crate::plan::Evidence, content: &Content) -> String {
    let mut out = format!(
        "<li><span class=\"crampwise-grade\">Evidence: {}.</span> {}",
        escape_html(e.grade.as_str()),
        escape_html(&e.statement)
    );
    let links: Vec<String> = e
        .sources
        .iter()
        .filter_map(|id| content.source(id))
        .map(|s| {
            format!(
                "<a href=\"{}\">{}</a> ({}, {})",
                escape_html(&s.url),
                escape_html(&s.title),
                escape_html(&s.publisher),
                s.year
            )
        })
        .collect();
    if !links.is_empty() {
        out.push_str(&format!(
            " <span class=\"crampwise-sources\">Sources: {}.</span>",
            links.join("; ")
        ));
    }
    out.push_str("</li>");
    out
}

//! The frame every page shares, and HTML escaping.

use std::fmt::Write as _;

use crate::answers::Answers;

/// `text` safe inside HTML text and quoted attribute values: the
/// renderer's escaping, so the pages and the plan inside them agree.
pub(crate) use crampwise::render::escape_html as escape;

/// A whole page: `title` in the tab, `main` the page's own content. The
/// assets are the embedded ones; nothing is loaded from elsewhere.
pub(crate) fn layout(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · crampwise</title>\
<link rel=\"stylesheet\" href=\"/assets/app.css\">\
<script src=\"/assets/app.js\" defer></script></head>\
<body><a class=\"skip\" href=\"#main\">Skip to the content</a>\
<header class=\"site\"><p class=\"brand\"><a href=\"/\">crampwise</a></p>\
<nav aria-label=\"Pages\"><ul><li><a href=\"/\">Questionnaire</a></li>\
<li><a href=\"/label\">Check a supplement label</a></li></ul></nav></header>\
<main id=\"main\" tabindex=\"-1\">{main}</main>\
<footer class=\"site\"><p>Your answers are used to make this page and are not stored.</p></footer>\
</body></html>\n",
        title = escape(title),
    )
}

/// The answers as hidden controls, to post them again (downloads, the
/// label check, changing them): in the body, never in a URL.
pub(crate) fn hidden_answers(answers: &Answers) -> String {
    let mut out = String::new();
    for (name, value) in answers.pairs() {
        let _ = write!(
            out,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape(name),
            escape(value)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}

//! Text as shoppers paste it, made readable before any line is looked at:
//! HTML from shop pages (entities such as `&nbsp;`, `&amp;`, `&#181;`, and
//! stray tags), and every line ending (`\r\n`, `\n`, and old Mac `\r`).

/// Named HTML entities that occur on supplement pages, and what they stand for.
const ENTITIES: &[(&str, &str)] = &[
    ("nbsp", "\u{a0}"),
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("micro", "µ"),
    ("mu", "μ"),
    ("reg", "®"),
    ("trade", "™"),
    ("copy", "©"),
    ("deg", "°"),
    ("dagger", "†"),
    ("Dagger", "‡"),
    ("sect", "§"),
    ("bull", "•"),
    ("middot", "·"),
    ("hellip", "…"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("shy", "\u{ad}"),
    ("thinsp", "\u{2009}"),
    ("ensp", " "),
    ("emsp", " "),
    ("zwsp", ""),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("le", "≤"),
    ("ge", "≥"),
    ("times", "×"),
    ("eacute", "é"),
    ("egrave", "è"),
    ("auml", "ä"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("szlig", "ß"),
    ("sup1", "¹"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("percnt", "%"),
    ("sol", "/"),
    ("comma", ","),
    ("period", "."),
    ("colon", ":"),
    ("lpar", "("),
    ("rpar", ")"),
];

/// Tags that end a line of text when a page is pasted as source.
const BREAK_TAGS: &[&str] = &[
    "br", "p", "div", "tr", "li", "ul", "ol", "table", "tbody", "thead", "h1", "h2", "h3", "h4",
    "h5", "h6", "section", "article", "header", "footer",
];

/// Tags that separate columns.
const CELL_TAGS: &[&str] = &["td", "th"];

/// The entity at the start of `s` (which starts with `&`), and its length.
fn entity_at(s: &str) -> Option<(String, usize)> {
    let end = s.get(1..)?.find(';').map(|i| i + 1)?;
    if end > 12 {
        return None;
    }
    let body = &s[1..end];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // Control characters and other non-characters become a space.
        char::from_u32(code)
            .filter(|c| !c.is_control() || *c == '\t' || *c == '\n')
            .map_or_else(|| " ".to_owned(), String::from)
    } else {
        ENTITIES
            .iter()
            .find(|(name, _)| *name == body)
            .map(|(_, v)| (*v).to_owned())?
    };
    Some((decoded, end + 1))
}

/// The tag at the start of `s` (which starts with `<`): its length and what
/// it becomes (a line break, a column bar, or nothing). Only a `<` followed
/// by a letter, `/` or `!` opens a tag, so `<1%` stays text.
fn tag_at(s: &str) -> Option<(usize, &'static str)> {
    let next = s.chars().nth(1)?;
    if !(next.is_ascii_alphabetic() || next == '/' || next == '!') {
        return None;
    }
    let end = s.find('>')?;
    let inner = &s[1..end];
    if inner.contains(['<', '\n']) || end > 400 {
        return None;
    }
    let name: String = inner
        .trim_start_matches(['/', '!'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() && !inner.starts_with('!') {
        return None;
    }
    let out = if BREAK_TAGS.contains(&name.as_str()) {
        "\n"
    } else if CELL_TAGS.contains(&name.as_str()) && inner.starts_with('/') {
        " | "
    } else {
        ""
    };
    Some((end + 1, out))
}

/// Decodes HTML entities and drops tags (block tags become line breaks,
/// closing cell tags a `|` column). Text without `&` or `<` is returned as is.
pub(crate) fn decode_html(text: &str) -> String {
    if !text.contains(['&', '<']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(rest) = text.get(i..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c == '&' {
            if let Some((decoded, used)) = entity_at(rest) {
                out.push_str(&decoded);
                i += used;
                continue;
            }
        }
        if c == '<' {
            if let Some((used, becomes)) = tag_at(rest) {
                out.push_str(becomes);
                i += used;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Splits text into lines at `\r\n`, `\n`, a lone `\r` (old Mac files), and
/// the Unicode line and paragraph separators.
pub(crate) fn split_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end_of_line = match c {
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => true,
            '\r' => {
                if chars.peek().is_some_and(|(_, n)| *n == '\n') {
                    chars.next();
                }
                true
            }
            _ => false,
        };
        if end_of_line {
            out.push(&text[start..i]);
            start = chars.peek().map_or(text.len(), |(j, _)| *j);
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The text every reader works on: HTML decoded, lines split.
pub(crate) fn lines(text: &str) -> Vec<String> {
    split_lines(&decode_html(text))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_tags() {
        assert_eq!(
            decode_html("Magnesium&nbsp;200&nbsp;mg"),
            "Magnesium\u{a0}200\u{a0}mg"
        );
        assert_eq!(decode_html("FD&amp;C Red"), "FD&C Red");
        assert_eq!(decode_html("25 &#181;g &#xB5;g"), "25 µg µg");
        assert_eq!(
            decode_html("<b>Magnesium</b> 200 mg<br/>Zinc"),
            "Magnesium 200 mg\nZinc"
        );
        assert_eq!(
            decode_html("<tr><td>Magnesium</td><td>375 mg</td></tr>"),
            "\nMagnesium | 375 mg | \n"
        );
        assert_eq!(decode_html("<1% & more"), "<1% & more");
        assert_eq!(decode_html("&#0; &bogus; &"), "  &bogus; &");
    }

    #[test]
    fn line_endings() {
        assert_eq!(split_lines("a\rb\r\nc\nd"), vec!["a", "b", "c", "d"]);
        assert_eq!(split_lines("a\n\nb\n"), vec!["a", "", "b"]);
        assert_eq!(split_lines(""), Vec::<&str>::new());
    }
}

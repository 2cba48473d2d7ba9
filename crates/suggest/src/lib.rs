//! "Did you mean ...?": the closest known name to a mistyped one, in time
//! bounded by the candidates' lengths however long the input is.
//!
//! The one edit distance and the one threshold of crampwise: profile
//! fields, rule conditions, rule ids, content ids, batch columns and the
//! command line all suggest through [`closest`].
//!
//! ```
//! assert_eq!(crampwise_suggest::closest("cramps.timng", ["cramps.timing", "age"]), Some("cramps.timing"));
//! assert_eq!(crampwise_suggest::did_you_mean("wieght", ["age"]), "");
//! ```

/// Most edits between a word and a name suggested for it.
pub const MAX_EDITS: usize = 3;

/// Edit distance between `a` and `b` in characters, counting an insertion,
/// a deletion, a substitution or a swap of two neighbours as one edit
/// (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two rows back, the previous row, this row.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo: at most [`MAX_EDITS`] edits and at most a third of the longer
/// word, or two edits in words of five characters or more (`fromz` is
/// `forms`; `uk` is not `us`). A word much longer than every candidate is not compared at all
/// (its distance is at least the difference in length).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let len = candidate.chars().count();
        // Counting stops as soon as the word is too long to be close.
        let word_len = word.chars().take(len + MAX_EDITS + 1).count();
        if word_len.abs_diff(len) > MAX_EDITS {
            continue;
        }
        let distance = edit_distance(word, candidate);
        let longest = word_len.max(len);
        let close = distance <= MAX_EDITS
            && (distance * 3 <= longest.max(1) || (distance <= 2 && longest >= 5));
        if close && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// `"; did you mean `x`?"` for the closest candidate, or an empty string.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn close_names_only() {
        let fields = ["age", "cramps.timing", "cramps.per_week"];
        assert_eq!(closest("cramps.timng", fields), Some("cramps.timing"));
        assert_eq!(closest("ag", fields), Some("age"));
        assert_eq!(closest("weight", fields), None);
        assert_eq!(closest("fromz", ["forms", "foods"]), Some("forms"));
        assert_eq!(closest("uk", ["us", "eu"]), None);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn a_huge_word_is_not_compared() {
        let huge = "a".repeat(10_000_000);
        let start = std::time::Instant::now();
        assert_eq!(closest(&huge, ["age", "sex"]), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }
}

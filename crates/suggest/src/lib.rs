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
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two rows back, the previous row, this row.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = Vec::with_capacity(b.len() + 1);
    // The last cell of the last row filled: the distance.
    let mut distance = b.len();
    let mut last_a: Option<char> = None;
    for (i, ca) in (1..).zip(a.chars()) {
        cur.clear();
        cur.push(i);
        // `cur[j - 1]`, the cell to the left.
        let mut left = i;
        let mut last_b: Option<char> = None;
        // `before[j - 2]`, which the first column has not got.
        let two_back = std::iter::once(None).chain(before.iter().copied().map(Some));
        // `prev[j - 1]` and `prev[j]`.
        let above = prev.iter().copied().zip(prev.iter().copied().skip(1));
        for ((&cb, (diagonal, up)), two_back) in b.iter().zip(above).zip(two_back) {
            let cost = usize::from(ca != cb);
            let mut d = (diagonal + cost).min(up + 1).min(left + 1);
            if let (Some(pa), Some(pb), Some(t)) = (last_a, last_b, two_back) {
                if ca == pb && pa == cb {
                    d = d.min(t + 1);
                }
            }
            cur.push(d);
            left = d;
            last_b = Some(cb);
        }
        distance = left;
        last_a = Some(ca);
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    distance
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

//! Age tables (`[from, to)` bands) and numeric ranges.

use crate::collection::Collection;
use crate::content::Content;
use crate::demographics::Jurisdiction;
use crate::error::ContentError;
use crate::reference;

/// The last band of a whole-life table must end above this age.
const LAST_AGE: f64 = 120.0;

/// A number must be finite and non-negative.
pub(crate) fn number(
    errors: &mut Vec<ContentError>,
    file: &str,
    item: &str,
    field: &str,
    value: f64,
) {
    if !value.is_finite() || value < 0.0 {
        let message = format!("`{value}` is not a finite non-negative number");
        errors.push(ContentError::at(file, item, field, message));
    }
}

pub(super) fn check(content: &Content, errors: &mut Vec<ContentError>) {
    let file = Collection::Intakes.file();
    let rda = &content.intakes.rda;
    let bands: Vec<(f64, f64)> = rda.iter().map(|b| (b.from, b.to)).collect();
    whole_life(errors, file, "rda", &bands);
    for (i, b) in rda.iter().enumerate() {
        let item = format!("rda[{i}]");
        number(errors, file, &item, "male", b.male);
        number(errors, file, &item, "female", b.female);
        for (field, value) in [("pregnancy", b.pregnancy), ("lactation", b.lactation)] {
            if let Some(v) = value {
                number(errors, file, &item, field, v);
            }
        }
    }
    let ul = &content.intakes.upper_limit;
    let bands: Vec<(f64, f64)> = ul.iter().map(|b| (b.from, b.to)).collect();
    whole_life(errors, file, "upper_limit", &bands);
    for (i, b) in ul.iter().enumerate() {
        limits(errors, file, &format!("upper_limit[{i}]"), "", b.us, b.eu);
        let item = format!("upper_limit[{i}]");
        not_looser(
            errors,
            (file, &item, ""),
            (b.from, b.to),
            (b.us, b.eu),
            |age, j| {
                (
                    reference::supplemental_magnesium_ul_mg(age, j),
                    "the reference upper limit for supplemental magnesium",
                )
            },
        );
    }

    let file = Collection::Companions.file();
    for c in &content.companions {
        let bands: Vec<(f64, f64)> = c.limit.iter().map(|b| (b.from, b.to)).collect();
        adjacent(errors, &bands, |i, field| {
            (file, c.id.clone(), format!("limit[{i}].{field}"))
        });
        for (i, b) in c.limit.iter().enumerate() {
            limits(errors, file, &c.id, &format!("limit[{i}]."), b.us, b.eu);
            let path = format!("limit[{i}].");
            not_looser(
                errors,
                (file, &c.id, &path),
                (b.from, b.to),
                (b.us, b.eu),
                |age, j| {
                    (
                        reference::companion_limit_mg(&c.id, age, j),
                        "the reference limit",
                    )
                },
            );
        }
    }
}

fn limits(
    errors: &mut Vec<ContentError>,
    file: &str,
    item: &str,
    path: &str,
    us: Option<f64>,
    eu: Option<f64>,
) {
    for (field, value) in [("us", us), ("eu", eu)] {
        if let Some(v) = value {
            number(errors, file, item, &format!("{path}{field}"), v);
        }
    }
}

/// A table that starts at 0 and ends above 120, with adjacent bands.
fn whole_life(errors: &mut Vec<ContentError>, file: &str, table: &str, bands: &[(f64, f64)]) {
    let (Some(first), Some(last)) = (bands.first(), bands.last()) else {
        errors.push(ContentError {
            file: file.to_owned(),
            item: None,
            field: Some(table.to_owned()),
            message: format!("the `{table}` table has no bands"),
            line: None,
        });
        return;
    };
    let at = |i: usize, field: &str| (file, format!("{table}[{i}]"), field.to_owned());
    if first.0 != 0.0 {
        let message = format!("table starts at `{}`, not at `0`", first.0);
        push(errors, at(0, "from"), message);
    }
    if last.1.is_nan() || last.1 <= LAST_AGE {
        let message = format!("table ends at `{}`, not above `{LAST_AGE}`", last.1);
        push(errors, at(bands.len() - 1, "to"), message);
    }
    adjacent(errors, bands, at);
}

fn push(errors: &mut Vec<ContentError>, (file, item, field): (&str, String, String), m: String) {
    errors.push(ContentError::at(file, item, field, m));
}

/// Bands are valid ages, non-empty, sorted, with no gap or overlap.
fn adjacent<'f>(
    errors: &mut Vec<ContentError>,
    bands: &[(f64, f64)],
    at: impl Fn(usize, &str) -> (&'f str, String, String),
) {
    for (i, &(from, to)) in bands.iter().enumerate() {
        for (field, value) in [("from", from), ("to", to)] {
            if !value.is_finite() || value < 0.0 {
                let message = format!("`{value}` is not a finite non-negative age");
                push(errors, at(i, field), message);
            }
        }
        if from.is_nan() || to.is_nan() || from >= to {
            let message = format!("band `[{from}, {to})` is empty: `to` must be above `from`");
            push(errors, at(i, "to"), message);
        }
        let Some(&(prev_from, prev_to)) = i.checked_sub(1).and_then(|p| bands.get(p)) else {
            continue;
        };
        if from < prev_from {
            let message = format!(
                "bands not sorted: starts at `{from}`, before the previous band `{prev_from}`"
            );
            push(errors, at(i, "from"), message);
        } else if from > prev_to {
            let message =
                format!("gap: band starts at `{from}` but the previous band ends at `{prev_to}`");
            push(errors, at(i, "from"), message);
        } else if from < prev_to {
            let message = format!(
                "overlap: band starts at `{from}` but the previous band ends at `{prev_to}`"
            );
            push(errors, at(i, "from"), message);
        }
    }
}

/// A content limit may be lower than the reference (a stricter reading) but
/// never higher, nor set where the reference establishes none. Checked at
/// the band's start and at every reference band edge inside it.
fn not_looser(
    errors: &mut Vec<ContentError>,
    (file, item, path): (&str, &str, &str),
    (from, to): (f64, f64),
    (us, eu): (Option<f64>, Option<f64>),
    reference: impl Fn(f64, Jurisdiction) -> (Option<f64>, &'static str),
) {
    if !(from.is_finite() && to.is_finite() && from < to) {
        return; // reported by the band checks
    }
    let ages: Vec<f64> = std::iter::once(from)
        .chain(reference::band_edges().filter(|a| *a > from && *a < to))
        .collect();
    for (field, jurisdiction, value) in [("us", Jurisdiction::Us, us), ("eu", Jurisdiction::Eu, eu)]
    {
        let Some(value) = value else { continue };
        for &age in &ages {
            let (limit, what) = reference(age, jurisdiction);
            let loose = match limit {
                Some(limit) => value > limit,
                None => true,
            };
            if loose {
                let limit =
                    limit.map_or_else(|| "none established".to_owned(), |l| format!("{l} mg"));
                let message = format!(
                    "`{value}` mg is above {what} at age {age} ({}: {limit}); a content file may lower a limit, never raise it",
                    jurisdiction.as_str().to_uppercase()
                );
                let mut e = ContentError::at(file, item, format!("{path}{field}"), message);
                e.line = Some(0);
                errors.push(e);
                break;
            }
        }
    }
}

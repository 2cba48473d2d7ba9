//! Magnesium mass fractions from chemical formulas.
//!
//! [`elemental_fraction`] parses formulas such as `MgO`, `Mg3(C6H5O7)2` or
//! `MgCl2·6H2O` and returns the mass fraction of magnesium, using IUPAC
//! conventional atomic weights.

/// Element symbols and IUPAC conventional atomic weights the parser knows.
pub const ATOMIC_WEIGHTS: &[(&str, f64)] = &[
    ("Mg", 24.305),
    ("O", 15.999),
    ("H", 1.008),
    ("C", 12.011),
    ("N", 14.007),
    ("Cl", 35.45),
    ("S", 32.06),
    ("Ca", 40.078),
    ("K", 39.098),
    ("Na", 22.990),
    ("P", 30.974),
];

const ELEMENTS: usize = ATOMIC_WEIGHTS.len();
const MG: usize = 0;
/// Largest count or multiplier written in a formula.
const MAX_COUNT: u64 = 9_999;
/// Deepest nesting of parentheses.
const MAX_DEPTH: usize = 8;

type Counts = [u64; ELEMENTS];

/// Why a formula could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormulaError {
    /// The formula, or one part of a hydrate, is empty.
    #[error("empty formula or hydrate part")]
    Empty,
    /// An element symbol not in [`ATOMIC_WEIGHTS`].
    #[error("unknown element `{0}`")]
    UnknownElement(String),
    /// A character that cannot appear at this position.
    #[error("unexpected `{ch}` at position {at}")]
    Unexpected {
        /// The character.
        ch: char,
        /// Its position, counted in characters from 0.
        at: usize,
    },
    /// Parentheses or brackets that do not match.
    #[error("unbalanced parentheses")]
    Unbalanced,
    /// A pair of parentheses with nothing inside.
    #[error("empty parentheses")]
    EmptyGroup,
    /// A count or multiplier of zero.
    #[error("count of zero")]
    ZeroCount,
    /// A count above 9999, or atom counts too large to compute.
    #[error("count too large")]
    TooLarge,
    /// Parentheses nested deeper than 8 levels.
    #[error("parentheses nested too deeply")]
    TooDeep,
    /// The formula has no magnesium.
    #[error("no magnesium in formula")]
    NoMagnesium,
}

/// The magnesium mass fraction of `formula`, in `(0, 1]`.
///
/// # Errors
///
/// A [`FormulaError`] when the formula cannot be read (empty, an unknown
/// element, an unexpected character, unbalanced or empty parentheses, a
/// zero or too large count, nesting too deep) or has no magnesium.
///
/// Accepts element symbols with counts, nested `(...)` or `[...]` groups
/// with counts, and hydrate parts after `·` (or `.`, `⋅`, `*`) with a leading
/// multiplier, as in `MgCl2·6H2O`. Surrounding whitespace is ignored.
///
/// ```
/// let f = crampwise_content::elemental_fraction("MgCl2·6H2O")?;
/// assert!((f - 0.120).abs() < 0.0005);
/// # Ok::<(), crampwise_content::FormulaError>(())
/// ```
pub fn elemental_fraction(formula: &str) -> Result<f64, FormulaError> {
    let counts = atom_counts(formula)?;
    if counts[MG] == 0 {
        return Err(FormulaError::NoMagnesium);
    }
    let mut total = 0.0;
    let mut mg = 0.0;
    for (element, (count, (_, weight))) in counts.iter().zip(ATOMIC_WEIGHTS).enumerate() {
        let mass = count_to_f64(*count) * weight;
        total += mass;
        if element == MG {
            mg = mass;
        }
    }
    // `total` includes the exact `mg` term plus non-negative terms.
    Ok((mg / total).min(1.0))
}

/// The number of atoms of each element in [`ATOMIC_WEIGHTS`] order.
fn atom_counts(formula: &str) -> Result<Counts, FormulaError> {
    let chars: Vec<char> = formula.trim().chars().collect();
    if chars.is_empty() {
        return Err(FormulaError::Empty);
    }
    let mut total = [0; ELEMENTS];
    let mut start = 0;
    for part in chars.split(|c| is_separator(*c)) {
        let counts = parse_part(part, start)?;
        add_into(&mut total, &counts, 1)?;
        start += part.len() + 1;
    }
    Ok(total)
}

/// An atom count as a float, the nearest one above 2^53 (atom counts that
/// large are allowed, and the fraction needs no more precision).
#[expect(
    clippy::as_conversions,
    reason = "u64 to f64 has no From; rounding to the nearest float is the meaning"
)]
fn count_to_f64(count: u64) -> f64 {
    count as f64
}

fn is_separator(c: char) -> bool {
    matches!(c, '·' | '.' | '⋅' | '*')
}

/// Parses a number at `chars[*i..]`, if any; `Ok(None)` when no digit is there.
fn number(chars: &[char], i: &mut usize) -> Result<Option<u64>, FormulaError> {
    let mut value: Option<u64> = None;
    while let Some(d) = chars.get(*i).and_then(|c| c.to_digit(10)) {
        let v = value.unwrap_or(0) * 10 + u64::from(d);
        if v > MAX_COUNT {
            return Err(FormulaError::TooLarge);
        }
        value = Some(v);
        *i += 1;
    }
    if value == Some(0) {
        return Err(FormulaError::ZeroCount);
    }
    Ok(value)
}

fn add_into(into: &mut Counts, from: &Counts, times: u64) -> Result<(), FormulaError> {
    for (a, b) in into.iter_mut().zip(from) {
        let add = b.checked_mul(times).ok_or(FormulaError::TooLarge)?;
        *a = a.checked_add(add).ok_or(FormulaError::TooLarge)?;
    }
    Ok(())
}

/// One part of a formula (the salt, or one hydrate part), with optional leading multiplier.
fn parse_part(chars: &[char], offset: usize) -> Result<Counts, FormulaError> {
    let mut i = 0;
    let multiplier = number(chars, &mut i)?.unwrap_or(1);
    if i == chars.len() {
        return Err(FormulaError::Empty);
    }
    // Each open group: its counts, its closing character and whether it has content.
    let mut stack: Vec<(Counts, char, bool)> = vec![([0; ELEMENTS], ' ', false)];
    while let Some(&c) = chars.get(i) {
        let at = offset + i;
        i += 1;
        match c {
            '(' | '[' => {
                if stack.len() > MAX_DEPTH {
                    return Err(FormulaError::TooDeep);
                }
                stack.push(([0; ELEMENTS], if c == '(' { ')' } else { ']' }, false));
            }
            ')' | ']' => {
                if stack.len() < 2 {
                    return Err(FormulaError::Unbalanced);
                }
                let (group, close, filled) = stack.pop().ok_or(FormulaError::Unbalanced)?;
                if close != c {
                    return Err(FormulaError::Unbalanced);
                }
                if !filled {
                    return Err(FormulaError::EmptyGroup);
                }
                let times = number(chars, &mut i)?.unwrap_or(1);
                let parent = stack.last_mut().ok_or(FormulaError::Unbalanced)?;
                add_into(&mut parent.0, &group, times)?;
                parent.2 = true;
            }
            'A'..='Z' => {
                let mut symbol = String::from(c);
                if let Some(&l) = chars.get(i).filter(|l| l.is_ascii_lowercase()) {
                    symbol.push(l);
                    i += 1;
                }
                let Some(index) = ATOMIC_WEIGHTS.iter().position(|(s, _)| *s == symbol) else {
                    return Err(FormulaError::UnknownElement(symbol));
                };
                let count = number(chars, &mut i)?.unwrap_or(1);
                let top = stack.last_mut().ok_or(FormulaError::Unbalanced)?;
                // Counts has one slot per element of ATOMIC_WEIGHTS.
                let slot = top
                    .0
                    .get_mut(index)
                    .ok_or(FormulaError::UnknownElement(symbol))?;
                *slot = slot.checked_add(count).ok_or(FormulaError::TooLarge)?;
                top.2 = true;
            }
            _ => return Err(FormulaError::Unexpected { ch: c, at }),
        }
    }
    match stack.as_slice() {
        [(counts, _, _)] => {
            let mut out = [0; ELEMENTS];
            add_into(&mut out, counts, multiplier)?;
            Ok(out)
        }
        _ => Err(FormulaError::Unbalanced),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(formula: &str, expected: f64) {
        let got = elemental_fraction(formula).unwrap();
        assert!(
            (got - expected).abs() < 0.0005,
            "{formula}: got {got}, expected {expected}"
        );
    }

    #[test]
    fn known_values() {
        close("MgO", 0.603);
        close("MgCl2·6H2O", 0.120);
        close("MgCl2.6H2O", 0.120);
        close("Mg3(C6H5O7)2", 0.162);
        close("Mg(OH)2", 0.417);
        close("MgSO4·7H2O", 0.099);
        close("Mg", 1.0);
        close(" MgO ", 0.603);
        close("[Mg(OH)2]", 0.417);
    }

    #[test]
    fn leading_multipliers() {
        // 4MgCO3·Mg(OH)2·5H2O (hydromagnesite): 5 Mg.
        let f = elemental_fraction("4MgCO3·Mg(OH)2·5H2O").unwrap();
        let mass = 5.0 * 24.305
            + 4.0 * (12.011 + 3.0 * 15.999)
            + 2.0 * (15.999 + 1.008)
            + 5.0 * (2.0 * 1.008 + 15.999);
        assert!((f - 5.0 * 24.305 / mass).abs() < 1e-12);
    }

    #[test]
    fn errors() {
        use FormulaError::*;
        assert_eq!(elemental_fraction(""), Err(Empty));
        assert_eq!(elemental_fraction("MgCl2·"), Err(Empty));
        assert_eq!(elemental_fraction("MgCl2·6"), Err(Empty));
        assert_eq!(elemental_fraction("Xy2"), Err(UnknownElement("Xy".into())));
        assert_eq!(
            elemental_fraction("mgO"),
            Err(Unexpected { ch: 'm', at: 0 })
        );
        assert_eq!(elemental_fraction("Mg(OH2"), Err(Unbalanced));
        assert_eq!(elemental_fraction("MgOH)2"), Err(Unbalanced));
        assert_eq!(elemental_fraction("Mg(OH]2"), Err(Unbalanced));
        assert_eq!(elemental_fraction("Mg()"), Err(EmptyGroup));
        assert_eq!(elemental_fraction("MgO0"), Err(ZeroCount));
        assert_eq!(elemental_fraction("MgO99999"), Err(TooLarge));
        assert_eq!(elemental_fraction("CaO"), Err(NoMagnesium));
        assert_eq!(elemental_fraction("Mg((((((((((O))))))))))"), Err(TooDeep));
        assert_eq!(
            elemental_fraction("Mg O"),
            Err(Unexpected { ch: ' ', at: 2 })
        );
    }
}

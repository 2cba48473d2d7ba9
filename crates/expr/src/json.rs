//! JSON string escaping, for explanations written straight into JSON.

/// Appends `s` as the inside of a JSON string, with `serde_json`'s
/// escapes: `"` and `\`, the short forms `\b \f \n \r \t`, and `\u00xx`
/// (lower-case hex) for the other control characters; everything else as
/// it is.
///
/// ```
/// let mut out = String::new();
/// crampwise_expr::write_json_escaped(&mut out, "\"night\" in timing\n");
/// assert_eq!(out, r#"\"night\" in timing\n"#);
/// ```
pub fn write_json_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = next_escape(bytes, 0);
    while let Some(&b) = bytes.get(i) {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            _ => "",
        };
        // Every escaped byte is ASCII, so `start..i` is on char boundaries.
        out.push_str(s.get(start..i).unwrap_or_default());
        if short.is_empty() {
            // A control character: both digits are below 16.
            let hex = |digit: u8| char::from_digit(u32::from(digit), 16).unwrap_or('0');
            out.push_str("\\u00");
            out.push(hex(b >> 4));
            out.push(hex(b & 0xf));
        } else {
            out.push_str(short);
        }
        start = i + 1;
        i = next_escape(bytes, start);
    }
    out.push_str(s.get(start..).unwrap_or_default());
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// The position of the first byte from `from` on that JSON escapes, or
/// `bytes.len()`: eight bytes at a time, since most text has none.
pub(crate) fn next_escape(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero: the high bit of that byte in the result.
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut i = from;
    let rest = bytes.get(from..).unwrap_or_default();
    let mut words = rest.chunks_exact(8);
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let x = u64::from_le_bytes(eight);
        // Bytes below 0x20 (`& !x` leaves out bytes of 0x80 and above).
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let found = control
            | zero_byte(x ^ (ONES * u64::from(b'"')))
            | zero_byte(x ^ (ONES * u64::from(b'\\')));
        if found != 0 {
            // The word has one; borrows can mark other bytes too, so find it byte by byte.
            if let Some(at) = word.iter().position(|&b| needs_escape(b)) {
                return i + at;
            }
        }
        i += 8;
    }
    match words.remainder().iter().position(|&b| needs_escape(b)) {
        Some(at) => i + at,
        None => bytes.len(),
    }
}

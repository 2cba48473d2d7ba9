//! Fuzzes the CSV header reader of `crampwise batch` and the physical line
//! numbers of the rows after it: any input gives column names or an error,
//! never a panic; the names are unique, trimmed and within the header
//! limit; a row's line never goes backwards and never exceeds the lines
//! read.
#![no_main]

use crampwise_cli::csv_header::{self, HeaderError, MAX_HEADER_BYTES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (mut reader, lines) = csv_header::reader(data);
    match csv_header::read(&mut reader, &lines) {
        Ok(names) => {
            let total: usize = names.iter().map(String::len).sum();
            assert!(total <= MAX_HEADER_BYTES, "{total} bytes of names");
            for (i, name) in names.iter().enumerate() {
                assert_eq!(name.trim(), name);
                assert!(!names[..i].contains(name), "{name:?} twice");
            }
        }
        Err(HeaderError::TooLong) => assert!(data.len() > MAX_HEADER_BYTES),
        Err(_) => return,
    }
    // Line ends: `\n`, and `\r` not followed by `\n`.
    let breaks = data
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n')))
        .count() as u64;
    let mut record = csv::ByteRecord::new();
    let mut last = 1;
    loop {
        let after = reader.position().byte();
        if !matches!(reader.read_byte_record(&mut record), Ok(true)) {
            break;
        }
        let line = lines.borrow_mut().record_line(after);
        assert!(line >= last, "line {line} after line {last}");
        assert!(line <= breaks + 1, "line {line} of {} lines", breaks + 1);
        last = line;
        lines.borrow_mut().allow(1 << 20);
    }
});

//! Aligned text tables.

use std::io::Write;

use super::{display_len, truncate, wrap, HEADER};

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: padded on the right.
    Left,
    /// Numbers: padded on the left.
    Right,
}

/// A column: its header, alignment and whether it may be cut to fit the width.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header text.
    pub header: String,
    /// How cells line up.
    pub align: Align,
    /// Whether cells may be truncated (with `…`) so the line fits the width.
    pub flexible: bool,
}

impl Column {
    /// A left-aligned column that keeps its full width.
    pub fn text(header: &str) -> Self {
        Column {
            header: header.to_owned(),
            align: Align::Left,
            flexible: false,
        }
    }

    /// A right-aligned column (numbers).
    pub fn number(header: &str) -> Self {
        Column {
            align: Align::Right,
            ..Column::text(header)
        }
    }

    /// A left-aligned column that may be cut to fit the width (long text).
    pub fn flexible(header: &str) -> Self {
        Column {
            flexible: true,
            ..Column::text(header)
        }
    }
}

/// Space between columns.
const GAP: &str = "  ";
/// A flexible column is never cut narrower than this.
const MIN_FLEXIBLE: usize = 12;

/// A table of rows under column headers.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: Vec<Column>) -> Self {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are empty, extra cells are ignored.
    pub fn push(&mut self, mut row: Vec<String>) {
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
    }

    /// Column widths that fit within `max_width` by cutting flexible columns
    /// (the widest first), never below their header or `MIN_FLEXIBLE`.
    fn widths(&self, max_width: usize) -> Vec<usize> {
        let mut widths: Vec<usize> = self
            .columns
            .iter()
            .map(|c| display_len(&c.header))
            .collect();
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(display_len(cell));
            }
        }
        let total = |w: &[usize]| w.iter().sum::<usize>() + GAP.len() * w.len().saturating_sub(1);
        let floor = |c: &Column| MIN_FLEXIBLE.max(display_len(&c.header));
        while total(&widths) > max_width {
            let excess = total(&widths) - max_width;
            let widest = self
                .columns
                .iter()
                .zip(widths.iter_mut())
                .filter(|(c, w)| c.flexible && **w > floor(c))
                .max_by_key(|(_, w)| **w);
            match widest {
                Some((c, w)) => *w = w.saturating_sub(excess).max(floor(c)),
                None => break,
            }
        }
        widths
    }

    /// Writes the table: a header line, then one line per row, each at most
    /// `max_width` characters wide when the fixed columns allow it.
    ///
    /// # Errors
    ///
    /// Any error writing to `out`.
    pub fn write(&self, out: &mut dyn Write, max_width: usize) -> std::io::Result<()> {
        let widths = self.widths(max_width);
        let total = widths.iter().sum::<usize>() + GAP.len() * widths.len().saturating_sub(1);
        if total > max_width {
            return self.write_records(out, max_width);
        }
        let headers: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        let header = self.line(&headers, &widths);
        writeln!(out, "{HEADER}{header}{HEADER:#}")?;
        for row in &self.rows {
            writeln!(out, "{}", self.line(row, &widths))?;
        }
        Ok(())
    }

    /// The table for a width its columns cannot fit: each row as a record,
    /// its first cell as a heading and every other cell on a line of its
    /// own under its column's name, wrapped (never cut) to `max_width`.
    fn write_records(&self, out: &mut dyn Write, max_width: usize) -> std::io::Result<()> {
        for row in &self.rows {
            let mut cells = self.columns.iter().zip(row);
            if let Some((_, first)) = cells.next() {
                for line in wrap(first, max_width) {
                    writeln!(out, "{HEADER}{line}{HEADER:#}")?;
                }
            }
            for (column, cell) in cells {
                let text = format!("{}: {cell}", column.header);
                for (i, line) in wrap(&text, max_width.saturating_sub(4).max(1))
                    .iter()
                    .enumerate()
                {
                    let indent = if i == 0 { "  " } else { "    " };
                    writeln!(out, "{indent}{line}")?;
                }
            }
        }
        Ok(())
    }

    fn line(&self, cells: &[String], widths: &[usize]) -> String {
        let mut line = String::new();
        for (i, ((column, cell), &width)) in self.columns.iter().zip(cells).zip(widths).enumerate()
        {
            if i > 0 {
                line.push_str(GAP);
            }
            let text = truncate(cell, width);
            let pad = " ".repeat(width.saturating_sub(display_len(&text)));
            match column.align {
                Align::Left => {
                    line.push_str(&text);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(&text);
                }
            }
        }
        line.truncate(line.trim_end().len());
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(table: &Table, width: usize) -> String {
        let mut out = Vec::new();
        table.write(&mut out, width).unwrap();
        crate::render::strip_styles(&String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_table_too_wide_for_the_width_becomes_records_that_fit() {
        let mut t = Table::new(vec![
            Column::flexible("food"),
            Column::text("serving"),
            Column::number("servings a day"),
            Column::number("mg a day"),
        ]);
        t.push(vec![
            "Almonds, dry roasted".into(),
            "1 oz (28 g)".into(),
            "1".into(),
            "80".into(),
        ]);
        let text = render(&t, 30);
        assert_eq!(
            text,
            "Almonds, dry roasted\n  serving: 1 oz (28 g)\n  servings a day: 1\n  mg a day: 80\n"
        );
        let narrow = render(&t, 20);
        assert!(narrow.lines().all(|l| l.chars().count() <= 20), "{narrow}");
        assert!(
            narrow.contains("Almonds, dry") && narrow.contains("roasted"),
            "{narrow}"
        );
        // Wide enough: the table as before.
        assert!(render(&t, 80).starts_with("food"));
    }

    fn sample() -> Table {
        let mut t = Table::new(vec![
            Column::text("id"),
            Column::number("mg"),
            Column::flexible("text"),
        ]);
        t.push(vec!["a".into(), "5".into(), "short".into()]);
        t.push(vec![
            "longer_id".into(),
            "156".into(),
            "a rather long text that will not fit".into(),
        ]);
        t
    }

    #[test]
    fn columns_line_up() {
        assert_eq!(
            render(&sample(), 100),
            "id          mg  text\n\
             a            5  short\n\
             longer_id  156  a rather long text that will not fit\n"
        );
    }

    #[test]
    fn flexible_columns_are_cut_to_the_width() {
        let text = render(&sample(), 30);
        assert!(text.lines().all(|l| l.chars().count() <= 30), "{text}");
        assert!(text.contains("  a rather long…\n"), "{text}");
    }

    #[test]
    fn fixed_columns_are_never_cut() {
        let text = render(&sample(), 5);
        assert!(text.contains("longer_id"), "{text}");
    }
}

//! Column-wise evaluation: one condition over up to 64 rows of facts at once.
//!
//! A [`Block`] holds the facts of up to [`BLOCK_ROWS`] rows field by field
//! (a value array and one presence mask per kind), so each leaf test runs as a
//! tight loop over one field and `and`/`or`/`not` become word operations on
//! bit masks (Kleene logic on a true mask and a false mask). The answer for
//! every row is exactly what [`Condition::eval`] gives for that row; a
//! property test compares the two on random facts.

use crate::condition::{Atom, Node, Num, Program, ValueKind};
use crate::schema::FieldId;
use crate::types::{Truth, Value};
use crate::Condition;

/// Rows in one [`Block`].
pub const BLOCK_ROWS: usize = 64;

/// One field of a block.
#[derive(Clone, Debug)]
struct Column {
    /// Rows holding a number, a bool, an enum, a set (in [`ValueKind`] order).
    present: [u64; 4],
    numbers: [f64; BLOCK_ROWS],
    /// Bool (0 or 1), enum index or set bits.
    bits: [u64; BLOCK_ROWS],
}

impl Default for Column {
    fn default() -> Self {
        Column {
            present: [0; 4],
            numbers: [0.0; BLOCK_ROWS],
            bits: [0; BLOCK_ROWS],
        }
    }
}

impl Column {
    /// Rows holding a value of `kind`.
    fn present(&self, kind: ValueKind) -> u64 {
        let [number, bool, enumeration, set] = self.present;
        match kind {
            ValueKind::Number => number,
            ValueKind::Bool => bool,
            ValueKind::Enum => enumeration,
            ValueKind::Set => set,
        }
    }

    /// The mask of [`Column::present`] for `kind`, to set rows in.
    fn present_mut(&mut self, kind: ValueKind) -> &mut u64 {
        let [number, bool, enumeration, set] = &mut self.present;
        match kind {
            ValueKind::Number => number,
            ValueKind::Bool => bool,
            ValueKind::Enum => enumeration,
            ValueKind::Set => set,
        }
    }

    /// Stores row `row`'s number and bits; `row` is below [`BLOCK_ROWS`]
    /// (a full block takes no row).
    fn set_row(&mut self, row: usize, number: f64, bits: u64) {
        if let Some(n) = self.numbers.get_mut(row) {
            *n = number;
        }
        if let Some(b) = self.bits.get_mut(row) {
            *b = bits;
        }
    }
}

/// The facts of up to [`BLOCK_ROWS`] rows, stored field by field.
///
/// ```
/// use crampwise_expr::{Block, Condition, FieldType, Schema, Value};
/// let schema = Schema::new().field("age", FieldType::Number);
/// let adult = Condition::compile("age >= 18", &schema)?;
/// let mut block = Block::new(1);
/// block.push(&[Value::Number(30.0)]);
/// block.push(&[Value::Unknown]);
/// block.push(&[Value::Number(4.0)]);
/// let truth = adult.eval_block(&block);
/// assert_eq!((truth.true_rows, truth.false_rows), (0b001, 0b100));
/// # Ok::<(), crampwise_expr::ExprError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Block {
    columns: Vec<Column>,
    len: usize,
}

/// A condition's answer for the rows of a block: bit `r` of `true_rows` is
/// set when it holds for row `r`, of `false_rows` when it does not; rows in
/// neither are unknown (or past the block's end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct BlockTruth {
    /// Rows where the condition is true.
    pub true_rows: u64,
    /// Rows where the condition is false.
    pub false_rows: u64,
}

impl BlockTruth {
    /// The answer for row `row`.
    #[must_use]
    pub fn row(self, row: usize) -> Truth {
        // A row past the block's end (64 or more) is in neither mask.
        let bit = u32::try_from(row)
            .ok()
            .and_then(|row| 1u64.checked_shl(row))
            .unwrap_or(0);
        if self.true_rows & bit != 0 {
            Truth::True
        } else if self.false_rows & bit != 0 {
            Truth::False
        } else {
            Truth::Unknown
        }
    }
}

impl Block {
    /// An empty block for facts of `field_count` fields.
    #[must_use]
    pub fn new(field_count: usize) -> Block {
        Block {
            columns: vec![Column::default(); field_count],
            len: 0,
        }
    }

    /// Rows in use.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no row is in use.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the block holds [`BLOCK_ROWS`] rows.
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.len == BLOCK_ROWS
    }

    /// Empties the block (the memory is kept).
    pub fn clear(&mut self) {
        for c in &mut self.columns {
            c.present = [0; 4];
        }
        self.len = 0;
    }

    /// Appends one row of facts indexed by [`FieldId`] (fields past the
    /// block's count are ignored, missing ones are unknown). Returns `false`,
    /// adding nothing, when the block is full.
    pub fn push(&mut self, facts: &[Value]) -> bool {
        if self.is_full() {
            return false;
        }
        let row = self.len;
        let bit = 1u64 << row;
        for (column, value) in self.columns.iter_mut().zip(facts) {
            let (kind, number, bits) = match *value {
                Value::Unknown => continue,
                Value::Number(n) => (ValueKind::Number, n, 0),
                Value::Bool(b) => (ValueKind::Bool, 0.0, u64::from(b)),
                Value::Enum(i) => (ValueKind::Enum, 0.0, u64::from(i)),
                Value::Set(s) => (ValueKind::Set, 0.0, s),
            };
            *column.present_mut(kind) |= bit;
            column.set_row(row, number, bits);
        }
        self.len += 1;
        true
    }

    /// Rows in use, as a mask: bit `r` set for each row pushed.
    #[must_use]
    pub fn live(&self) -> u64 {
        match self.len {
            BLOCK_ROWS => u64::MAX,
            n => (1u64 << n) - 1,
        }
    }

    fn column(&self, field: FieldId) -> Option<&Column> {
        self.columns.get(field.index())
    }

    /// Rows where `field` holds a value of `kind`.
    fn present(&self, field: FieldId, kind: ValueKind) -> u64 {
        self.column(field).map_or(0, |c| c.present(kind))
    }
}

/// Bit `r` set where the `r`th of `holds` (one for each of the
/// [`BLOCK_ROWS`] rows) is true, for the rows in `mask`.
fn rows_where(mask: u64, holds: impl IntoIterator<Item = bool>) -> u64 {
    let mut out = 0u64;
    for (r, holds) in holds.into_iter().take(BLOCK_ROWS).enumerate() {
        out |= u64::from(holds) << r;
    }
    out & mask
}

impl Condition {
    /// Evaluates the condition for every row of `block` at once; row `r` of
    /// the answer equals [`Condition::eval`] on row `r`'s facts. Does not
    /// allocate.
    #[must_use]
    pub fn eval_block(&self, block: &Block) -> BlockTruth {
        let (t, f) = self.program.eval_block_node(self.program.root, block);
        BlockTruth {
            true_rows: t,
            false_rows: f,
        }
    }
}

impl Program {
    /// (true rows, false rows) of node `id`.
    fn eval_block_node(&self, id: u32, block: &Block) -> (u64, u64) {
        let Some(node) = self.node(id) else {
            return (0, 0);
        };
        match node {
            Node::Atom(atom, _) => self.eval_block_atom(atom, block),
            Node::Not(inner) => {
                let (t, f) = self.eval_block_node(inner, block);
                (f, t)
            }
            Node::And { start, end } => {
                let live = block.live();
                let (mut t, mut f) = (live, 0);
                for &child in self.children(start, end) {
                    let (ct, cf) = self.eval_block_node(child, block);
                    t &= ct;
                    f |= cf;
                    // False in every row: no later child can change that.
                    if f == live {
                        break;
                    }
                }
                (t, f)
            }
            Node::Or { start, end } => {
                let live = block.live();
                let (mut t, mut f) = (0, live);
                for &child in self.children(start, end) {
                    let (ct, cf) = self.eval_block_node(child, block);
                    t |= ct;
                    f &= cf;
                    // True in every row: no later child can change that.
                    if t == live {
                        break;
                    }
                }
                (t, f)
            }
        }
    }

    fn eval_block_atom(&self, atom: Atom, block: &Block) -> (u64, u64) {
        let live = block.live();
        // Known rows split by a test: true where it holds, false elsewhere.
        let split = |known: u64, holds: u64| (holds & known, !holds & known);
        let column = |field: FieldId| block.column(field);
        match atom {
            Atom::Const(b) => {
                if b {
                    (live, 0)
                } else {
                    (0, live)
                }
            }
            Atom::Compare { lhs, op, rhs } => {
                let known = live & num_known(lhs, block) & num_known(rhs, block);
                let holds = match (lhs, rhs) {
                    (Num::Field(field), Num::Const(c)) => match column(field) {
                        Some(col) => rows_where(known, col.numbers.iter().map(|&n| op.apply(n, c))),
                        None => 0,
                    },
                    _ => {
                        let (lhs, rhs) = (num_rows(lhs, block), num_rows(rhs, block));
                        rows_where(known, lhs.iter().zip(&rhs).map(|(&l, &r)| op.apply(l, r)))
                    }
                };
                split(known, holds)
            }
            Atom::BoolIs { field, value } => match column(field) {
                Some(col) => {
                    let known = live & block.present(field, ValueKind::Bool);
                    split(
                        known,
                        rows_where(known, col.bits.iter().map(|&b| b == u64::from(value))),
                    )
                }
                None => (0, 0),
            },
            Atom::EnumIs {
                field,
                index,
                equal,
            } => match column(field) {
                Some(col) => {
                    let known = live & block.present(field, ValueKind::Enum);
                    let holds = rows_where(
                        known,
                        col.bits.iter().map(|&b| (b == u64::from(index)) == equal),
                    );
                    split(known, holds)
                }
                None => (0, 0),
            },
            Atom::EnumIn { field, start, end } => match column(field) {
                Some(col) => {
                    let known = live & block.present(field, ValueKind::Enum);
                    let list = self.enum_list(start, end);
                    let holds = rows_where(
                        known,
                        col.bits
                            .iter()
                            .map(|&b| list.iter().any(|&i| b == u64::from(i))),
                    );
                    split(known, holds)
                }
                None => (0, 0),
            },
            Atom::SetAny { field, mask } => match column(field) {
                Some(col) => {
                    let known = live & block.present(field, ValueKind::Set);
                    split(
                        known,
                        rows_where(known, col.bits.iter().map(|&b| b & mask != 0)),
                    )
                }
                None => (0, 0),
            },
            Atom::SetAll { field, mask } => match column(field) {
                Some(col) => {
                    let known = live & block.present(field, ValueKind::Set);
                    split(
                        known,
                        rows_where(known, col.bits.iter().map(|&b| b & mask == mask)),
                    )
                }
                None => (0, 0),
            },
            Atom::Known { field, kind, known } => {
                let holds = live & block.present(field, kind);
                if known {
                    (holds, live & !holds)
                } else {
                    (live & !holds, holds)
                }
            }
        }
    }
}

/// Rows where a number operand has a value.
fn num_known(num: Num, block: &Block) -> u64 {
    match num {
        Num::Const(_) => u64::MAX,
        Num::Field(field) => block.present(field, ValueKind::Number),
        Num::Count(field, _) => block.present(field, ValueKind::Set),
    }
}

/// A number operand's value in each row (meaningful where it is known).
fn num_rows(num: Num, block: &Block) -> [f64; BLOCK_ROWS] {
    match num {
        Num::Const(c) => [c; BLOCK_ROWS],
        Num::Field(field) => block.column(field).map_or([0.0; BLOCK_ROWS], |c| c.numbers),
        Num::Count(field, mask) => block.column(field).map_or([0.0; BLOCK_ROWS], |c| {
            c.bits.map(|b| f64::from((b & mask).count_ones()))
        }),
    }
}

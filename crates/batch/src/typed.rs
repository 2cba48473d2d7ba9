//! The fast way from columns to a profile: typed reads straight into a
//! [`Profile`], with no JSON value in between.
//!
//! It is an optimisation of [`crate::columns::ProfileColumns::row`] followed
//! by `Profile::from_value`, never a second parser: it reads a row only when
//! every cell is plainly valid (known enum text, finite number, no null list
//! item, a supplements struct with just the contract's fields) and answers
//! `None` otherwise, so the caller falls back to the JSON path, which gives
//! the error messages. A row it does read equals what the JSON path gives (a
//! test compares the two on random tables, valid and not).

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, BooleanArray, GenericStringArray, OffsetSizeTrait, StringViewArray, StructArray,
};
use arrow_buffer::NullBuffer;
use arrow_schema::DataType;
use crampwise_rules::profile::{Cramps, Lifestyle, Preferences, Supplement};
use crampwise_rules::{Number, Profile};
use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::de::{Deserialize, IntoDeserializer};

use crate::columns::{Bound, ColumnType};

/// A number column, by its Arrow type.
enum Numbers<'a> {
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
    F32(&'a [f32]),
    F64(&'a [f64]),
}

impl<'a> Numbers<'a> {
    fn new(array: &'a dyn Array) -> Option<Numbers<'a>> {
        Some(match array.data_type() {
            DataType::Int8 => Numbers::I8(array.as_primitive::<Int8Type>().values()),
            DataType::Int16 => Numbers::I16(array.as_primitive::<Int16Type>().values()),
            DataType::Int32 => Numbers::I32(array.as_primitive::<Int32Type>().values()),
            DataType::Int64 => Numbers::I64(array.as_primitive::<Int64Type>().values()),
            DataType::UInt8 => Numbers::U8(array.as_primitive::<UInt8Type>().values()),
            DataType::UInt16 => Numbers::U16(array.as_primitive::<UInt16Type>().values()),
            DataType::UInt32 => Numbers::U32(array.as_primitive::<UInt32Type>().values()),
            DataType::UInt64 => Numbers::U64(array.as_primitive::<UInt64Type>().values()),
            DataType::Float32 => Numbers::F32(array.as_primitive::<Float32Type>().values()),
            DataType::Float64 => Numbers::F64(array.as_primitive::<Float64Type>().values()),
            _ => return None,
        })
    }

    /// The value as the JSON path reads it; `None` for NaN and infinity
    /// (which the JSON path reports as errors).
    fn get(&self, i: usize) -> Option<Number> {
        // The JSON path writes whole floats as integers (-0.0 becomes 0),
        // which the profile parser reads as any integer.
        let float =
            |f: f64| crampwise_rules::whole_number(f).map_or_else(|| Number::new(f), integer);
        match self {
            Numbers::I8(v) => Number::new(f64::from(*v.get(i)?)),
            Numbers::I16(v) => Number::new(f64::from(*v.get(i)?)),
            Numbers::I32(v) => Number::new(f64::from(*v.get(i)?)),
            Numbers::I64(v) => integer(*v.get(i)?),
            Numbers::U8(v) => Number::new(f64::from(*v.get(i)?)),
            Numbers::U16(v) => Number::new(f64::from(*v.get(i)?)),
            Numbers::U32(v) => Number::new(f64::from(*v.get(i)?)),
            Numbers::U64(v) => integer(*v.get(i)?),
            Numbers::F32(v) => float(f64::from(*v.get(i)?)),
            Numbers::F64(v) => float(*v.get(i)?),
        }
    }
}

/// An integer as the JSON path reads it: through the profile's own
/// [`Number`] deserializer, which takes the nearest `f64`.
fn integer<'de, T: IntoDeserializer<'de, ValueError>>(value: T) -> Option<Number> {
    Number::deserialize(value.into_deserializer()).ok()
}

/// A string column of any of Arrow's three layouts.
enum Texts<'a> {
    Utf8(&'a GenericStringArray<i32>),
    Large(&'a GenericStringArray<i64>),
    View(&'a StringViewArray),
}

impl<'a> Texts<'a> {
    fn new(array: &'a dyn Array) -> Option<Texts<'a>> {
        Some(match array.data_type() {
            DataType::Utf8 => Texts::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => Texts::Large(array.as_string::<i64>()),
            DataType::Utf8View => Texts::View(array.as_string_view()),
            _ => return None,
        })
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        let valid = |len: usize, nulls: Option<&NullBuffer>| {
            i < len && !nulls.is_some_and(|n| n.is_null(i))
        };
        match self {
            Texts::Utf8(a) => valid(a.len(), a.nulls()).then(|| a.value(i)),
            Texts::Large(a) => valid(a.len(), a.nulls()).then(|| a.value(i)),
            Texts::View(a) => valid(a.len(), a.nulls()).then(|| a.value(i)),
        }
    }
}

/// Reads an enum value the way serde reads it from JSON (aliases included).
fn parse<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    let de: StrDeserializer<'de, ValueError> = text.into_deserializer();
    T::deserialize(de).ok()
}

/// The item range of each row of a list column.
enum Offsets<'a> {
    Small(&'a [i32]),
    Large(&'a [i64]),
}

impl Offsets<'_> {
    fn range(&self, row: usize) -> Option<std::ops::Range<usize>> {
        fn at<O: OffsetSizeTrait>(o: &[O], row: usize) -> Option<std::ops::Range<usize>> {
            Some(o.get(row)?.as_usize()..o.get(row + 1)?.as_usize())
        }
        match self {
            Offsets::Small(o) => at(o, row),
            Offsets::Large(o) => at(o, row),
        }
    }
}

/// The items of a list column.
enum Items<'a> {
    /// An item type of `Null`: every item is null.
    Null,
    Texts(Texts<'a>),
    Supplements(SupplementColumns<'a>),
}

/// The children of a supplements struct column.
struct SupplementColumns<'a> {
    array: &'a StructArray,
    form: Option<Texts<'a>>,
    elemental_mg: Option<(Numbers<'a>, Option<&'a NullBuffer>)>,
    nutrient: Option<Texts<'a>>,
    mg: Option<(Numbers<'a>, Option<&'a NullBuffer>)>,
}

/// `Some(None)`: a null cell; `None`: the fast path cannot read this cell.
type Cell<T> = Option<Option<T>>;

fn number_cell(numbers: &(Numbers<'_>, Option<&NullBuffer>), i: usize) -> Cell<Number> {
    if numbers.1.is_some_and(|n| n.is_null(i)) {
        return Some(None);
    }
    numbers.0.get(i).map(Some)
}

impl<'a> SupplementColumns<'a> {
    fn new(array: &'a StructArray) -> Option<SupplementColumns<'a>> {
        let mut out = SupplementColumns {
            array,
            form: None,
            elemental_mg: None,
            nutrient: None,
            mg: None,
        };
        for (name, column) in array.column_names().into_iter().zip(array.columns()) {
            let column = column.as_ref();
            // A child of type Null is never read by the JSON path either.
            if *column.data_type() == DataType::Null {
                continue;
            }
            let number = || Some((Numbers::new(column)?, column.nulls()));
            match name {
                "form" => out.form = Some(Texts::new(column)?),
                "nutrient" => out.nutrient = Some(Texts::new(column)?),
                "elemental_mg" => out.elemental_mg = Some(number()?),
                "mg" => out.mg = Some(number()?),
                _ => return None,
            }
        }
        Some(out)
    }

    fn get(&self, i: usize) -> Option<Supplement> {
        if self.array.is_null(i) {
            return None;
        }
        let text = |t: &Option<Texts<'a>>| t.as_ref().and_then(|t| t.get(i));
        let number = |n: &Option<(Numbers<'a>, Option<&'a NullBuffer>)>| match n {
            Some(n) => number_cell(n, i),
            None => Some(None),
        };
        Some(Supplement {
            form: match text(&self.form) {
                Some(t) => Some(parse(t)?),
                None => None,
            },
            elemental_mg: number(&self.elemental_mg)?,
            nutrient: match text(&self.nutrient) {
                Some(t) => Some(parse(t)?),
                None => None,
            },
            mg: number(&self.mg)?,
        })
    }
}

/// A list column: offsets, row nulls and items.
struct Lists<'a> {
    offsets: Offsets<'a>,
    nulls: Option<&'a NullBuffer>,
    items: Items<'a>,
}

impl<'a> Lists<'a> {
    fn new(array: &'a dyn Array) -> Option<Lists<'a>> {
        let (offsets, values) = match array.data_type() {
            DataType::List(_) => {
                let l = array.as_list::<i32>();
                (Offsets::Small(l.value_offsets()), l.values().as_ref())
            }
            DataType::LargeList(_) => {
                let l = array.as_list::<i64>();
                (Offsets::Large(l.value_offsets()), l.values().as_ref())
            }
            _ => return None,
        };
        let items = match values.data_type() {
            DataType::Null => Items::Null,
            DataType::Struct(_) => Items::Supplements(SupplementColumns::new(values.as_struct())?),
            _ => Items::Texts(Texts::new(values)?),
        };
        Some(Lists {
            offsets,
            nulls: array.nulls(),
            items,
        })
    }

    /// The row's items read by `item`; an empty range is an empty list.
    fn get<T>(
        &self,
        row: usize,
        mut item: impl FnMut(&Items<'a>, usize) -> Option<T>,
    ) -> Cell<Vec<T>> {
        if self.nulls.is_some_and(|n| n.is_null(row)) {
            return Some(None);
        }
        let range = self.offsets.range(row)?;
        let mut out = Vec::with_capacity(range.len());
        for i in range {
            out.push(item(&self.items, i)?);
        }
        Some(Some(out))
    }

    fn enums<T: for<'de> Deserialize<'de>>(&self, row: usize) -> Cell<Vec<T>> {
        self.get(row, |items, i| match items {
            Items::Texts(t) => parse(t.get(i)?),
            _ => None,
        })
    }

    fn supplements(&self, row: usize) -> Cell<Vec<Supplement>> {
        self.get(row, |items, i| match items {
            Items::Supplements(s) => s.get(i),
            _ => None,
        })
    }
}

/// How one column is read.
enum Reader<'a> {
    /// A column of type `Null`: always "not asked".
    Null,
    Number(Numbers<'a>),
    Bool(&'a BooleanArray),
    Text(Texts<'a>),
    List(Lists<'a>),
}

/// Where a column's value goes in the profile.
#[derive(Clone, Copy)]
enum Slot {
    Age,
    Sex,
    Pregnancy,
    Lactating,
    PerWeek,
    Timing,
    Sites,
    Severity,
    OneSided,
    Weeks,
    Duration,
    Eases,
    Sudden,
    TaskSpecific,
    Symptoms,
    Exercise,
    Sweating,
    Caffeine,
    Alcohol,
    Stress,
    Diet,
    Water,
    Sitting,
    Conditions,
    Medications,
    Supplements,
    DietMagnesium,
    Format,
    Avoid,
    Jurisdiction,
}

impl Slot {
    fn of(path: &str) -> Option<Slot> {
        Some(match path {
            "age" => Slot::Age,
            "sex" => Slot::Sex,
            "pregnancy" => Slot::Pregnancy,
            "lactating" => Slot::Lactating,
            "cramps.per_week" => Slot::PerWeek,
            "cramps.timing" => Slot::Timing,
            "cramps.sites" => Slot::Sites,
            "cramps.severity" => Slot::Severity,
            "cramps.one_sided" => Slot::OneSided,
            "cramps.weeks" => Slot::Weeks,
            "cramps.duration_minutes" => Slot::Duration,
            "cramps.eases_with_stretching" => Slot::Eases,
            "cramps.sudden_onset" => Slot::Sudden,
            "cramps.task_specific" => Slot::TaskSpecific,
            "symptoms" => Slot::Symptoms,
            "lifestyle.exercise_per_week" => Slot::Exercise,
            "lifestyle.heavy_sweating" => Slot::Sweating,
            "lifestyle.caffeine_cups_per_day" => Slot::Caffeine,
            "lifestyle.alcohol_drinks_per_week" => Slot::Alcohol,
            "lifestyle.stress" => Slot::Stress,
            "lifestyle.diet" => Slot::Diet,
            "lifestyle.water_liters_per_day" => Slot::Water,
            "lifestyle.sitting_hours_per_day" => Slot::Sitting,
            "conditions" => Slot::Conditions,
            "medications" => Slot::Medications,
            "supplements" => Slot::Supplements,
            "diet_magnesium_mg" => Slot::DietMagnesium,
            "preferences.format" => Slot::Format,
            "preferences.avoid" => Slot::Avoid,
            "jurisdiction" => Slot::Jurisdiction,
            _ => return None,
        })
    }
}

/// One bound column: where its value goes, and how it is read.
struct Column<'a> {
    slot: Slot,
    nulls: Option<&'a NullBuffer>,
    reader: Reader<'a>,
}

/// The profile columns of one batch, ready for typed reads.
pub(crate) struct TypedColumns<'a> {
    columns: Vec<Column<'a>>,
    has_age: bool,
}

impl<'a> TypedColumns<'a> {
    /// `None` when some column cannot be read this way (every row then takes
    /// the JSON path).
    pub(crate) fn new(bound: &'a [Bound]) -> Option<TypedColumns<'a>> {
        let mut columns = Vec::with_capacity(bound.len());
        for b in bound {
            let array = b.array.as_ref();
            let reader = if *array.data_type() == DataType::Null {
                Reader::Null
            } else {
                match b.kind {
                    ColumnType::Number => Reader::Number(Numbers::new(array)?),
                    ColumnType::Bool => Reader::Bool(array.as_boolean_opt()?),
                    ColumnType::Text => Reader::Text(Texts::new(array)?),
                    ColumnType::TextList | ColumnType::Supplements => {
                        Reader::List(Lists::new(array)?)
                    }
                }
            };
            columns.push(Column {
                slot: Slot::of(b.name)?,
                nulls: array.nulls(),
                reader,
            });
        }
        let has_age = columns.iter().any(|c| matches!(c.slot, Slot::Age));
        Some(TypedColumns { columns, has_age })
    }

    /// Row `row` as a profile, or `None` when the JSON path must read it.
    /// Range checks are left to `Profile::check`, as on the JSON path.
    pub(crate) fn profile(&self, row: usize) -> Option<Profile> {
        if !self.has_age {
            return None;
        }
        let mut p = Profile::default();
        let mut age = None;
        for c in &self.columns {
            if c.nulls.is_some_and(|n| n.is_null(row)) {
                continue;
            }
            match &c.reader {
                Reader::Null => {}
                Reader::Number(n) => {
                    let v = Some(n.get(row)?);
                    match c.slot {
                        Slot::Age => age = v,
                        Slot::DietMagnesium => p.diet_magnesium_mg = v,
                        Slot::PerWeek => cramps(&mut p).per_week = v,
                        Slot::Severity => cramps(&mut p).severity = v,
                        Slot::Weeks => cramps(&mut p).weeks = v,
                        Slot::Duration => cramps(&mut p).duration_minutes = v,
                        Slot::Exercise => lifestyle(&mut p).exercise_per_week = v,
                        Slot::Caffeine => lifestyle(&mut p).caffeine_cups_per_day = v,
                        Slot::Alcohol => lifestyle(&mut p).alcohol_drinks_per_week = v,
                        Slot::Stress => lifestyle(&mut p).stress = v,
                        Slot::Water => lifestyle(&mut p).water_liters_per_day = v,
                        Slot::Sitting => lifestyle(&mut p).sitting_hours_per_day = v,
                        _ => return None,
                    }
                }
                Reader::Bool(b) => {
                    let v = Some(b.value(row));
                    match c.slot {
                        Slot::Lactating => p.lactating = v,
                        Slot::OneSided => cramps(&mut p).one_sided = v,
                        Slot::Eases => cramps(&mut p).eases_with_stretching = v,
                        Slot::Sudden => cramps(&mut p).sudden_onset = v,
                        Slot::TaskSpecific => cramps(&mut p).task_specific = v,
                        Slot::Sweating => lifestyle(&mut p).heavy_sweating = v,
                        _ => return None,
                    }
                }
                Reader::Text(t) => {
                    let text = t.get(row)?;
                    match c.slot {
                        Slot::Sex => p.sex = Some(parse(text)?),
                        Slot::Pregnancy => p.pregnancy = Some(parse(text)?),
                        Slot::Diet => lifestyle(&mut p).diet = Some(parse(text)?),
                        Slot::Format => preferences(&mut p).format = Some(parse(text)?),
                        Slot::Jurisdiction => p.jurisdiction = Some(parse(text)?),
                        _ => return None,
                    }
                }
                Reader::List(l) => match c.slot {
                    Slot::Timing => cramps(&mut p).timing = l.enums(row)?,
                    Slot::Sites => cramps(&mut p).sites = l.enums(row)?,
                    Slot::Symptoms => p.symptoms = l.enums(row)?,
                    Slot::Conditions => p.conditions = l.enums(row)?,
                    Slot::Medications => p.medications = l.enums(row)?,
                    Slot::Avoid => preferences(&mut p).avoid = l.enums(row)?,
                    Slot::Supplements => p.supplements = l.supplements(row)?,
                    _ => return None,
                },
            }
        }
        p.age = age?;
        Some(p)
    }
}

fn cramps(p: &mut Profile) -> &mut Cramps {
    p.cramps.get_or_insert_with(Cramps::default)
}

fn lifestyle(p: &mut Profile) -> &mut Lifestyle {
    p.lifestyle.get_or_insert_with(Lifestyle::default)
}

fn preferences(p: &mut Profile) -> &mut Preferences {
    p.preferences.get_or_insert_with(Preferences::default)
}

#[cfg(test)]
mod tests;

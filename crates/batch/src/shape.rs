//! Tables as analysts have them, made into profile columns.
//!
//! A data frame seldom holds only the profile's dotted-path columns: pandas
//! adds its index (`__index_level_0__`), polars builds struct columns from
//! nested dicts (`cramps` with `per_week`, `timing`, ...), and a table carries
//! ids and dates to join the plans back on. [`shape`] drops the index, reads
//! struct columns as their dotted paths and sets the kept columns aside;
//! [`Shaped::evaluate`] evaluates the rest and puts the kept columns back
//! beside the plans, unchanged and in the order asked for.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, StringArray};
use arrow_schema::{Field, FieldRef, Schema};
use crampwise_rules::Engine;

use crate::{output_schema, BatchError, Options};

/// A table split into its profile columns and the columns kept beside the plans.
#[derive(Debug, Clone)]
pub struct Shaped {
    profile: RecordBatch,
    kept: Vec<(FieldRef, ArrayRef)>,
}

/// The column names a pandas table's metadata lists as its index
/// (a `RangeIndex` is stored as metadata, not as a column).
fn pandas_index_columns(schema: &Schema) -> Vec<String> {
    let Some(text) = schema.metadata().get("pandas") else {
        return Vec::new();
    };
    let Ok(meta) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    meta.get("index_columns")
        .and_then(serde_json::Value::as_array)
        .map(|columns| {
            columns
                .iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// pyarrow's name for an unnamed pandas index level.
fn is_unnamed_index(name: &str) -> bool {
    name.strip_prefix("__index_level_")
        .and_then(|rest| rest.strip_suffix("__"))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// `child` with the rows where its parent struct is null made null too.
fn under_parent(child: &ArrayRef, parent: &dyn Array) -> Result<ArrayRef, BatchError> {
    let Some(nulls) = parent.nulls() else {
        return Ok(child.clone());
    };
    let parent_null = BooleanArray::new(!nulls.inner(), None);
    arrow_select::nullif::nullif(child.as_ref(), &parent_null)
        .map_err(|e| BatchError::Arrow(e.to_string()))
}

/// Struct columns as one column per leaf, named by dotted path; other columns as they are.
fn flatten(
    name: String,
    field: &Field,
    array: &ArrayRef,
    out: &mut Vec<(Field, ArrayRef)>,
) -> Result<(), BatchError> {
    // A known path is read as it is, whatever its type (`supplements` entries are structs).
    let known = crate::columns::columns().any(|(p, _)| p == name);
    match array.as_struct_opt() {
        Some(structs) if !known => {
            for (child_field, child) in structs.fields().iter().zip(structs.columns()) {
                let child = under_parent(child, array.as_ref())?;
                let path = format!("{name}.{}", child_field.name());
                flatten(path, child_field.as_ref(), &child, out)?;
            }
            Ok(())
        }
        _ => {
            let renamed = field.clone().with_name(name);
            out.push((renamed, array.clone()));
            Ok(())
        }
    }
}

/// Splits `batch` into profile columns and the columns named in `keep`.
///
/// pandas index columns (named in the table's `pandas` metadata, or
/// `__index_level_N__`) are dropped unless kept; struct columns are read as
/// their fields' dotted paths (`cramps.per_week`), at any depth; the other
/// columns must be profile fields, as for [`evaluate_batch`](crate::evaluate_batch).
///
/// # Errors
///
/// [`BatchError::Column`] for a kept column the table does not have, one
/// named twice or one named like an output column, and for the errors
/// [`evaluate_batch`](crate::evaluate_batch) gives for a column (checked here, before any row is read).
pub fn shape(batch: &RecordBatch, keep: &[String]) -> Result<Shaped, BatchError> {
    let schema = batch.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let outputs = output_schema(&Options {
        full: true,
        collect_errors: true,
    });
    let mut kept = Vec::with_capacity(keep.len());
    for (i, name) in keep.iter().enumerate() {
        if keep.iter().take(i).any(|k| k == name) {
            return Err(BatchError::Column {
                column: name.clone(),
                message: "is named twice in `keep`".to_owned(),
            });
        }
        if outputs.field_with_name(name).is_ok() {
            return Err(BatchError::Column {
                column: name.clone(),
                message: "cannot be kept: the plans have a column of that name".to_owned(),
            });
        }
        let Some(at) = names.iter().position(|n| *n == name.as_str()) else {
            let hint = crampwise_content::suggest::closest(name, names.iter().copied())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            return Err(BatchError::Column {
                column: name.clone(),
                message: format!("is in `keep` but not in the input{hint}"),
            });
        };
        let (Some(field), Some(array)) = (schema.fields().get(at), batch.columns().get(at)) else {
            continue;
        };
        kept.push((field.clone(), array.clone()));
    }
    let index = pandas_index_columns(&schema);
    let mut columns = Vec::new();
    for (field, array) in schema.fields().iter().zip(batch.columns()) {
        let name = field.name();
        if keep.contains(name) {
            continue;
        }
        if index.contains(name) || is_unnamed_index(name) {
            continue;
        }
        flatten(name.clone(), field.as_ref(), array, &mut columns)?;
    }
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns.into_iter().unzip();
    let profile = RecordBatch::try_new_with_options(
        Arc::new(Schema::new(fields)),
        arrays,
        &arrow_array::RecordBatchOptions::new().with_row_count(Some(batch.num_rows())),
    )
    .map_err(|e| BatchError::Arrow(e.to_string()))?;
    // The columns are checked now, before any row is read.
    crate::columns::ProfileColumns::bind(&profile)?;
    Ok(Shaped { profile, kept })
}

impl Shaped {
    /// The profile columns, named by their dotted paths.
    pub fn profile(&self) -> &RecordBatch {
        &self.profile
    }

    /// Evaluates the profile columns as [`evaluate_batch`](crate::evaluate_batch) does, then appends
    /// the kept columns. With `first_row` (the position of this batch's first
    /// row in the whole table), a bad row's position is counted from there
    /// and each `error` cell starts with `row N (counted from 0): `.
    ///
    /// # Errors
    ///
    /// As [`evaluate_batch`](crate::evaluate_batch); [`BatchError::Row`] gives the position in the
    /// whole table when `first_row` is given.
    pub fn evaluate(
        &self,
        engine: &Engine,
        options: &Options,
        first_row: Option<usize>,
    ) -> Result<RecordBatch, BatchError> {
        let parts = self.evaluate_parts(engine, options, first_row)?;
        let schema = match parts.first() {
            Some(part) => part.schema(),
            None => output_schema(options),
        };
        crate::join(&schema, parts)
    }

    /// [`Shaped::evaluate`] as parts, as [`crate::evaluate_batch_parts`]
    /// gives them: concatenated, they are its output.
    ///
    /// # Errors
    ///
    /// As [`Shaped::evaluate`].
    pub fn evaluate_parts(
        &self,
        engine: &Engine,
        options: &Options,
        first_row: Option<usize>,
    ) -> Result<Vec<RecordBatch>, BatchError> {
        let parts =
            crate::evaluate_batch_parts(engine, &self.profile, options).map_err(|e| match e {
                BatchError::Row { row, errors } => BatchError::Row {
                    row: row + first_row.unwrap_or(0),
                    errors,
                },
                other => other,
            })?;
        let mut offset = 0;
        let mut out = Vec::with_capacity(parts.len());
        for part in parts {
            let rows = part.num_rows();
            out.push(self.finish_part(part, options, first_row, offset)?);
            offset += rows;
        }
        Ok(out)
    }

    /// One part with its error cells numbered and the kept columns' rows
    /// `offset..` alongside.
    fn finish_part(
        &self,
        part: RecordBatch,
        options: &Options,
        first_row: Option<usize>,
        offset: usize,
    ) -> Result<RecordBatch, BatchError> {
        let part = match first_row {
            Some(first) if options.collect_errors => with_error_rows(part, first + offset)?,
            _ => part,
        };
        if self.kept.is_empty() {
            return Ok(part);
        }
        let schema = part.schema();
        let mut fields: Vec<FieldRef> = schema.fields().iter().cloned().collect();
        let mut arrays = part.columns().to_vec();
        for (field, array) in &self.kept {
            fields.push(field.clone());
            arrays.push(array.slice(offset, part.num_rows()));
        }
        RecordBatch::try_new_with_options(
            Arc::new(Schema::new(fields)),
            arrays,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(part.num_rows())),
        )
        .map_err(|e| BatchError::Arrow(e.to_string()))
    }
}

/// How a bad row's position reads in a message: counted from 0, as pandas and polars count.
pub fn row_label(row: usize) -> String {
    format!("row {row} (counted from 0)")
}

/// `out` with each `error` cell starting with its row's position.
fn with_error_rows(out: RecordBatch, first: usize) -> Result<RecordBatch, BatchError> {
    let Ok(at) = out.schema().index_of("error") else {
        return Ok(out);
    };
    let Some(errors) = out.columns().get(at).and_then(|c| c.as_string_opt::<i32>()) else {
        return Ok(out);
    };
    let prefixed: StringArray = errors
        .iter()
        .enumerate()
        .map(|(i, e)| e.map(|e| format!("{}: {e}", row_label(first + i))))
        .collect();
    let mut columns = out.columns().to_vec();
    if let Some(slot) = columns.get_mut(at) {
        *slot = Arc::new(prefixed);
    }
    RecordBatch::try_new(out.schema(), columns).map_err(|e| BatchError::Arrow(e.to_string()))
}

#[cfg(test)]
mod tests;

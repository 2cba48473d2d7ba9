//! `crampwise batch`: JSON Lines, CSV and Parquet in and out, the same
//! decisions as `recommend`, bad rows, `--fail-fast`, standard input and
//! output, and the summary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, ListBuilder, StringBuilder, StructBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields};
use common::{repo_path, run, run_with_stdin, stderr, stdout, temp_dir, EXAMPLES};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use serde_json::{json, Map, Value};

/// The example profiles plus a few more: a child, kidney disease with a
/// supplement, an EU adult, explicit empty lists and unasked ones.
fn profiles() -> Vec<Value> {
    let mut profiles: Vec<Value> = EXAMPLES
        .iter()
        .map(|path| {
            serde_json::from_str(&std::fs::read_to_string(repo_path(path)).unwrap()).unwrap()
        })
        .collect();
    profiles.extend([
        json!({"age": 2}),
        json!({"age": 71, "sex": "female", "conditions": ["kidney_disease"],
               "medications": ["loop_diuretic"],
               "supplements": [{"form": "oxide", "elemental_mg": 100}], "jurisdiction": "eu"}),
        json!({"age": 45, "cramps": {"per_week": 4, "timing": ["during_exercise"], "severity": 3.5},
               "lifestyle": {"heavy_sweating": true, "stress": 7}, "conditions": [], "medications": []}),
    ]);
    profiles
}

/// A profile's keys as dotted paths: `{"cramps": {"timing": ...}}` is `cramps.timing`.
fn flatten(profile: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (key, value) in profile.as_object().unwrap() {
        match value {
            Value::Object(inner) => {
                out.extend(inner.iter().map(|(k, v)| (format!("{key}.{k}"), v.clone())));
            }
            _ => out.push((key.clone(), value.clone())),
        }
    }
    out
}

/// Every dotted path any of `profiles` has, in first-seen order.
fn columns(profiles: &[Value]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for profile in profiles {
        for (path, _) in flatten(profile) {
            if !columns.contains(&path) {
                columns.push(path);
            }
        }
    }
    columns
}

fn jsonl(profiles: &[Value]) -> String {
    profiles.iter().map(|p| format!("{p}\n")).collect()
}

/// The README's CSV convention: lists `;`-separated, `[]` when empty,
/// `supplements` as JSON, an empty cell when not asked.
fn csv_text(profiles: &[Value]) -> String {
    let columns = columns(profiles);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&columns).unwrap();
    for profile in profiles {
        let cells: Map<String, Value> = flatten(profile).into_iter().collect();
        let record: Vec<String> = columns
            .iter()
            .map(|c| match cells.get(c) {
                None => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v) if c == "supplements" => v.to_string(),
                Some(Value::Array(items)) if items.is_empty() => "[]".to_owned(),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| i.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(";"),
                Some(v) => v.to_string(),
            })
            .collect();
        writer.write_record(&record).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// The profiles as an Arrow table: numbers as float64, lists of strings,
/// `supplements` as a list of structs, null where not asked.
fn record_batch(profiles: &[Value]) -> RecordBatch {
    let rows: Vec<Map<String, Value>> = profiles
        .iter()
        .map(|p| flatten(p).into_iter().collect())
        .collect();
    let mut arrays: Vec<(String, ArrayRef)> = Vec::new();
    for column in columns(profiles) {
        let cells: Vec<Option<&Value>> = rows.iter().map(|r| r.get(&column)).collect();
        let sample = cells.iter().flatten().next().unwrap();
        let array: ArrayRef = if column == "supplements" {
            let fields = Fields::from(vec![
                Field::new("form", DataType::Utf8, true),
                Field::new("elemental_mg", DataType::Float64, true),
                Field::new("nutrient", DataType::Utf8, true),
                Field::new("mg", DataType::Float64, true),
            ]);
            let mut builder = ListBuilder::new(StructBuilder::from_fields(fields, 0));
            for cell in &cells {
                match cell {
                    None => builder.append(false),
                    Some(items) => {
                        for item in items.as_array().unwrap() {
                            let values = builder.values();
                            values
                                .field_builder::<StringBuilder>(0)
                                .unwrap()
                                .append_option(item["form"].as_str());
                            values
                                .field_builder::<Float64Builder>(1)
                                .unwrap()
                                .append_option(item["elemental_mg"].as_f64());
                            values
                                .field_builder::<StringBuilder>(2)
                                .unwrap()
                                .append_option(item["nutrient"].as_str());
                            values
                                .field_builder::<Float64Builder>(3)
                                .unwrap()
                                .append_option(item["mg"].as_f64());
                            values.append(true);
                        }
                        builder.append(true);
                    }
                }
            }
            Arc::new(builder.finish())
        } else {
            match sample {
                Value::Number(_) => {
                    let mut b = Float64Builder::new();
                    cells
                        .iter()
                        .for_each(|c| b.append_option(c.and_then(Value::as_f64)));
                    Arc::new(b.finish())
                }
                Value::Bool(_) => {
                    let mut b = BooleanBuilder::new();
                    cells
                        .iter()
                        .for_each(|c| b.append_option(c.and_then(Value::as_bool)));
                    Arc::new(b.finish())
                }
                Value::String(_) => {
                    let mut b = StringBuilder::new();
                    cells
                        .iter()
                        .for_each(|c| b.append_option(c.and_then(Value::as_str)));
                    Arc::new(b.finish())
                }
                Value::Array(_) => {
                    let mut b = ListBuilder::new(StringBuilder::new());
                    for cell in &cells {
                        match cell {
                            None => b.append(false),
                            Some(items) => {
                                for item in items.as_array().unwrap() {
                                    b.values().append_value(item.as_str().unwrap());
                                }
                                b.append(true);
                            }
                        }
                    }
                    Arc::new(b.finish())
                }
                other => panic!("no column type for {other}"),
            }
        };
        arrays.push((column, array));
    }
    RecordBatch::try_from_iter(arrays).unwrap()
}

fn write_parquet(path: &Path, batch: &RecordBatch) {
    let mut writer =
        ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), None).unwrap();
    writer.write(batch).unwrap();
    writer.close().unwrap();
}

/// Writes `text` to `name` in `dir` and returns its path as an argument.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Runs `crampwise batch ARGS` and checks the exit code; returns stdout and stderr.
fn batch(args: &[&str], stdin: &[u8], code: i32) -> (String, String) {
    let mut all = vec!["batch"];
    all.extend_from_slice(args);
    let output: Output = run_with_stdin(&all, stdin);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(code), "{all:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    (stdout(&output), err)
}

/// JSON Lines output as values.
fn parse_jsonl(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// CSV output as the values the JSON Lines output has for the same rows.
fn parse_csv(text: &str) -> Vec<Value> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let mut row = Map::new();
            for (name, cell) in headers.iter().zip(record.iter()) {
                if cell.is_empty() {
                    continue;
                }
                let value = match name {
                    "row" => json!(cell.parse::<i64>().unwrap()),
                    "daily_max_mg" | "schedule_total_mg" => json!(cell.parse::<f64>().unwrap()),
                    "forms" | "rules" if cell == "[]" => json!([]),
                    "forms" | "rules" => json!(cell.split(';').collect::<Vec<_>>()),
                    "plan_json" => serde_json::from_str(cell).unwrap(),
                    _ => json!(cell),
                };
                row.insert(name.to_owned(), value);
            }
            Value::Object(row)
        })
        .collect()
}

/// Parquet output as the values the JSON Lines output has for the same rows.
fn parse_parquet(path: &Path) -> Vec<Value> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let schema = batch.schema();
        for i in 0..batch.num_rows() {
            let mut row = Map::new();
            for (field, column) in schema.fields().iter().zip(batch.columns()) {
                if column.is_null(i) {
                    continue;
                }
                let value = match column.data_type() {
                    DataType::Int64 => json!(column.as_primitive::<Int64Type>().value(i)),
                    DataType::Float64 => json!(column.as_primitive::<Float64Type>().value(i)),
                    DataType::Utf8 if field.name() == "plan_json" => {
                        serde_json::from_str(column.as_string::<i32>().value(i)).unwrap()
                    }
                    DataType::Utf8 => json!(column.as_string::<i32>().value(i)),
                    DataType::List(_) => {
                        let items = column.as_list::<i32>().value(i);
                        let items = items.as_string::<i32>();
                        json!((0..items.len()).map(|j| items.value(j)).collect::<Vec<_>>())
                    }
                    other => panic!("unexpected output type {other}"),
                };
                row.insert(field.name().clone(), value);
            }
            rows.push(Value::Object(row));
        }
    }
    rows
}

/// The results for `profiles`, read as JSON Lines from stdin.
fn jsonl_results(profiles: &[Value]) -> Vec<Value> {
    let (out, _) = batch(&["-"], jsonl(profiles).as_bytes(), 0);
    parse_jsonl(&out)
}

#[test]
fn rows_match_recommend() {
    let profiles = profiles();
    let results = jsonl_results(&profiles);
    assert_eq!(results.len(), profiles.len());
    for (i, (profile, result)) in profiles.iter().zip(&results).enumerate() {
        let output = run_with_stdin(
            &["recommend", "-", "--format", "json"],
            profile.to_string().as_bytes(),
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let plan: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let supplement = &plan["supplement"];
        let schedule = supplement["schedule"].as_array().unwrap();
        let mut forms: Vec<&Value> = schedule.iter().map(|d| &d["form"]).collect();
        forms.dedup();
        let total: f64 = schedule
            .iter()
            .map(|d| d["elemental_mg"].as_f64().unwrap())
            .sum();
        let rules: Vec<&Value> = plan["trace"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| &t["rule"])
            .collect();
        assert_eq!(result["row"], json!(i + 1), "{result}");
        assert_eq!(result["triage_level"], plan["triage"]["level"], "{profile}");
        assert_eq!(
            result["supplement_status"], supplement["status"],
            "{profile}"
        );
        assert_eq!(
            result["daily_max_mg"].as_f64(),
            supplement["daily_elemental_mg"]["max"].as_f64(),
            "{profile}"
        );
        assert_eq!(
            result["schedule_total_mg"].as_f64(),
            Some(total),
            "{profile}"
        );
        assert_eq!(result["forms"], json!(forms), "{profile}");
        assert_eq!(result["rules"], json!(rules), "{profile}");
        assert!(result.get("error").is_none(), "{result}");
    }
}

#[test]
fn full_adds_the_plan_of_recommend() {
    let profiles = profiles();
    let (out, _) = batch(&["-", "--full"], jsonl(&profiles).as_bytes(), 0);
    for (profile, line) in profiles.iter().zip(out.lines()) {
        let result: Value = serde_json::from_str(line).unwrap();
        let output = run_with_stdin(
            &["recommend", "-", "--format", "json"],
            profile.to_string().as_bytes(),
        );
        let plan: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(result["plan_json"], plan);
    }
}

#[test]
fn the_three_formats_give_the_same_rows() {
    let dir = temp_dir("batch-formats");
    let profiles = profiles();
    let expected = jsonl_results(&profiles);
    let jsonl_in = write(&dir, "in.jsonl", &jsonl(&profiles));
    let csv_in = write(&dir, "in.csv", &csv_text(&profiles));
    let parquet_in = dir.join("in.parquet");
    write_parquet(&parquet_in, &record_batch(&profiles));
    let parquet_in = parquet_in.display().to_string();
    for input in [&jsonl_in, &csv_in, &parquet_in] {
        for format in ["jsonl", "csv", "parquet"] {
            let out: PathBuf = dir.join(format!("out.{format}"));
            let (stdout, _) = batch(&[input, "-o", &out.display().to_string()], b"", 0);
            assert_eq!(stdout, "");
            let rows = match format {
                "jsonl" => parse_jsonl(&std::fs::read_to_string(&out).unwrap()),
                "csv" => parse_csv(&std::fs::read_to_string(&out).unwrap()),
                _ => parse_parquet(&out),
            };
            assert_eq!(rows, expected, "{input} -> {format}");
        }
    }
    // Without `-o`, the output goes to stdout in the input's format.
    let (out, _) = batch(&[&csv_in], b"", 0);
    assert_eq!(parse_csv(&out), expected);
    assert!(out.starts_with(
        "row,triage_level,supplement_status,daily_max_mg,schedule_total_mg,forms,rules,error\n"
    ));
}

#[test]
fn parquet_output_reads_back_with_its_schema() {
    let dir = temp_dir("batch-parquet-out");
    let profiles = profiles();
    let input = write(&dir, "in.jsonl", &jsonl(&profiles));
    let out = dir.join("out.parquet");
    batch(
        &[&input, "-o", &out.display().to_string(), "--full"],
        b"",
        0,
    );
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(&out).unwrap()).unwrap();
    let names: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(
        names,
        [
            "row",
            "triage_level",
            "supplement_status",
            "daily_max_mg",
            "schedule_total_mg",
            "forms",
            "rules",
            "plan_json",
            "error"
        ]
    );
    assert_eq!(
        builder.metadata().file_metadata().num_rows(),
        profiles.len() as i64
    );
    let rows = parse_parquet(&out);
    let rows_in: Vec<i64> = rows.iter().map(|r| r["row"].as_i64().unwrap()).collect();
    assert_eq!(rows_in, (1..=profiles.len() as i64).collect::<Vec<_>>());
    // And the Parquet output of one run is valid input for nothing else: its
    // columns are not profile fields.
    let (_, err) = batch(
        &[
            &out.display().to_string(),
            "-o",
            "-",
            "--output-format",
            "jsonl",
        ],
        b"",
        2,
    );
    assert!(err.contains("column `row`: not a profile field"), "{err}");
}

#[test]
fn a_bad_row_gets_an_error_row_and_exit_code_2() {
    let input = "{\"age\": 40}\n{\"age\": -3}\n\n{\"age\": 50, \"conditons\": []}\nnot json\n{\"age\": 60}\n";
    let (out, err) = batch(&["-"], input.as_bytes(), 2);
    let rows = parse_jsonl(&out);
    let numbers: Vec<i64> = rows.iter().map(|r| r["row"].as_i64().unwrap()).collect();
    // The blank line 3 is skipped; `row` is the line number.
    assert_eq!(numbers, [1, 2, 4, 5, 6]);
    assert_eq!(
        rows[1],
        json!({"row": 2, "error": "age: expected a number from 0 to 120, got `-3`"})
    );
    assert!(rows[2]["error"]
        .as_str()
        .unwrap()
        .starts_with("conditons: unknown field `conditons`"));
    assert!(rows[3]["error"]
        .as_str()
        .unwrap()
        .starts_with("not valid JSON at line 1 column 2"));
    assert_eq!(rows[4]["triage_level"], "self_care");
    // The same messages as `recommend --jsonl`.
    let recommend = run_with_stdin(&["recommend", "-", "--jsonl"], b"{\"age\": -3}\n");
    assert!(stderr(&recommend).contains("line 1: age: expected a number from 0 to 120, got `-3`"));
    assert!(err.contains("batch: 5 rows, 3 with errors"), "{err}");
    assert!(
        err.contains("error: batch: standard input: 3 of 5 rows are not valid profiles"),
        "{err}"
    );
    assert!(
        err.contains("\n  line 2: age: expected a number from 0 to 120, got `-3`\n"),
        "{err}"
    );
}

#[test]
fn fail_fast_stops_at_the_first_bad_row() {
    let dir = temp_dir("batch-fail-fast");
    let input = "{\"age\": 40}\n{\"age\": 41}\n{\"age\": 140}\n{\"age\": 60}\n";
    let (out, err) = batch(&["-", "--fail-fast"], input.as_bytes(), 2);
    let rows = parse_jsonl(&out);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.get("error").is_none()));
    assert!(
        err.contains("error: batch: standard input line 3: not a valid profile (stopped there: `--fail-fast`):\n  age: expected a number from 0 to 120, got `140`"),
        "{err}"
    );
    // Parquet too, with the row number.
    let mut profiles = profiles();
    profiles[2] = json!({"age": 300.0});
    let parquet_in = dir.join("in.parquet");
    write_parquet(&parquet_in, &record_batch(&profiles));
    let (out, err) = batch(
        &[
            &parquet_in.display().to_string(),
            "-o",
            "-",
            "--output-format",
            "jsonl",
            "--fail-fast",
        ],
        b"",
        2,
    );
    assert_eq!(parse_jsonl(&out).len(), 2);
    assert!(
        err.contains("in.parquet` row 3: not a valid profile"),
        "{err}"
    );
    // And CSV, naming the row and its line.
    let csv_in = write(&dir, "in.csv", "age,sex\n40,female\n41,femal\n");
    let (out, err) = batch(&[&csv_in, "--fail-fast"], b"", 2);
    assert_eq!(parse_csv(&out).len(), 1);
    assert!(
        err.contains("in.csv` row 2 (line 3): not a valid profile"),
        "{err}"
    );
    assert!(err.contains("  sex: unknown variant `femal`"), "{err}");
}

#[test]
fn csv_cells_are_typed_and_bad_cells_are_named() {
    let dir = temp_dir("batch-csv-cells");
    let input = write(
        &dir,
        "in.csv",
        "age,lactating,cramps.timing,conditions,supplements\n\
         40,false,night;sitting,[],\"[{\"\"form\"\": \"\"glycinate\"\", \"\"elemental_mg\"\": 100}]\"\n\
         abc,maybe,night;;sitting,,[oops\n\
         50,,,,\n",
    );
    let (out, err) = batch(&[&input, "--output-format", "jsonl"], b"", 2);
    let rows = parse_jsonl(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["triage_level"], "self_care");
    let error = rows[1]["error"].as_str().unwrap();
    assert!(
        error.starts_with("age: expected a number, got `abc`; "),
        "{error}"
    );
    assert!(
        error.contains("lactating: expected `true` or `false`, got `maybe`"),
        "{error}"
    );
    assert!(
        error.contains("cramps.timing: expected values separated by `;`"),
        "{error}"
    );
    assert!(
        error.contains("supplements: expected a JSON array, got `[oops`"),
        "{error}"
    );
    assert!(
        err.contains("\n  row 2 (line 3): age: expected a number, got `abc`; "),
        "{err}"
    );
    // `[]` (none of them) and an empty cell (not asked) differ.
    let asked: Vec<&str> = rows[0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    let unasked: Vec<&str> = rows[2]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(!asked.contains(&"assume_conditions"), "{asked:?}");
    assert!(unasked.contains(&"assume_conditions"), "{unasked:?}");
}

#[test]
fn an_unknown_csv_column_is_an_error_with_a_hint() {
    let dir = temp_dir("batch-csv-header");
    let input = write(&dir, "in.csv", "age,cramps.per_weak\n40,2\n");
    let out = dir.join("out.csv");
    let (stdout, err) = batch(&[&input, "-o", &out.display().to_string()], b"", 2);
    assert_eq!(stdout, "");
    assert!(
        err.ends_with("in.csv` line 1, column `cramps.per_weak`: not a profile field; did you mean `cramps.per_week`?\n"),
        "{err}"
    );
    assert!(!out.exists(), "no output is written for a bad header");
    // The same for Parquet columns.
    let parquet_in = dir.join("in.parquet");
    let batch_in = RecordBatch::try_from_iter([(
        "agee",
        Arc::new(arrow_array::Float64Array::from(vec![40.0])) as ArrayRef,
    )])
    .unwrap();
    write_parquet(&parquet_in, &batch_in);
    let (_, err) = batch(
        &[
            &parquet_in.display().to_string(),
            "-o",
            "-",
            "--output-format",
            "csv",
        ],
        b"",
        2,
    );
    assert!(
        err.contains("in.parquet`: column `agee`: not a profile field; did you mean `age`?"),
        "{err}"
    );
}

#[test]
fn stdin_and_stdout_are_json_lines() {
    let (out, err) = batch(&["-", "-o", "-"], b"{\"age\": 40}\n{\"age\": 2}\n", 0);
    let rows = parse_jsonl(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["triage_level"], "clinician");
    assert!(err.starts_with("batch: 2 rows, 0 with errors, "), "{err}");
    // CSV on stdin with `--input-format`; the output follows it.
    let (out, _) = batch(&["-", "--input-format", "csv"], b"age\n40\n", 0);
    assert!(out.starts_with("row,triage_level,"), "{out}");
}

#[test]
fn the_summary_counts_rows_levels_and_statuses() {
    let dir = temp_dir("batch-summary");
    let summary = dir.join("summary.json");
    let input = jsonl(&profiles()) + "{\"age\": 500}\n";
    let (_, err) = batch(
        &["-", "--summary-json", &summary.display().to_string()],
        input.as_bytes(),
        2,
    );
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("batch: 10 rows, 1 with errors, "),
        "{err}"
    );
    assert!(first.ends_with(" rows/s)"), "{err}");
    assert!(
        err.contains("\n  triage: self_care 4, clinician 3, urgent 2, emergency 0\n"),
        "{err}"
    );
    assert!(
        err.contains("\n  status: suggested 4, clinician_first 2, not_advised 3\n"),
        "{err}"
    );
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(json["rows"], 10);
    assert_eq!(json["errors"], 1);
    assert_eq!(
        json["triage"],
        json!({"self_care": 4, "clinician": 3, "urgent": 2, "emergency": 0})
    );
    assert_eq!(json["status"]["not_advised"], 3);
    assert!(json["rows_per_second"].as_f64().unwrap() > 0.0);
    // No progress bar when stderr is not a terminal.
    assert!(!err.contains('\r') && !err.contains('\x1b'), "{err:?}");
}

#[test]
fn rules_dir_and_content_dir_are_used() {
    let dir = temp_dir("batch-rules-dir");
    let rules = dir.join("rules");
    let output = run(&["rules", "export", &rules.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let input = jsonl(&profiles());
    let expected = jsonl_results(&profiles());
    let (out, _) = batch(
        &["-", "--rules-dir", &rules.display().to_string()],
        input.as_bytes(),
        0,
    );
    assert_eq!(parse_jsonl(&out), expected);
    let content = repo_path("crates/content/data");
    let (out, _) = batch(&["--content-dir", &content, "-"], input.as_bytes(), 0);
    assert_eq!(parse_jsonl(&out), expected);
    let (_, err) = batch(
        &["-", "--rules-dir", &dir.join("none").display().to_string()],
        b"",
        2,
    );
    assert!(err.contains("--rules-dir: `"), "{err}");
}

#[test]
fn formats_come_from_extensions_or_flags() {
    let dir = temp_dir("batch-formats-flags");
    let input = write(&dir, "profiles.txt", "{\"age\": 40}\n");
    let (_, err) = batch(&[&input], b"", 2);
    assert!(err.contains("cannot tell the format of `"), "{err}");
    assert!(err.contains("--input-format jsonl|csv|parquet"), "{err}");
    let (out, _) = batch(&[&input, "--input-format", "ndjson"], b"", 0);
    assert_eq!(parse_jsonl(&out).len(), 1);
    let (_, err) = batch(&["-", "--input-format", "parquet"], b"", 2);
    assert!(
        err.contains("Parquet cannot be read from standard input"),
        "{err}"
    );
    let (_, err) = batch(&[&dir.join("missing.csv").display().to_string()], b"", 2);
    assert!(err.contains("missing.csv`: no such file"), "{err}");
    let not_parquet = write(&dir, "fake.parquet", "{\"age\": 40}\n");
    let (_, err) = batch(
        &[&not_parquet, "-o", "-", "--output-format", "jsonl"],
        b"",
        2,
    );
    assert!(
        err.contains("fake.parquet`: not a readable Parquet file"),
        "{err}"
    );
    let (_, err) = batch(&[&input, "--input-format", "jsonl", "-o", &input], b"", 2);
    assert!(err.contains("is the input"), "{err}");
}

#[test]
fn many_chunks_keep_their_order() {
    // More rows than one chunk (8192), with bad rows on both sides of a chunk's end.
    let profiles = profiles();
    let mut input = String::new();
    for i in 0..20_000 {
        if i % 8191 == 0 {
            input.push_str("{\"age\": -1}\n");
        } else {
            input.push_str(&format!("{}\n", profiles[i % profiles.len()]));
        }
    }
    let expected = jsonl_results(&profiles);
    let (out, err) = batch(&["-"], input.as_bytes(), 2);
    let rows = parse_jsonl(&out);
    assert_eq!(rows.len(), 20_000);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["row"], json!(i + 1));
        if i % 8191 == 0 {
            assert!(row.get("error").is_some(), "{row}");
        } else {
            let mut want = expected[i % profiles.len()].clone();
            want["row"] = json!(i + 1);
            assert_eq!(*row, want);
        }
    }
    assert!(
        err.starts_with("batch: 20000 rows, 3 with errors, "),
        "{err}"
    );
}

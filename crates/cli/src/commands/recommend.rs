//! `crampwise recommend PROFILE.json|-`: from an intake profile to a plan.
//!
//! The plan is decided by `crampwise-rules`; this module only reads the
//! input, reports profile errors and prints the plan in the asked format.
//! `--format json` prints exactly `Plan::to_json()`, the contract's
//! byte-for-byte form that Python's `recommend_json` returns too.

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use crampwise::render::{self, TextOptions};
use crampwise::{Engine, FoodsInput, ProfileInput};
use crampwise_rules::{InputError, InputErrors, Plan, Profile};

use crate::app::Ctx;
use crate::cli::{PlanFormat, RecommendArgs};
use crate::error::CliError;
use crate::input::Input;

/// The largest profile read, in bytes (the engine's own limit).
const MAX_BYTES: usize = crampwise_rules::MAX_PROFILE_BYTES;

/// Runs `crampwise recommend`.
pub fn run(ctx: &mut Ctx<'_>, args: RecommendArgs) -> Result<ExitCode, CliError> {
    if args.jsonl && matches!(args.format, Some(f) if f != PlanFormat::Json) {
        return Err(CliError::input(
            "recommend: `--jsonl` writes one plan JSON a line; it cannot be combined with \
             `--format text` or `--format markdown`",
        ));
    }
    let input = profile_input(&args.profile, "recommend");
    let foods = args.foods.as_deref().map(foods_input);
    if input.is_stdin() && foods.as_ref().is_some_and(Input::is_stdin) {
        return Err(CliError::input(
            "recommend: the profile and `--foods` cannot both be read from standard input (`-`)",
        ));
    }
    // Open the inputs before loading the engine, so a typo in a name is reported first.
    let reader = if args.jsonl {
        input.open_stream()?
    } else {
        input.open()?
    };
    let foods_reader = foods.as_ref().map(Input::open).transpose()?;
    let engine = ctx.engine(args.rules.rules_dir.as_deref())?;
    if args.jsonl {
        return jsonl(ctx, &engine, &input, reader);
    }
    let text = input.read_all(reader)?;
    let mut profile = engine
        .profile(ProfileInput::Json(&text))
        .map_err(|errors| input.invalid(&errors, PROFILE_HELP))?;
    if let (Some(foods), Some(reader)) = (&foods, foods_reader) {
        apply_foods(&engine, &input, &mut profile, foods, reader)?;
    }
    let plan = engine.rules_engine().evaluate(&profile);
    match args.format.unwrap_or(PlanFormat::Text) {
        PlanFormat::Json if args.pretty => {
            serde_json::to_writer_pretty(&mut *ctx.out, &plan)?;
            writeln!(ctx.out)?;
        }
        PlanFormat::Json => writeln!(ctx.out, "{}", plan.to_json())?,
        // Colour is always written; the output stream strips it unless stdout is a terminal.
        PlanFormat::Text => write!(
            ctx.out,
            "{}",
            render::plan_text(
                &plan,
                TextOptions {
                    color: true,
                    detail: args.detail.into(),
                    width: render::DEFAULT_WIDTH,
                }
            )
        )?,
        PlanFormat::Markdown => write!(
            ctx.out,
            "{}",
            render::plan_markdown(&plan, args.detail.into())
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Help for a profile that does not validate.
pub const PROFILE_HELP: &str =
    "`crampwise schema profile` describes every field and its allowed values";

/// Help for a food list that does not validate.
pub const FOODS_HELP: &str =
    "a food list is `{\"foods\": [{\"id\": \"almonds\", \"servings\": 1, \"per\": \"day\"}]}`; \
     `crampwise foods list` lists the food ids";

/// The profile at `path` (`-`: standard input), read by `command`.
pub fn profile_input<'a>(path: &'a Path, command: &'static str) -> Input<'a> {
    Input::new(path, command, "profile", MAX_BYTES)
}

fn foods_input(path: &Path) -> Input<'_> {
    Input::new(path, "recommend", "food list", MAX_BYTES)
}

/// `--foods`: sets the profile's `diet_magnesium_mg` from the food list.
fn apply_foods(
    engine: &Engine,
    profile_input: &Input<'_>,
    profile: &mut Profile,
    foods: &Input<'_>,
    reader: Box<dyn BufRead>,
) -> Result<(), CliError> {
    if profile.diet_magnesium_mg.is_some() {
        return Err(CliError::input(format!(
            "recommend: the profile {} already gives `diet_magnesium_mg`; give either it or \
             `--foods`, not both",
            profile_input.place()
        )));
    }
    let text = foods.read_all(reader)?;
    let value = foods.parse_json(&text, FOODS_HELP)?;
    engine
        .apply_foods(profile, FoodsInput::Value(&value))
        .map_err(|errors| foods.invalid(&errors, FOODS_HELP))?;
    Ok(())
}

/// `--jsonl`: one profile a line in, one plan (or error object) a line out.
fn jsonl(
    ctx: &mut Ctx<'_>,
    engine: &Engine,
    input: &Input<'_>,
    reader: Box<dyn BufRead>,
) -> Result<ExitCode, CliError> {
    let each = |buf: &[u8], length| match evaluate_line(engine, buf, length) {
        Ok(plan) => Ok(plan.to_json()),
        Err(errors) => Err(errors
            .0
            .iter()
            .map(|e| crate::jsonl::Problem {
                path: e.path.clone(),
                message: e.message.clone(),
                shown: e.to_string(),
                input: Some(e.input.clone().unwrap_or_default()),
            })
            .collect()),
    };
    crate::jsonl::run(
        ctx,
        input,
        reader,
        MAX_BYTES,
        "recommend",
        "valid profiles",
        each,
    )
}

/// The plan for one `--jsonl` line of `length` bytes (of which `buf` holds at
/// most `MAX_BYTES + 1`), or why it is not a valid profile.
fn evaluate_line(engine: &Engine, buf: &[u8], length: usize) -> Result<Plan, InputErrors> {
    parse_line(buf, length).map(|profile| engine.rules_engine().evaluate(&profile))
}

/// The profile on one JSON Lines line of `length` bytes (of which `buf` holds
/// at most `MAX_BYTES + 1`, as [`next_line`] reads it), or why it is not a
/// valid profile; `recommend --jsonl` and `batch` share it, and its messages.
pub fn parse_line(buf: &[u8], length: usize) -> Result<Profile, InputErrors> {
    let whole = |message: String| {
        InputErrors(vec![InputError {
            path: String::new(),
            message,
            input: None,
        }])
    };
    if length > MAX_BYTES {
        return Err(whole(format!(
            "profile is {length} bytes; at most {MAX_BYTES} are accepted"
        )));
    }
    let text = std::str::from_utf8(buf).map_err(|e| {
        whole(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(whole(
            "empty line; expected a profile, one JSON object a line".to_owned(),
        ));
    }
    Profile::from_json(text)
}

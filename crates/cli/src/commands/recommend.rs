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
use crampwise_rules::Profile;

use crate::cli::{PlanFormat, RecommendArgs};
use crate::ctx::Ctx;
use crate::error::CliError;
use crate::input::{profile_input, Input, FOODS_HELP, PROFILE_HELP};

/// The largest profile read, in bytes (the engine's own limit).
const MAX_BYTES: usize = crampwise_rules::MAX_PROFILE_BYTES;

/// Runs `crampwise recommend`.
pub(crate) fn run(ctx: &mut Ctx<'_>, args: RecommendArgs) -> Result<ExitCode, CliError> {
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
    let each = |buf: &[u8], length| match engine.profile_line(buf, length) {
        Ok(profile) => Ok(engine.rules_engine().evaluate(&profile).to_json()),
        Err(errors) => Err(crate::jsonl::Problems::new(errors, true)),
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

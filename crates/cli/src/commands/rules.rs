//! `crampwise rules list|explain|lint|fields|export`: the rules a plan is decided by.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crampwise_rules::catalog::{self, RuleInfo};
use crampwise_rules::Ruleset;

use crate::cli::{Format, OutputArgs, RulesCommand};
use crate::ctx::Ctx;
use crate::error::{io_reason, CliError};
use crate::output::table::{Column, Table};
use crate::output::{wrap, HEADER};

/// Runs a `rules` subcommand.
pub(crate) fn run(ctx: &mut Ctx<'_>, command: RulesCommand) -> Result<ExitCode, CliError> {
    match command {
        RulesCommand::List { output, rules } => list(ctx, output, rules.rules_dir.as_deref()),
        RulesCommand::Explain { rule_id, rules } => {
            explain(ctx, &rule_id, rules.rules_dir.as_deref())
        }
        RulesCommand::Lint { path } => lint(ctx, &path),
        RulesCommand::Fields { output } => fields(ctx, output),
        RulesCommand::Export { dir, force } => export(ctx, &dir, force),
    }
}

fn list(
    ctx: &mut Ctx<'_>,
    output: OutputArgs,
    rules_dir: Option<&Path>,
) -> Result<ExitCode, CliError> {
    let engine = ctx.engine(rules_dir)?;
    let rules = engine.ruleset();
    match output.format {
        Format::Json if output.pretty => {
            let list: Vec<RuleInfo<'_>> = rules.rules().iter().map(RuleInfo::from).collect();
            serde_json::to_writer_pretty(&mut *ctx.out, &list)?;
            writeln!(ctx.out)?;
        }
        Format::Json => writeln!(ctx.out, "{}", engine.rules_json())?,
        Format::Text => {
            let mut table = Table::new(vec![
                Column::text("id"),
                Column::text("category"),
                Column::flexible("title"),
            ]);
            for rule in rules.rules() {
                table.push(vec![
                    rule.id.clone(),
                    rule.category.as_str().to_owned(),
                    rule.title.clone(),
                ]);
            }
            table.write(ctx.out, ctx.width)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(ctx: &mut Ctx<'_>, id: &str, rules_dir: Option<&Path>) -> Result<ExitCode, CliError> {
    let engine = ctx.engine(rules_dir)?;
    let text = engine.explain_rule(id).map_err(|d| {
        CliError::input_with_help(
            format!("rules explain: {}", d.message),
            d.help.unwrap_or_default(),
        )
    })?;
    write!(ctx.out, "{text}")?;
    Ok(ExitCode::SUCCESS)
}

/// Lints a directory of rule files, or one file together with the built-in
/// rules (see [`crampwise::lint_rules`]); contract conditions the rules no
/// longer cover are warnings on stderr.
fn lint(ctx: &mut Ctx<'_>, path: &Path) -> Result<ExitCode, CliError> {
    let content = ctx.content()?;
    let linted = crampwise::lint_rules(path, &content)
        .map_err(|e| CliError::input(format!("rules lint: {e}")))?;
    let mut err = std::io::stderr().lock();
    for condition in &linted.uncovered {
        writeln!(
            err,
            "warning: the rules no longer cover {condition}: a profile with it is not restricted or triaged as the contract requires (the safety kernel still corrects every plan)"
        )?;
    }
    let noun = if linted.rules == 1 { "rule" } else { "rules" };
    writeln!(ctx.out, "ok: {} {noun}", linted.rules)?;
    Ok(ExitCode::SUCCESS)
}

fn fields(ctx: &mut Ctx<'_>, output: OutputArgs) -> Result<ExitCode, CliError> {
    let fields = catalog::fields();
    match output.format {
        Format::Json if output.pretty => {
            serde_json::to_writer_pretty(&mut *ctx.out, &fields)?;
            writeln!(ctx.out)?;
        }
        Format::Json => {
            serde_json::to_writer(&mut *ctx.out, &fields)?;
            writeln!(ctx.out)?;
        }
        Format::Text => {
            // Like a table, but the values wrap instead of being cut: they are the reference.
            // The fields a condition may read; the JSON lists the other profile inputs too.
            let fields: Vec<_> = fields.into_iter().filter(|f| f.condition).collect();
            let path_width = fields
                .iter()
                .map(|f| f.path.len())
                .max()
                .unwrap_or(0)
                .max(5);
            let kind_width = fields
                .iter()
                .map(|f| f.kind.len())
                .max()
                .unwrap_or(0)
                .max(4);
            let indent = " ".repeat(path_width + kind_width + 4);
            let values_width = ctx.width.saturating_sub(indent.len()).max(20);
            writeln!(
                ctx.out,
                "{HEADER}{:path_width$}  {:kind_width$}  values{HEADER:#}",
                "field", "type"
            )?;
            for f in &fields {
                let values = match (f.minimum, f.maximum) {
                    (Some(min), Some(max)) => format!("{min} to {max}"),
                    _ if f.values.is_empty() => "-".to_owned(),
                    _ => f.values.join(", "),
                };
                for (i, line) in wrap(&values, values_width).into_iter().enumerate() {
                    if i == 0 {
                        writeln!(
                            ctx.out,
                            "{:path_width$}  {:kind_width$}  {line}",
                            f.path, f.kind
                        )?;
                    } else {
                        writeln!(ctx.out, "{indent}{line}")?;
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the built-in rule files into `dir`; refuses to overwrite unless `force`.
fn export(ctx: &mut Ctx<'_>, dir: &Path, force: bool) -> Result<ExitCode, CliError> {
    let failed = |what: &Path, e: &std::io::Error| {
        CliError::input(format!(
            "rules export: cannot write `{}`: {}",
            what.display(),
            io_reason(e)
        ))
    };
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::input(format!(
            "rules export: `{}` is not a directory",
            dir.display()
        )));
    }
    let files = Ruleset::embedded_sources();
    if !force {
        if let Some((name, _)) = files.iter().find(|(name, _)| dir.join(name).exists()) {
            return Err(CliError::input_with_help(
                format!(
                    "rules export: `{}` already exists",
                    dir.join(name).display()
                ),
                "pass `--force` to overwrite the rule files in that directory",
            ));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, &e))?;
    for (name, text) in &files {
        let target = dir.join(name);
        std::fs::write(&target, text).map_err(|e| failed(&target, &e))?;
    }
    writeln!(
        ctx.out,
        "wrote {} rule files to `{}`",
        files.len(),
        dir.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

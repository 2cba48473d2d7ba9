//! The command line's arguments, as clap derive types.
//!
//! Add a command group by adding a variant to [`Command`] and a module under
//! `commands/` that handles it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Evidence-aware guidance for muscle cramps and magnesium. Guidance, not a diagnosis.
#[derive(Debug, Parser)]
#[command(name = "crampwise", version)]
pub(crate) struct Cli {
    /// Load the knowledge base from this directory instead of the built-in one
    #[arg(long, global = true, value_name = "DIR")]
    pub content_dir: Option<PathBuf>,

    /// What to do
    #[command(subcommand)]
    pub command: Command,
}

/// The command groups.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Browse the knowledge base: magnesium forms, foods, intakes, sources, claims, ...
    #[command(subcommand)]
    Content(ContentCommand),
    /// Turn an intake profile (JSON) into an explained, safe plan
    Recommend(RecommendArgs),
    /// Score many profiles at once: JSON Lines, CSV or Parquet in, one result row per profile out
    Batch(BatchArgs),
    /// Print the JSON Schema of the intake profile or of the plan
    Schema {
        /// Which document: `profile` (the input) or `plan` (the output)
        #[arg(value_enum, value_name = "KIND")]
        kind: SchemaKind,
    },
    /// Read, check and explain the rules a plan is decided by
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Check a magnesium supplement's label: forms, real dose, checklist, warnings, verdict
    #[command(subcommand)]
    Label(LabelCommand),
    /// Estimate magnesium from food against the recommended intake
    #[command(subcommand)]
    Foods(FoodsCommand),
    /// Serve the HTTP API (plans, labels, foods, the contract) until SIGTERM or Ctrl-C
    Serve(ServeArgs),
}

/// `crampwise serve ...`
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Where to listen; port 0 picks a free port (the first line on stderr says which)
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,

    /// Allow browser pages of this one origin to call the API (CORS); off by default
    #[arg(long, value_name = "ORIGIN")]
    pub cors_origin: Option<String>,

    /// Requests handled at once; more are answered 503 with `Retry-After`, never queued
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrency: u32,

    /// Connections open at once; a new one past it is answered 503 with `Retry-After` and closed
    #[arg(long, value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// How long a request may take, in seconds, before it is answered 503
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// The most lines one `POST /v1/recommend/batch` may have
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_batch_lines: u32,

    /// No log line per request on stderr
    #[arg(short, long)]
    pub quiet: bool,

    /// CDS Hooks: trust only clients whose JWT bearer token (ES384 or RS384) is signed by a
    /// key of this JWK Set (public keys; read once at start, never fetched from a URL).
    /// Without it the CDS services check no token and trust the network
    #[arg(long, value_name = "FILE", requires_all = ["cds_issuer", "cds_audience"])]
    pub cds_jwks: Option<PathBuf>,

    /// CDS Hooks: an accepted token issuer (`iss`, the EHR); repeat for more (with `--cds-jwks`)
    #[arg(long, value_name = "ISS", requires = "cds_jwks")]
    pub cds_issuer: Vec<String>,

    /// CDS Hooks: the public base URL the EHR calls (`https://cds.example.org`); a token's
    /// `aud` must be `<URL>/cds-services/<id>` (with `--cds-jwks`)
    #[arg(long, value_name = "URL", requires = "cds_jwks")]
    pub cds_audience: Option<String>,

    /// CDS Hooks: whose upper limits the cards use for every patient (a FHIR record does not
    /// say); `us` (IOM: 350 mg a day of supplemental magnesium for adults) when not given
    #[arg(long, value_name = "JURISDICTION", value_parser = ["us", "eu"])]
    pub cds_jurisdiction: Option<String>,

    #[command(flatten)]
    pub rules: RulesDirArg,
}

/// `crampwise recommend ...`
#[derive(Debug, Args)]
pub(crate) struct RecommendArgs {
    /// The intake profile, a JSON file; `-` reads standard input
    #[arg(value_name = "PROFILE.json")]
    pub profile: PathBuf,

    /// Output format: `text` for people (the default), `json` (the contract), `markdown`
    #[arg(long, value_enum)]
    pub format: Option<PlanFormat>,

    /// Indent JSON output (with `--format json`)
    #[arg(long)]
    pub pretty: bool,

    /// How much of the plan to show in text and Markdown: `short` (the default: what to
    /// do now, on a phone screen) or `full` (also foods, the evidence and the rule trace)
    #[arg(long, value_enum, default_value = "short")]
    pub detail: DetailArg,

    /// Read JSON Lines (one profile a line) and write one plan JSON a line; a bad
    /// line gives `{"error": {"line": N, "errors": [...]}}` and exit code 2 at the end
    #[arg(long, conflicts_with = "pretty")]
    pub jsonl: bool,

    /// A food list (JSON, as for `crampwise foods estimate`; `{"foods": [...]}` is enough):
    /// sets the profile's `diet_magnesium_mg` from it
    #[arg(long, value_name = "FOODS.json", conflicts_with = "jsonl")]
    pub foods: Option<PathBuf>,

    #[command(flatten)]
    pub rules: RulesDirArg,
}

/// `--detail`: how much of the plan text and Markdown show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DetailArg {
    /// The summary, warning signs, supplement, cautions, top steps and the safety net
    Short,
    /// Everything, with the evidence and the rules that fired
    Full,
}

impl From<DetailArg> for crampwise_rules::render::Detail {
    fn from(d: DetailArg) -> Self {
        match d {
            DetailArg::Short => crampwise_rules::render::Detail::Short,
            DetailArg::Full => crampwise_rules::render::Detail::Full,
        }
    }
}

/// `crampwise batch ...`
#[derive(Debug, Args)]
pub(crate) struct BatchArgs {
    /// The profiles: JSON Lines (`.jsonl`, `.ndjson`), CSV (`.csv`) or Parquet (`.parquet`),
    /// one profile a line or row; `-` reads standard input (JSON Lines unless `--input-format`)
    #[arg(value_name = "IN")]
    pub input: PathBuf,

    /// Where the results go, one row per input row; `-` (the default) writes standard output.
    /// The format follows the extension, else the input's format
    #[arg(short, long, value_name = "OUT", default_value = "-")]
    pub output: PathBuf,

    /// The input's format, whatever its extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<TableFormat>,

    /// The output's format, whatever its extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output_format: Option<TableFormat>,

    /// Add `plan_json`, each row's full plan (the contract's JSON; slower)
    #[arg(long)]
    pub full: bool,

    /// Stop at the first row that is not a valid profile (exit code 2), instead of writing
    /// an `error` for it and going on
    #[arg(long)]
    pub fail_fast: bool,

    /// No progress bar (the summary at the end is still printed)
    #[arg(short, long)]
    pub quiet: bool,

    /// Also write the summary at the end as JSON to this file
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,

    #[command(flatten)]
    pub rules: RulesDirArg,
}

/// A table format `crampwise batch` reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableFormat {
    /// JSON Lines: one JSON object a line
    #[value(alias = "ndjson")]
    Jsonl,
    /// Comma-separated values with a header row; list cells are `;`-separated
    Csv,
    /// Apache Parquet
    Parquet,
}

/// `crampwise label ...`
#[derive(Debug, Subcommand)]
pub(crate) enum LabelCommand {
    /// Read a label (Supplement Facts text, a JSON label or an NIH DSLD record) and report
    /// the magnesium forms, the elemental magnesium per serving, the buying checklist,
    /// warnings, unread lines and a verdict
    Check(LabelCheckArgs),
}

/// `crampwise label check ...`
#[derive(Debug, Args)]
pub(crate) struct LabelCheckArgs {
    /// The label: Supplement Facts text (`.txt`), a JSON label or DSLD record (`.json`);
    /// `-` reads standard input (JSON when it starts with `{`)
    #[arg(value_name = "LABEL")]
    pub label: PathBuf,

    /// An intake profile (JSON): also say whether the product fits this person's plan
    #[arg(long, value_name = "PROFILE.json")]
    pub profile: Option<PathBuf>,

    /// Output format: `text` for people (the default), `json` (the label report)
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Indent JSON output (with `--format json`)
    #[arg(long)]
    pub pretty: bool,

    /// Read JSON Lines (one label a line: a JSON label object, or label text as a JSON
    /// string) and write one report JSON a line; a bad line gives
    /// `{"error": {"line": N, "errors": [...]}}` and exit code 2 at the end
    #[arg(long, conflicts_with = "pretty")]
    pub jsonl: bool,

    /// Evaluate the profile with the rules in this directory instead of the built-in ones
    #[arg(long, value_name = "DIR", requires = "profile")]
    pub rules_dir: Option<PathBuf>,
}

/// `crampwise foods ...`
#[derive(Debug, Subcommand)]
pub(crate) enum FoodsCommand {
    /// Estimate magnesium a day from a food list (JSON) and compare it with the RDA;
    /// suggest foods that would close the gap
    Estimate {
        /// The food list, a JSON file; `-` reads standard input
        #[arg(value_name = "FOODS.json")]
        file: PathBuf,

        #[command(flatten)]
        output: OutputArgs,
    },
    /// List the foods and their magnesium per serving (as `content list foods`)
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// `--rules-dir`, for commands that evaluate or show the rules.
#[derive(Debug, Clone, Args)]
pub(crate) struct RulesDirArg {
    /// Load the rules from this directory (its `*.toml` files, with `ruleset.toml`)
    /// instead of the built-in ones
    #[arg(long, value_name = "DIR")]
    pub rules_dir: Option<PathBuf>,
}

/// How a plan is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlanFormat {
    /// Headed sections and short bullets for a terminal, the triage first
    Text,
    /// The contract's JSON, compact on one line unless `--pretty`
    Json,
    /// GitHub-flavoured Markdown
    Markdown,
}

/// The documents `crampwise schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemaKind {
    /// The intake profile (input)
    Profile,
    /// The plan (output)
    Plan,
}

/// `crampwise rules ...`
#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// List the rules in evaluation order: id, category and title
    List {
        #[command(flatten)]
        output: OutputArgs,

        #[command(flatten)]
        rules: RulesDirArg,
    },
    /// Explain one rule: what it checks, what it does, and the claims and sources behind it
    Explain {
        /// The rule's id, e.g. `dvt_signs`
        #[arg(value_name = "RULE_ID")]
        rule_id: String,

        #[command(flatten)]
        rules: RulesDirArg,
    },
    /// Check a rule file (together with the built-in rules) or a directory of rule files
    Lint {
        /// A `*.toml` rule file, or a directory holding `ruleset.toml` and rule files
        #[arg(value_name = "FILE|DIR")]
        path: PathBuf,
    },
    /// List the fields a rule condition may read, with their types and values
    Fields {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Write the built-in rule files into a directory, to edit and load with `--rules-dir`
    Export {
        /// The directory to write into (created when missing)
        #[arg(value_name = "DIR")]
        dir: PathBuf,

        /// Overwrite files that already exist
        #[arg(long)]
        force: bool,
    },
}

/// `crampwise content ...`
#[derive(Debug, Subcommand)]
pub(crate) enum ContentCommand {
    /// List every item of a collection (forms, foods, sources, intakes, claims, ...)
    List {
        /// The collection: sources, claims, forms, intakes, foods, medications, conditions,
        /// red_flags, notes, companions, lifestyle, mechanisms, faq or label_checklist
        #[arg(value_name = "COLLECTION")]
        collection: String,

        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show one item, found by its id in any collection
    Show {
        /// The item's id, e.g. `glycinate`
        #[arg(value_name = "ID")]
        id: String,

        #[command(flatten)]
        output: OutputArgs,
    },
    /// Print the content version (semver + hash of the data)
    Version,
}

/// Output options shared by commands that print data.
#[derive(Debug, Clone, Copy, Args)]
pub(crate) struct OutputArgs {
    /// Output format: `text` for people, `json` for programs (one line)
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Indent JSON output (with `--format json`)
    #[arg(long)]
    pub pretty: bool,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Aligned tables and key-value lists
    Text,
    /// JSON, compact on one line unless `--pretty`
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }
}

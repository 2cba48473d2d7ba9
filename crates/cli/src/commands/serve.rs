//! `crampwise serve`: the HTTP API (crates/serve), the intake pages
//! (crates/web) and the CDS Hooks services (crates/cds), on the engine that
//! `--rules-dir` and `--content-dir` load, as for `recommend`.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use crampwise_serve::{Config, ServerBuilder};

use crate::cli::ServeArgs;
use crate::ctx::Ctx;
use crate::error::CliError;

/// Runs `crampwise serve` until SIGTERM or Ctrl-C.
pub(crate) fn run(ctx: &mut Ctx<'_>, args: &ServeArgs) -> Result<ExitCode, CliError> {
    let engine = ctx.engine(args.rules.rules_dir.as_deref())?;
    let config = Config {
        addr: args.addr,
        cors_origin: args.cors_origin.clone(),
        request_timeout: Duration::from_secs(args.timeout),
        max_concurrency: usize::try_from(args.max_concurrency).unwrap_or(usize::MAX),
        max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
        max_batch_lines: usize::try_from(args.max_batch_lines).unwrap_or(usize::MAX),
        log_requests: !args.quiet,
        ..Config::default()
    };
    // The JWK Set and the CDS Hooks code tables are checked now, not at
    // the first request.
    let trust = match &args.cds_jwks {
        None => None,
        Some(path) => Some(
            crampwise_cds::Trust::from_file(
                path,
                &args.cds_issuer,
                args.cds_audience.as_deref().unwrap_or(""),
            )
            .map_err(|e| {
                let what = match e.path.as_str() {
                    "issuer" => "--cds-issuer".to_owned(),
                    p if p.starts_with("issuer[") => "--cds-issuer".to_owned(),
                    "audience" => "--cds-audience".to_owned(),
                    "" => format!("--cds-jwks `{}`", path.display()),
                    p => format!("--cds-jwks `{}` {p}", path.display()),
                };
                CliError::input(format!("serve: {what}: {}", e.message))
            })?,
        ),
    };
    let jurisdiction = match args.cds_jurisdiction.as_deref() {
        None => None,
        Some(name) => Some(
            name.parse::<crampwise::Jurisdiction>()
                .map_err(|e| CliError::input(format!("serve: --cds-jurisdiction: {e}")))?,
        ),
    };
    let state = crampwise_cds::CdsState::with_settings(engine.clone(), None, trust, jurisdiction)
        .map_err(|e| CliError::input(format!("serve: {e}")))?;
    let docs = crampwise_cds::documentation(state.checks_tokens());
    let server = ServerBuilder::new(engine.clone())
        .config(config)
        .merge(crampwise_web::routes(engine))
        .merge_documented(crampwise_cds::routes_with(state), docs)
        .bind()
        .map_err(|e| CliError::input(format!("serve: cannot listen on `{}`: {e}", args.addr)))?;
    let addr = server
        .local_addr()
        .map_err(|e| CliError::Internal(format!("serve: {e}")))?;
    // Tests and scripts read the port from this first line.
    let mut err = std::io::stderr().lock();
    writeln!(err, "crampwise serve: listening on http://{addr}")?;
    drop(err);
    server
        .run()
        .map_err(|e| CliError::Internal(format!("serve: {e}")))?;
    writeln!(std::io::stderr().lock(), "crampwise serve: stopped")?;
    Ok(ExitCode::SUCCESS)
}

//! The `article3` command: a thin layer that parses arguments and calls the libraries.

/// mimalloc rather than the C library's allocator: with a million identities indexed, the C library's
/// allocator spent a fifth of a screening's CPU merging the small blocks the index build had freed, and
/// the first query after a large free paid for all of them at once (40 ms); with mimalloc the engine's
/// mean CPU per query fell 13 % and the worst query took 2.5 ms (docs/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod corpus;
mod demo;
mod screen_eval;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use article3_domain::audit::AuditEvent;
use article3_domain::{CountryRegistry, ReviewEngine, ReviewInput};
use article3_server::import::{ImportFormat, parse_line, split_records};
use article3_server::{AppState, COUNTRIES_CSV, auth, validate_new_user};
use article3_store::{Intake, NewUser, Reader, Store};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use time::OffsetDateTime;

const DEFAULT_DATABASE: &str = "sqlite://article3.db";

#[derive(Parser)]
#[command(
    name = "article3",
    version,
    about = "An international notice-and-diffusion system with human-rights safeguards"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server.
    Serve {
        #[arg(long, env = "ARTICLE3_DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
        #[arg(long, env = "ARTICLE3_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Create a demo world (accounts for every role, generated notices and diffusions) if absent.
        #[arg(long)]
        demo: bool,
        /// How many notices the demo world gets.
        #[arg(long, default_value_t = 300)]
        demo_notices: usize,
    },
    /// Load notices from a file: INTERPOL public notice JSON or FollowTheMoney Person JSON lines.
    Import {
        #[arg(long, env = "ARTICLE3_DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
        /// `interpol` or `ftm`.
        #[arg(long)]
        format: String,
        /// Migrate as already published red notices (otherwise they wait for review like any request).
        #[arg(long)]
        as_published: bool,
        /// The requesting country, when the records name none (FtM) or to override theirs.
        #[arg(long)]
        requesting_country: Option<String>,
        file: PathBuf,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// User accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Run the retention clock: expire notices past their date, remind owners six months ahead.
    Retention {
        #[arg(long, env = "ARTICLE3_DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// The compliance rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// The screening (identity matching) engine.
    Screen {
        #[command(subcommand)]
        command: ScreenCommand,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Run the rules over a labelled corpus and print per-rule and overall precision and recall.
    Evaluate {
        /// JSON Lines of labelled cases (see data/rules/corpus.SOURCES.md).
        #[arg(long, default_value = "data/rules/corpus.jsonl")]
        corpus: PathBuf,
    },
}

#[derive(Subcommand)]
enum ScreenCommand {
    /// Measure the matching engine on real watch-list data; prints Markdown tables and a PASS/FAIL line
    /// per test against its quality bar (see docs/SCREENING-QUALITY.md).
    Evaluate {
        /// The shared watch-list data directory (its README.md, section 6, describes the tests).
        #[arg(long, env = "ARTICLE3_SCREEN_DATA", default_value = "../shared/data")]
        data: PathBuf,
        /// Run one test only: pairs, ofac, un, yente, false-alerts, homonyms or watchman (or its number).
        #[arg(long)]
        only: Option<String>,
        /// Print up to this many failing queries per test, names included: for diagnosis on screen only.
        #[arg(long, default_value_t = 0)]
        examples: usize,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole hash chain and name the first broken link.
    Verify {
        #[arg(long, env = "ARTICLE3_DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account.
    Add {
        #[arg(long, env = "ARTICLE3_DATABASE_URL", default_value = DEFAULT_DATABASE)]
        database_url: String,
        #[arg(long)]
        name: String,
        /// ncb, border, reviewer, commission, subject, caseworker or admin.
        #[arg(long)]
        role: String,
        /// Required for ncb, border and caseworker.
        #[arg(long)]
        country: Option<String>,
        #[arg(long, env = "ARTICLE3_PASSWORD")]
        password: String,
    },
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store = article3_store::open(url).await.with_context(|| format!("opening the database {url}"))?;
    Ok(Arc::new(store))
}

async fn registry(store: &dyn Store) -> anyhow::Result<CountryRegistry> {
    let shipped = CountryRegistry::parse_csv(COUNTRIES_CSV)?;
    let countries: Vec<_> = shipped.iter().cloned().collect();
    store.seed_countries(&countries).await?;
    Ok(CountryRegistry::from_countries(store.countries().await?))
}

async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    match cli.command {
        Command::Serve { database_url, listen, demo, demo_notices } => {
            let store = open(&database_url).await?;
            let state = AppState::new(store.clone()).await?;
            if demo {
                let registry = state.countries.read().await.clone();
                let hash = tokio::task::spawn_blocking(|| auth::hash_password(demo::DEMO_PASSWORD))
                    .await?
                    .map_err(|e| anyhow::anyhow!(e))?;
                eprintln!("preparing the demo world…");
                let created = demo::seed(store.as_ref(), state.engine.as_ref(), &registry, &hash, demo_notices).await?;
                print_demo_help(listen, created);
            }
            let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("binding {listen}"))?;
            eprintln!("article3 listening on http://{} ({})", listener.local_addr()?, store.backend().as_str());
            article3_server::serve(state, listener, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Import { database_url, format, as_published, requesting_country, file } => {
            let Some(format) = ImportFormat::parse(&format) else {
                bail!("--format must be interpol or ftm, not '{format}'");
            };
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let store = open(&database_url).await?;
            let registry = registry(store.as_ref()).await?;
            let requesting = requesting_country
                .as_deref()
                .map(|c| registry.requesting_member("--requesting-country", c))
                .transpose()
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let records = split_records(format, &text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let engine = article3_rules::ComplianceEngine::shipped()?;
            // Refugee statuses recorded under other spellings of a subject, as the server finds them.
            let links = article3_server::screening::RegisterLinks::load(store.as_ref()).await?;
            let bar = ProgressBar::new(records.len() as u64);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            let today = OffsetDateTime::now_utc().date();
            let source = format!("{} file {}", format.as_str(), file.display());
            let (mut imported, mut rejected, mut refused) = (0_usize, 0_usize, 0_usize);
            for (line, raw) in &records {
                bar.inc(1);
                let outcome = match parse_line(format, &registry, raw, requesting, today) {
                    Err(reason) => Err(reason),
                    Ok(parsed) => {
                        let subject = &parsed.request.subject;
                        let mut context = store.review_context(parsed.request.requesting_country, subject).await?;
                        links.widen(subject, &mut context);
                        let evaluation = engine.evaluate(&ReviewInput::for_notice(&parsed.request, &context));
                        let intake = if as_published {
                            Intake::ImportedPublished { source: source.clone(), external_ref: parsed.external_ref }
                        } else {
                            Intake::ImportedForReview { source: source.clone(), external_ref: parsed.external_ref }
                        };
                        match store.submit_notice(Reader::Public, &parsed.request, &evaluation, intake).await {
                            Err(e) => Err(e.to_string()),
                            // Imported for review, a request meets the same mechanical rules as one
                            // submitted through the API; notices imported as published keep their findings
                            // for a reviewer to revisit.
                            Ok(record) if !as_published => {
                                if let Some(reasons) = article3_rules::mechanical_refusal(&evaluation) {
                                    store
                                        .decide_notice(
                                            &article3_server::api::rules_actor(),
                                            record.id,
                                            article3_domain::Decision::Refuse,
                                            &reasons,
                                        )
                                        .await?;
                                    refused += 1;
                                }
                                Ok(())
                            }
                            Ok(_) => Ok(()),
                        }
                    }
                };
                match outcome {
                    Ok(()) => imported += 1,
                    Err(reason) => {
                        rejected += 1;
                        bar.suspend(|| eprintln!("{}:{line}: rejected: {reason}", file.display()));
                    }
                }
            }
            bar.finish_and_clear();
            store
                .append_audit(
                    AuditEvent::new("import.finish", "import", file.display().to_string()).by_system("import").detail(
                        format!(
                            "format={} as_published={as_published} imported={imported} rejected={rejected} \
                             refused_by_rules={refused}",
                            format.as_str()
                        ),
                    ),
                )
                .await?;
            println!(
                "imported {imported} notice(s) as {}, rejected {rejected}{}",
                if as_published { "published" } else { "submitted for review" },
                if refused > 0 {
                    format!("; {refused} refused by the mechanical compliance rules (penalty threshold, refugee block)")
                } else {
                    String::new()
                }
            );
            Ok(if imported == 0 && rejected > 0 {
                std::process::ExitCode::FAILURE
            } else {
                std::process::ExitCode::SUCCESS
            })
        }
        Command::Audit { command: AuditCommand::Verify { database_url } } => {
            let store = open(&database_url).await?;
            let bar = ProgressBar::new_spinner();
            let progress = {
                let bar = bar.clone();
                move |n: u64| bar.set_message(format!("{n} records checked"))
            };
            let outcome = store.verify_audit(&progress).await?;
            bar.finish_and_clear();
            match outcome {
                Ok(summary) => {
                    println!("audit chain intact: {} records (head {})", summary.records, summary.head_seq);
                    Ok(std::process::ExitCode::SUCCESS)
                }
                Err(broken) => {
                    eprintln!("audit chain BROKEN at record {}: {}", broken.seq, broken.problem);
                    Ok(std::process::ExitCode::from(3))
                }
            }
        }
        Command::User { command: UserCommand::Add { database_url, name, role, country, password } } => {
            let store = open(&database_url).await?;
            let registry = registry(store.as_ref()).await?;
            let new = validate_new_user(&registry, &name, &role, country.as_deref(), &password)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
                .await?
                .map_err(|e| anyhow::anyhow!(e))?;
            let user = store.create_user("cli", NewUser { password_hash: hash, ..new }).await?;
            println!(
                "created {} ({}{})",
                user.name,
                user.role.as_str(),
                user.country.map(|c| format!(", {c}")).unwrap_or_default()
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Retention { database_url } => {
            let store = open(&database_url).await?;
            let report = store.retention_sweep(OffsetDateTime::now_utc()).await?;
            println!(
                "expired {} notice(s), reminded owners of {}, erased the traveller from {} alert(s), {} outcome \
                 reason(s) and {} reason(s) of withdrawn clearances",
                report.expired.len(),
                report.reminded.len(),
                report.travellers_erased,
                report.outcome_reasons_erased,
                report.clearance_reasons_erased
            );
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Rules { command: RulesCommand::Evaluate { corpus } } => {
            let text = std::fs::read_to_string(&corpus).with_context(|| format!("reading {}", corpus.display()))?;
            let registry = CountryRegistry::parse_csv(COUNTRIES_CSV)?;
            let engine = article3_rules::ComplianceEngine::shipped()?;
            let report = corpus::evaluate(&text, &registry, &engine);
            print!("{}", report.render());
            Ok(if report.invalid.is_empty() {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            })
        }
        Command::Screen { command: ScreenCommand::Evaluate { data, only, examples } } => {
            let only = match only.as_deref() {
                None => None,
                Some(name) => Some(screen_eval::Test::parse(name).with_context(|| {
                    let ids: Vec<&str> = screen_eval::Test::ALL.iter().map(|t| t.id()).collect();
                    format!("--only must be one of {} (or 1-7), not '{name}'", ids.join(", "))
                })?),
            };
            let options = screen_eval::Options { data, only, examples };
            // Minutes of CPU work on every core: off the async workers.
            let report = tokio::task::spawn_blocking(move || screen_eval::evaluate(&options)).await??;
            print!("{}", report.render());
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Openapi => {
            println!("{}", article3_server::openapi::openapi_json());
            Ok(std::process::ExitCode::SUCCESS)
        }
    }
}

fn print_demo_help(listen: SocketAddr, created: bool) {
    let base = format!("http://{listen}");
    println!();
    println!("article3 demo world {}", if created { "created" } else { "already present (kept as it was)" });
    println!("  open {base}/ and the API documentation at {base}/docs/");
    println!("  every demo account's password is: {}", demo::DEMO_PASSWORD);
    for (name, role, country) in demo::DEMO_USERS {
        println!("    {name:<15} {:<11} {}", role.as_str(), country.unwrap_or(""));
    }
    println!("  log in, e.g.:");
    println!(
        "    curl -s -X POST {base}/api/v1/auth/token -H 'content-type: application/json' -d '{{\"username\":\"ncb-fr\",\"password\":\"{}\"}}'",
        demo::DEMO_PASSWORD
    );
    println!();
}

use backend::{
    config::{DatabaseConfig, RetentionConfig, ServeConfig},
    db::Db,
    import, seed, Application,
};
use clap::{Parser, Subcommand};

/// Ledig: book a public sports court from your phone.
#[derive(Parser)]
#[command(name = "ledig", version)]
struct Cli {
    #[command(flatten)]
    database: DatabaseConfig,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app and the JSON API (migrates first).
    Serve(ServeConfig),
    /// Bring the database schema up to date.
    Migrate,
    /// Load the demo venues, courts and bookings (into an empty database).
    Seed,
    /// Create or update venues and courts from open data (migrates first).
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// The people who run the venues (see docs/OPERATIONS.md, "Operators").
    Operator {
        #[command(subcommand)]
        command: OperatorCommand,
    },
    /// Door lock controllers (see docs/ACCESS.md).
    Controller {
        #[command(subcommand)]
        command: ControllerCommand,
    },
    /// Run the reference door controller for one court, with a virtual door
    /// page (see docs/ACCESS.md, "Reference controller").
    Door {
        /// The Ledig server, e.g. `https://boka.example.se` or `http://localhost:8080`.
        #[arg(long)]
        server: String,
        /// PEM file of extra root certificates to trust for an https
        /// `--server` (a private CA); the public web roots are always trusted.
        #[arg(long, env = "LEDIG_DOOR_EXTRA_CA")]
        extra_ca: Option<std::path::PathBuf>,
        /// Controller id from `ledig controller add`.
        #[arg(long)]
        controller: String,
        /// Controller secret from `ledig controller add`.
        #[arg(long, env = "LEDIG_DOOR_SECRET")]
        secret: String,
        /// The court this door opens.
        #[arg(long)]
        court: i64,
        /// Where the virtual door page listens.
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: std::net::SocketAddr,
        /// State file (credentials, queued entries); survives restarts.
        #[arg(long, default_value = "door-state.json")]
        state: std::path::PathBuf,
        /// Seconds between syncs with the server.
        #[arg(long, default_value_t = 10)]
        sync_seconds: u64,
    },
    /// Find and fix bookings whose money, status and door credentials
    /// disagree (also run by `serve` at start and every 5 minutes); prints a
    /// one-line summary. Exit code 1 if some repair failed (retry later).
    Repair {
        #[command(flatten)]
        stripe: backend::config::StripeConfig,
    },
    /// Door access keys (see docs/ACCESS.md).
    Access {
        #[command(subcommand)]
        command: AccessCommand,
    },
    /// Delete what is past its retention now, as `serve` does every hour
    /// (see docs/OPERATIONS.md, "What is kept, how long").
    Purge(RetentionConfig),
}

#[derive(Subcommand)]
enum ControllerCommand {
    /// Register a lock controller for some courts; prints its id and secret
    /// (shown once: only a hash is kept).
    Add {
        #[arg(long)]
        name: String,
        /// Court ids, comma-separated: `--courts 1,2,3`.
        #[arg(long, value_delimiter = ',', required = true)]
        courts: Vec<i64>,
    },
    /// List the lock controllers: id, name, courts, when registered and
    /// whether revoked.
    List,
    /// Revoke a lock controller: its secret stops working at once (its
    /// reported entries are kept).
    Revoke {
        /// The controller id (`ctl_…`).
        id: String,
    },
}

#[derive(Subcommand)]
enum OperatorCommand {
    /// Give a person a role in an organisation (made if new; the first one
    /// takes on every venue that has no organisation). They sign in with a
    /// code sent to the address. Running it again changes the role.
    Add {
        #[arg(long)]
        email: String,
        /// operator (everything of the organisation), staff (bookings and
        /// closures at --venues) or viewer (statistics).
        #[arg(long)]
        role: String,
        /// The organisation, e.g. "Umeå kommun".
        #[arg(long)]
        organisation: String,
        /// Staff only: venue ids, comma-separated.
        #[arg(long, value_delimiter = ',')]
        venues: Vec<i64>,
        /// May see who a protected person's booking is of (each look is in
        /// the audit log). Without it, running the command again takes the
        /// permission away.
        #[arg(long)]
        sees_protected: bool,
    },
    /// List everyone with a role: organisation, e-mail, role, venues.
    List,
}

#[derive(Subcommand)]
enum AccessCommand {
    /// Make a new signing key for door tokens; the old one stays listed
    /// until the tokens it signed expire.
    RotateKey,
}

#[derive(Subcommand)]
enum ImportSource {
    /// Tennis pitches (leisure=pitch, sport=tennis) from an OpenStreetMap
    /// Overpass JSON file (`[out:json]`); re-importing updates, never duplicates.
    Osm {
        /// The Overpass JSON file.
        file: std::path::PathBuf,
        /// City of venues whose OSM data has no addr:city.
        #[arg(long, default_value = "")]
        city: String,
        /// IANA time zone of new venues.
        #[arg(long, default_value = "Europe/Stockholm")]
        timezone: String,
        /// Price of an hour on a new court, in kronor.
        #[arg(long, default_value_t = 150)]
        price_sek: u32,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let logs = tracing_subscriber::fmt()
        // Colours for a person at a terminal; plain text for journald and
        // log files, where escape codes would garble every line.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LEDIG_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        );
    // One JSON object a line for a log collector (Loki, Elasticsearch,
    // journald's JSON export): the request's span, with its id, in "spans".
    match std::env::var("LEDIG_LOG_FORMAT").as_deref() {
        Err(_) | Ok("" | "text") => logs.init(),
        Ok("json") => logs.json().with_current_span(false).init(),
        Ok(other) => {
            eprintln!("ledig: LEDIG_LOG_FORMAT must be text or json, got {other:?}");
            return std::process::ExitCode::FAILURE;
        }
    }
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ledig: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// One line of `ledig controller list`.
fn controller_line(c: &backend::access::controllers::Registered) -> String {
    let at = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default()
    };
    let courts: Vec<String> = c.courts.iter().map(i64::to_string).collect();
    let state = match c.revoked_at {
        Some(t) => format!("revoked {}", at(t)),
        None => "active".to_string(),
    };
    format!(
        "{}  {}  courts {}  added {}  {state}",
        c.id,
        c.name,
        courts.join(","),
        at(c.created_at)
    )
}

/// Connects and brings the schema up to date, under the start-up lock
/// (`Db::start_lock`), so a command run while servers start on the same
/// database never migrates beside them.
async fn open(database: &DatabaseConfig) -> anyhow::Result<Db> {
    let (db, start) = open_holding_start_lock(database).await?;
    start.release().await;
    Ok(db)
}

/// [`open`], the lock still held: for a command that must also not load
/// data beside a starting server (seed, import).
async fn open_holding_start_lock(
    database: &DatabaseConfig,
) -> anyhow::Result<(Db, backend::db::SessionLock)> {
    let db = Db::connect(&database.database_url).await?;
    let start = db.start_lock().await?;
    db.migrate().await?;
    Ok((db, start))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(config) => {
            let app = Application::build(&cli.database, config).await?;
            let running = format!("Ledig is running: open http://localhost:{}/", app.port());
            // With JSON logs every line of standard output is a JSON object.
            if std::env::var("LEDIG_LOG_FORMAT").as_deref() == Ok("json") {
                tracing::info!("{running}");
            } else {
                println!("{running}");
            }
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let db = open(&cli.database).await?;
            println!("Database is up to date ({}).", db.engine());
            Ok(())
        }
        Command::Seed => {
            // Seeding confirms bookings and issues their door codes.
            backend::access::check_settings()?;
            let (db, start) = open_holding_start_lock(&cli.database).await?;
            let summary = seed::seed_demo(&db, chrono::Utc::now()).await?;
            start.release().await;
            println!("{summary}");
            Ok(())
        }
        Command::Operator {
            command:
                OperatorCommand::Add {
                    email,
                    role,
                    organisation,
                    venues,
                    sees_protected,
                },
        } => {
            use backend::operator::roles;
            let role = shared::operator::Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!("--role {role}: one of operator, staff or viewer")
            })?;
            anyhow::ensure!(
                !organisation.trim().is_empty(),
                "--organisation: the organisation's name is empty"
            );
            anyhow::ensure!(
                email.contains('@'),
                "--email {email}: not an e-mail address"
            );
            let db = open(&cli.database).await?;
            let now = chrono::Utc::now().timestamp();
            let granted =
                roles::grant(&db, &email, organisation.trim(), role, &venues, now).await?;
            roles::set_sees_protected(
                &db,
                granted.account_id,
                granted.organisation_id,
                sees_protected,
            )
            .await?;
            let email = email.trim().to_lowercase();
            let mut line = format!(
                "{email} is now {} of {}",
                role.as_str(),
                organisation.trim()
            );
            if sees_protected {
                line.push_str(", and may see protected identities");
            }
            if granted.organisation_created {
                line.push_str(&format!(
                    " (a new organisation; it took on {} venues without one)",
                    granted.venues_adopted
                ));
            }
            println!("{line}.");
            Ok(())
        }
        Command::Operator {
            command: OperatorCommand::List,
        } => {
            let db = open(&cli.database).await?;
            let everyone = backend::operator::roles::everyone(&db).await?;
            if everyone.is_empty() {
                println!("Nobody has a role (give one with `ledig operator add`).");
            }
            for (organisation, email, role, venues) in everyone {
                let venues = if venues.is_empty() {
                    String::new()
                } else {
                    let ids: Vec<String> = venues.iter().map(i64::to_string).collect();
                    format!("\tvenues {}", ids.join(","))
                };
                println!("{organisation}\t{email}\t{}{venues}", role.as_str());
            }
            Ok(())
        }
        Command::Controller {
            command: ControllerCommand::Add { name, courts },
        } => {
            let db = open(&cli.database).await?;
            let (id, secret) = backend::access::controllers::create(&db, &name, &courts).await?;
            println!(
                "controller id: {id}\nsecret:        {secret}\nAuthorization: Bearer {id}.{secret}"
            );
            Ok(())
        }
        Command::Controller {
            command: ControllerCommand::List,
        } => {
            let db = open(&cli.database).await?;
            let controllers = backend::access::controllers::list(&db).await?;
            if controllers.is_empty() {
                println!("No lock controllers (add one with `ledig controller add`).");
            }
            for c in controllers {
                println!("{}", controller_line(&c));
            }
            Ok(())
        }
        Command::Controller {
            command: ControllerCommand::Revoke { id },
        } => {
            let db = open(&cli.database).await?;
            if backend::access::controllers::revoke(&db, &id, chrono::Utc::now().timestamp())
                .await?
            {
                println!("Revoked {id}: its secret no longer works.");
                Ok(())
            } else {
                anyhow::bail!(
                    "no controller {id} that is not revoked already (see `ledig controller list`)"
                )
            }
        }
        Command::Door {
            server,
            extra_ca,
            controller,
            secret,
            court,
            listen,
            state,
            sync_seconds,
        } => {
            let door = backend::door::Door::open(backend::door::DoorConfig {
                server,
                controller,
                secret,
                court_id: court,
                state_path: state,
                extra_ca,
            })?;
            backend::door::page::run(
                door,
                listen,
                std::time::Duration::from_secs(sync_seconds.max(1)),
            )
            .await
        }
        Command::Repair { stripe } => {
            let db = open(&cli.database).await?;
            let provider = backend::payments::PaymentProvider::from_config(&stripe)?;
            let repaired = backend::repair::run(&db, &provider, chrono::Utc::now()).await?;
            println!("{repaired}");
            if repaired.failed > 0 {
                anyhow::bail!("{} repairs failed; run it again later", repaired.failed);
            }
            Ok(())
        }
        Command::Access {
            command: AccessCommand::RotateKey,
        } => {
            let db = open(&cli.database).await?;
            let kid = backend::access::keys::rotate(&db, chrono::Utc::now().timestamp()).await?;
            println!("New signing key: {kid}");
            Ok(())
        }
        Command::Purge(retention) => {
            let db = open(&cli.database).await?;
            let summary =
                backend::retention::purge(&db, chrono::Utc::now().timestamp(), &retention).await?;
            println!("{summary}");
            Ok(())
        }
        Command::Import {
            source:
                ImportSource::Osm {
                    file,
                    city,
                    timezone,
                    price_sek,
                },
        } => {
            let json = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            // Under the start-up lock: a server starting on the same empty
            // database meanwhile loads no demo data beside the import.
            let (db, start) = open_holding_start_lock(&cli.database).await?;
            let options = import::OsmOptions {
                city,
                timezone,
                price_sek,
                progress: true,
            };
            let summary = import::import_osm(&db, &json, &options).await;
            start.release().await;
            let summary =
                summary.map_err(|e| anyhow::anyhow!("cannot import {}: {e:#}", file.display()))?;
            for warning in summary.warnings.iter().take(50) {
                eprintln!("warning: {warning}");
            }
            if summary.warnings.len() > 50 {
                eprintln!("warning: … and {} more", summary.warnings.len() - 50);
            }
            println!("{}", summary.line(&file.display().to_string()));
            Ok(())
        }
    }
}

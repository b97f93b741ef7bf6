use backend::{
    config::{DatabaseConfig, ServeConfig},
    db::Db,
    seed, Application,
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
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LEDIG_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ledig: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(config) => {
            let app = Application::build(&cli.database, config).await?;
            println!("Ledig is running: open http://localhost:{}/", app.port());
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let db = Db::connect(&cli.database.database_url).await?;
            db.migrate().await?;
            println!("Database is up to date ({}).", db.engine());
            Ok(())
        }
        Command::Seed => {
            let db = Db::connect(&cli.database.database_url).await?;
            db.migrate().await?;
            let summary = seed::seed_demo(&db, chrono::Utc::now()).await?;
            println!("{summary}");
            Ok(())
        }
    }
}

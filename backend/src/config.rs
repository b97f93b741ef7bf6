//! Configuration: flags with `LEDIG_*` environment equivalents and defaults
//! that work on a laptop (embedded SQLite, demo payments, OSM tiles).

use std::path::PathBuf;

use clap::Args;

/// Where the data lives; shared by every sub-command.
#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// `sqlite://path/to/file.db` (embedded, the default) or `postgres://…`.
    #[arg(
        long,
        env = "LEDIG_DATABASE_URL",
        default_value = "sqlite://data/ledig.db",
        global = true
    )]
    pub database_url: String,
}

/// Settings of `ledig serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on. Port 0 picks a free port.
    #[arg(long, env = "LEDIG_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,

    /// Directory with the built frontend (`trunk build` output).
    #[arg(long, env = "LEDIG_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Load the demo venues into an empty database on start.
    #[arg(long, env = "LEDIG_SEED_DEMO", default_value_t = true, action = clap::ArgAction::Set)]
    pub seed_demo: bool,

    /// Minutes a slot stays held while the player pays.
    #[arg(long, env = "LEDIG_HOLD_MINUTES", default_value_t = 10)]
    pub hold_minutes: u32,

    /// Map tile URL template given to the app (the one third party besides payments).
    #[arg(
        long,
        env = "LEDIG_TILE_URL",
        default_value = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )]
    pub tile_url: String,

    /// Attribution shown on the map for the tiles.
    #[arg(
        long,
        env = "LEDIG_TILE_ATTRIBUTION",
        default_value = "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors"
    )]
    pub tile_attribution: String,
}

impl ServeConfig {
    /// Settings for tests: any free port, no static files, no demo data.
    pub fn for_tests() -> Self {
        ServeConfig {
            addr: "127.0.0.1:0".into(),
            static_dir: PathBuf::from("dist"),
            seed_demo: false,
            hold_minutes: 10,
            tile_url: "/tiles/{z}/{x}/{y}.png".into(),
            tile_attribution: "test tiles".into(),
        }
    }
}

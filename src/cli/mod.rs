//! The command line: clap arguments turned into a validated configuration, and the commands.

mod explain;
mod extract;
mod gazetteer_cmd;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, GazetteerBuilder};

/// Turn news articles and policy briefs into actor networks.
#[derive(Debug, Parser)]
#[command(name = "actornet", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract actors and links from documents and write the graph.
    Extract(extract::ExtractArgs),
    /// Combine partial results (`extract --partial`) into one graph.
    Merge(extract::MergeArgs),
    /// Show the sentences that link two actors, or why an actor got its type, role and title.
    Explain(explain::ExplainArgs),
    /// Inspect and check gazetteers.
    #[command(subcommand)]
    Gazetteer(gazetteer_cmd::GazetteerCommand),
}

/// Options shared by every command that loads gazetteers.
#[derive(Debug, Clone, Args)]
pub struct GazetteerArgs {
    /// Add a gazetteer CSV file or a folder of them (repeatable).
    #[arg(short = 'g', long = "gazetteer", value_name = "PATH")]
    pub gazetteers: Vec<PathBuf>,
    /// Use only the gazetteers given with --gazetteer.
    #[arg(long)]
    pub no_default_gazetteers: bool,
}

impl GazetteerArgs {
    /// Loads the gazetteers these options name.
    pub fn load(&self) -> Result<Gazetteer> {
        if self.no_default_gazetteers && self.gazetteers.is_empty() {
            return Err(Error::Usage(
                "--no-default-gazetteers needs at least one --gazetteer PATH".into(),
            ));
        }
        let mut b = GazetteerBuilder::new().defaults(!self.no_default_gazetteers);
        for p in &self.gazetteers {
            b = b.path(p);
        }
        b.build()
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(args) => extract::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Merge(args) => extract::merge(&args),
        Command::Gazetteer(cmd) => gazetteer_cmd::run(&cmd),
    }
}

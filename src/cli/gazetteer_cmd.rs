//! `actornet gazetteer …`: check, list.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use super::GazetteerArgs;
use crate::error::{Error, Result};
use crate::gazetteer::GazetteerBuilder;

/// Gazetteer subcommands.
#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    /// Validate gazetteers and print counts by type (the built-in ones without PATH).
    Check {
        /// Gazetteer files or folders to check on their own.
        paths: Vec<PathBuf>,
    },
    /// Print every name form with its actor id and type, as TSV.
    List {
        /// Which gazetteers.
        #[command(flatten)]
        gazetteers: GazetteerArgs,
    },
}

/// Runs a gazetteer subcommand.
pub fn run(cmd: &GazetteerCommand) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let io = |e| Error::io("<stdout>", e);
    match cmd {
        GazetteerCommand::Check { paths } => {
            let mut b = GazetteerBuilder::new().defaults(paths.is_empty());
            for p in paths {
                b = b.path(p);
            }
            let g = b.build()?;
            for w in &g.warnings {
                eprintln!("warning: {w}");
            }
            let forms: usize = g.actors().iter().map(|a| a.forms().count()).sum();
            writeln!(out, "ok: {} actors, {forms} name forms", g.len()).map_err(io)?;
            for (t, n) in g.counts() {
                writeln!(out, "{t}\t{n}").map_err(io)?;
            }
        }
        GazetteerCommand::List { gazetteers } => {
            let g = gazetteers.load()?;
            writeln!(out, "alias\tid\ttype\tform\tambiguous").map_err(io)?;
            for a in g.actors() {
                for (form, kind) in a.forms() {
                    let amb = a.ambiguous.contains(&crate::text::fold(form));
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}",
                        form.replace(['\t', '\n'], " "),
                        a.id,
                        a.actor_type(),
                        kind.as_str(),
                        amb
                    )
                    .map_err(io)?;
                }
            }
        }
    }
    out.flush().map_err(io)
}

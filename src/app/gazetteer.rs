//! `actornet gazetteer …`: check, list.

use std::io::Write;
use std::path::PathBuf;

use super::GazetteerOptions;
use crate::error::{Error, Result};
use crate::gazetteer::GazetteerBuilder;

/// Gazetteer subcommands.
#[derive(Debug, Clone)]
pub enum GazetteerCommand {
    /// Validate gazetteers and print counts by type: the built-in ones and any PATH given, as
    /// `extract --gazetteer PATH` would load them.
    Check {
        /// Gazetteer files or folders to check with the built-in ones.
        paths: Vec<PathBuf>,
        /// Check only the given files, without the built-in gazetteers.
        no_default_gazetteers: bool,
    },
    /// Print every name form with its actor id and type, as TSV.
    List {
        /// Which gazetteers.
        gazetteers: GazetteerOptions,
    },
    /// Convert a dictionary of another tool into actornet's gazetteer CSV.
    Import(ImportCommand),
}

/// Importers.
#[derive(Debug, Clone)]
pub enum ImportCommand {
    /// A GeoNames dump (cities15000.txt, allCountries.txt, …): places with coordinates.
    Geonames {
        /// The dump.
        file: PathBuf,
        /// GeoNames countryInfo.txt: adds the countries it names that the built-in gazetteer lacks.
        countries: Option<PathBuf>,
        /// Keep places with at least this population.
        min_population: u64,
        /// Also import the alternatenames column (noisy: many are common words).
        alternate_names: bool,
        /// Write here instead of standard output.
        out: Option<PathBuf>,
    },
    /// A PETRARCH/TABARI actors file (synonym lines and date-bounded codes).
    Petrarch {
        /// The .actors file.
        file: PathBuf,
        /// Write here instead of standard output.
        out: Option<PathBuf>,
    },
    /// spaCy EntityRuler patterns (JSON Lines).
    Spacy {
        /// The patterns.jsonl file.
        file: PathBuf,
        /// Write here instead of standard output.
        out: Option<PathBuf>,
    },
}

fn import(cmd: &ImportCommand) -> Result<()> {
    use crate::gazetteer::import;
    let known = GazetteerBuilder::new().build()?;
    let (actors, out) = match cmd {
        ImportCommand::Geonames {
            file,
            countries,
            min_population,
            alternate_names,
            out,
        } => {
            let opts = import::GeonamesOptions {
                min_population: *min_population,
                alternate_names: *alternate_names,
            };
            (
                import::geonames(file, countries.as_deref(), &known, &opts)?,
                out,
            )
        }
        ImportCommand::Petrarch { file, out } => (import::petrarch(file, &known)?, out),
        ImportCommand::Spacy { file, out } => (import::spacy(file, &known)?, out),
    };
    match out {
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "gazetteer.csv".into());
            let mut set = crate::export::OutputSet::new(dir)?;
            set.write(&name, |w| import::write_csv(&actors, w))?;
            set.commit()?;
            eprintln!(
                "actornet: {} actors written to {}",
                actors.len(),
                crate::error::show_path(path)
            );
            Ok(())
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            import::write_csv(&actors, &mut w)
                .and_then(|()| w.flush())
                .map_err(|e| Error::io("<stdout>", e))
        }
    }
}

/// Runs a gazetteer subcommand, printing to `out`.
pub fn run(cmd: &GazetteerCommand, out: &mut dyn Write) -> Result<()> {
    let io = |e| Error::io("<stdout>", e);
    match cmd {
        GazetteerCommand::Import(cmd) => return import(cmd),
        GazetteerCommand::Check {
            paths,
            no_default_gazetteers,
        } => {
            if *no_default_gazetteers && paths.is_empty() {
                return Err(Error::Usage(
                    "--no-default-gazetteers needs at least one PATH to check".into(),
                ));
            }
            let mut b = GazetteerBuilder::new().defaults(!no_default_gazetteers);
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

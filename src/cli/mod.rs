//! The command line: clap's argument types, turned into the library's option structs (as
//! ripgrep's `hiargs` turns flags into searchers and printers), then one call into
//! [`actornet::app`]. Nothing here knows how documents are read or graphs are written.

use std::io::Write;
use std::path::PathBuf;

use actornet::app::{self, gazetteer::ImportCommand, GazetteerCommand};
use actornet::export::{csv::Dialect, Format};
use actornet::graph::{Weighting, Window};
use actornet::input::InputFormat;
use actornet::Result;
use clap::{Args, Parser, Subcommand};

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
    Extract(ExtractArgs),
    /// Combine partial results (`extract --partial`) into one graph.
    Merge(MergeArgs),
    /// Show the sentences that link two actors, or why an actor got its type, role and title.
    Explain(ExplainArgs),
    /// Inspect and check gazetteers.
    #[command(subcommand)]
    Gazetteer(GazetteerArgsCommand),
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
    fn options(&self) -> app::GazetteerOptions {
        app::GazetteerOptions {
            gazetteers: self.gazetteers.clone(),
            no_default_gazetteers: self.no_default_gazetteers,
        }
    }
}

/// Arguments of `actornet extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files, folders (their .txt, .md, .html, .jsonl and .csv files, recursively) or `-` for
    /// standard input.
    #[arg(value_name = "INPUT", default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long = "out", value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Output formats, comma-separated: graphml, csv, gexf, json, dot, xlsx, html, svg, or all.
    #[arg(short, long, value_delimiter = ',', default_value = actornet::export::DEFAULT_FORMATS)]
    pub format: Vec<Format>,
    /// Which span counts as together for co-occurrence.
    #[arg(short, long, default_value = "sentence")]
    pub window: Window,
    /// Gazetteers.
    #[command(flatten)]
    pub gazetteers: GazetteerArgs,
    /// Graph options.
    #[command(flatten)]
    pub graph: GraphArgs,
    /// Date of plain-text documents (YYYY-MM-DD): picks people's titles; today by default.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Which program the CSV files are for: excel (BOM, formula cells neutralised with '),
    /// gephi (no BOM, backslashes doubled) or plain (pandas, R, LibreOffice: values as they are).
    #[arg(long, default_value = "excel")]
    pub csv_dialect: Dialect,
    /// List the ambiguous names that were dropped, and why, on standard error.
    #[arg(long)]
    pub explain_ambiguous: bool,
    /// Replace invalid UTF-8 instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Skip broken records (JSON lines, CSV rows) with a warning instead of failing; the skipped
    /// items are listed in run.json.
    #[arg(long)]
    pub skip_bad: bool,
    /// Drop copies of documents already read, by `id` (a file given twice, a repeated JSON
    /// Lines id) or by `content` (the same text under another id); listed in run.json.
    #[arg(long, value_name = "id|content")]
    pub dedupe: Option<actornet::pipeline::Dedupe>,
    /// Write a mergeable partial result (partial.json, mentions.csv, evidence.csv,
    /// report-evidence.json) for `actornet merge` instead of the graph files; with `-o -`, as
    /// one stream of JSON lines on standard output (for `RDD.pipe` and job arrays; `actornet merge -` reads it).
    #[arg(long)]
    pub partial: bool,
    /// How to read the inputs: auto (by file name ending; standard input as JSON Lines when it
    /// starts with `{`, else plain text), text, jsonl, csv or html.
    #[arg(long, value_name = "FORMAT", default_value = "auto")]
    pub input_format: InputFormat,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// JSON Lines / CSV field that holds the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSON Lines / CSV field that holds the document id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSON Lines / CSV field that holds the title.
    #[arg(long, default_value = "title")]
    pub title_field: String,
    /// JSON Lines / CSV field that holds the date.
    #[arg(long, default_value = "date")]
    pub date_field: String,
    /// Role cue lexicon (CSV: role,cue,slot,relation[,toward,max_gap]) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub roles: Option<PathBuf>,
    /// Title lexicon (CSV: title,canonical,sector[,implies]) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub titles: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

impl ExtractArgs {
    fn options(&self) -> app::ExtractOptions {
        app::ExtractOptions {
            inputs: self.inputs.clone(),
            out: self.out.clone(),
            format: self.format.clone(),
            window: self.window,
            gazetteers: self.gazetteers.options(),
            graph: self.graph.options(),
            date: self.date.clone(),
            csv_dialect: self.csv_dialect,
            explain_ambiguous: self.explain_ambiguous,
            lossy: self.lossy,
            skip_bad: self.skip_bad,
            dedupe: self.dedupe,
            partial: self.partial,
            input_format: self.input_format,
            threads: self.threads,
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            title_field: self.title_field.clone(),
            date_field: self.date_field.clone(),
            roles: self.roles.clone(),
            titles: self.titles.clone(),
            quiet: self.quiet,
        }
    }
}

/// How links are weighted and pruned.
#[derive(Debug, Clone, Args)]
pub struct GraphArgs {
    /// Co-occurrence weight: count, documents, association, pmi or jaccard.
    #[arg(long, default_value = "count")]
    pub weight: Weighting,
    /// Leave out co-occurrence links lighter than this.
    #[arg(long, default_value_t = 0.0)]
    pub min_weight: f64,
    /// Keep only each actor's K strongest co-occurrence links.
    #[arg(long, value_name = "K")]
    pub top_k: Option<usize>,
    /// Leave these actor ids out of the graph (hubs), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub exclude: Vec<String>,
}

impl GraphArgs {
    fn options(&self) -> app::GraphOptions {
        app::GraphOptions {
            weight: self.weight,
            min_weight: self.min_weight,
            top_k: self.top_k,
            exclude: self.exclude.clone(),
        }
    }
}

/// Arguments of `actornet merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial results: folders written by `extract --partial` (or their partial.json files),
    /// saved partial streams (`extract --partial -o -`), or `-` for streams on standard input.
    /// The graph does not depend on their order; the rows of mentions.csv and evidence.csv (and
    /// run.json's lists) follow it: give them in the order their inputs would be given to one run.
    #[arg(value_name = "PART", required = true)]
    pub parts: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long = "out", value_name = "DIR", default_value = "output")]
    pub out: PathBuf,
    /// Output formats, comma-separated: graphml, csv, gexf, json, dot, xlsx, html, svg, or all.
    #[arg(short, long, value_delimiter = ',', default_value = actornet::export::DEFAULT_FORMATS)]
    pub format: Vec<Format>,
    /// Gazetteers (the same as the parts were made with).
    #[command(flatten)]
    pub gazetteers: GazetteerArgs,
    /// Graph options.
    #[command(flatten)]
    pub graph: GraphArgs,
    /// Which program the CSV files are for: excel, gephi or plain (see `extract --help`).
    #[arg(long, default_value = "excel")]
    pub csv_dialect: Dialect,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

impl MergeArgs {
    fn options(&self) -> app::MergeOptions {
        app::MergeOptions {
            parts: self.parts.clone(),
            out: self.out.clone(),
            format: self.format.clone(),
            gazetteers: self.gazetteers.options(),
            graph: self.graph.options(),
            csv_dialect: self.csv_dialect,
            quiet: self.quiet,
        }
    }
}

/// Arguments of `actornet explain`.
#[derive(Debug, Args)]
// clap would print the one list argument as `<ACTOR [ACTOR] INPUT> <ACTOR [ACTOR] INPUT>...`
#[command(override_usage = "actornet explain [OPTIONS] <ACTOR> [ACTOR] <INPUT>...")]
pub struct ExplainArgs {
    /// An actor (name, alias or id), optionally a second actor, then the documents
    /// (`explain Oman Iran brief.txt`, `explain Araghchi brief.txt`).
    #[arg(value_name = "ACTOR [ACTOR] INPUT", required = true, num_args = 2..)]
    pub args: Vec<String>,
    /// Gazetteers.
    #[command(flatten)]
    pub gazetteers: GazetteerArgs,
    /// Date of plain-text documents (YYYY-MM-DD), for titles.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Replace invalid UTF-8 instead of failing (as `extract --lossy` does).
    #[arg(long)]
    pub lossy: bool,
}

impl ExplainArgs {
    fn options(&self) -> app::ExplainOptions {
        app::ExplainOptions {
            args: self.args.clone(),
            gazetteers: self.gazetteers.options(),
            date: self.date.clone(),
            lossy: self.lossy,
        }
    }
}

/// Gazetteer subcommands.
#[derive(Debug, Subcommand)]
pub enum GazetteerArgsCommand {
    /// Validate gazetteers and print counts by type: the built-in ones and any PATH given, as
    /// `extract --gazetteer PATH` would load them.
    Check {
        /// Gazetteer files or folders to check with the built-in ones.
        paths: Vec<PathBuf>,
        /// Check only the given files, without the built-in gazetteers.
        #[arg(long)]
        no_default_gazetteers: bool,
    },
    /// Print every name form with its actor id and type, as TSV.
    List {
        /// Which gazetteers.
        #[command(flatten)]
        gazetteers: GazetteerArgs,
    },
    /// Convert a dictionary of another tool into actornet's gazetteer CSV.
    #[command(subcommand)]
    Import(ImportArgs),
}

/// Importers.
#[derive(Debug, Clone, Subcommand)]
pub enum ImportArgs {
    /// A GeoNames dump (cities15000.txt, allCountries.txt, …): places with coordinates.
    Geonames {
        /// The dump.
        file: PathBuf,
        /// GeoNames countryInfo.txt: adds the countries it names that the built-in gazetteer lacks.
        #[arg(long, value_name = "countryInfo.txt")]
        countries: Option<PathBuf>,
        /// Keep places with at least this population.
        #[arg(long, default_value_t = 0)]
        min_population: u64,
        /// Also import the alternatenames column (noisy: many are common words).
        #[arg(long)]
        alternate_names: bool,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// A PETRARCH/TABARI actors file (synonym lines and date-bounded codes).
    Petrarch {
        /// The .actors file.
        file: PathBuf,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// spaCy EntityRuler patterns (JSON Lines).
    Spacy {
        /// The patterns.jsonl file.
        file: PathBuf,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

impl GazetteerArgsCommand {
    fn command(&self) -> GazetteerCommand {
        match self {
            GazetteerArgsCommand::Check {
                paths,
                no_default_gazetteers,
            } => GazetteerCommand::Check {
                paths: paths.clone(),
                no_default_gazetteers: *no_default_gazetteers,
            },
            GazetteerArgsCommand::List { gazetteers } => GazetteerCommand::List {
                gazetteers: gazetteers.options(),
            },
            GazetteerArgsCommand::Import(i) => GazetteerCommand::Import(match i.clone() {
                ImportArgs::Geonames {
                    file,
                    countries,
                    min_population,
                    alternate_names,
                    out,
                } => ImportCommand::Geonames {
                    file,
                    countries,
                    min_population,
                    alternate_names,
                    out,
                },
                ImportArgs::Petrarch { file, out } => ImportCommand::Petrarch { file, out },
                ImportArgs::Spacy { file, out } => ImportCommand::Spacy { file, out },
            }),
        }
    }
}

/// Runs a parsed command line: one call into the library.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(args) => app::extract(&args.options()),
        Command::Merge(args) => app::merge(&args.options()),
        Command::Explain(args) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            app::explain(&args.options(), &mut out)?;
            out.flush().map_err(|e| actornet::Error::io("<stdout>", e))
        }
        Command::Gazetteer(cmd) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            app::gazetteer::run(&cmd.command(), &mut out)
        }
    }
}

//! The application: running a corpus and writing its outputs, merging partial results,
//! explaining an actor or a link, and the gazetteer commands.
//!
//! This is library code so that the command line, the tests, the benchmarks and other languages'
//! bindings all run the same thing without a process. The binary only turns its arguments into
//! these option structs (`src/cli/` in the binary target) and calls one function here.

pub mod explain;
pub mod extract;
pub mod gazetteer;
pub mod run;

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, GazetteerBuilder};

pub use explain::{explain, ExplainOptions};
pub use extract::{extract, merge, ExtractOptions, GraphOptions, Manifest, MergeOptions};
pub use gazetteer::GazetteerCommand;
pub use run::{merge_partials, Extractor, ExtractorOptions, Partial, Rows, Run};

/// Which gazetteers a command loads.
#[derive(Debug, Clone, Default)]
pub struct GazetteerOptions {
    /// Gazetteer CSV files or folders of them, loaded after the built-in ones (an alias a user
    /// file claims is taken from the built-in actor that had it).
    pub gazetteers: Vec<PathBuf>,
    /// Use only the gazetteers in `gazetteers`, not the built-in ones.
    pub no_default_gazetteers: bool,
}

impl GazetteerOptions {
    /// Loads the gazetteers these options name.
    pub fn load(&self) -> Result<Gazetteer> {
        self.load_with(false)
    }

    /// Loads the gazetteers for a command that matches text: the matcher is built while they
    /// are checked ([`GazetteerBuilder::with_matcher`]).
    pub fn load_for_matching(&self) -> Result<Gazetteer> {
        self.load_with(true)
    }

    fn load_with(&self, matcher: bool) -> Result<Gazetteer> {
        if self.no_default_gazetteers && self.gazetteers.is_empty() {
            return Err(Error::Usage(
                "--no-default-gazetteers needs at least one --gazetteer PATH".into(),
            ));
        }
        let mut b = GazetteerBuilder::new()
            .defaults(!self.no_default_gazetteers)
            .with_matcher(matcher);
        for p in &self.gazetteers {
            b = b.path(p);
        }
        b.build()
    }
}

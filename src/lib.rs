//! actornet turns news articles and policy briefs into actor networks.
//!
//! The pipeline: [`input`] reads documents; [`text`] folds them for matching and splits
//! sentences; [`gazetteer`] loads the actors and finds their names; [`extract`] resolves each
//! name to one actor with evidence; [`graph`] builds the actor graph; [`export`] writes it for
//! Gephi, spreadsheets and programs; [`app`] is the application (runs, merges, explanations)
//! that the command line, tests and bindings call.
#![warn(missing_docs)]
// Data from outside the program never reaches an unwrap; the few `expect`s guard invariants.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod app;
pub mod date;
pub mod error;
pub mod export;
pub mod extract;
pub mod gazetteer;
pub mod graph;
pub mod input;
pub mod pipeline;
pub mod text;

pub use error::{Error, Result};

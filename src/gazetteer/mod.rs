//! Gazetteers: the actors actornet knows, how they are loaded, and how their names are found.

pub mod import;
pub mod load;
pub mod matcher;
pub mod model;
#[cfg(test)]
mod tests;

pub use load::{default_files, GazetteerBuilder};
pub use matcher::{CaseRule, Hit, Matcher, MatcherBuilder};
pub use model::{Actor, ActorType, Form, Gazetteer, Kind, Origin, Title};

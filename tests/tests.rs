//! The integration test binary: one module per area.

mod util;

mod cli;
mod extract;
mod gazetteer;
mod inputs;

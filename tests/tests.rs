//! The integration test binary: one module per area.

mod util;

mod cli;
mod export;
mod extract;
mod gazetteer;
mod inputs;
mod pipes;
mod props;
mod robustness;

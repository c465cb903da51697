//! The integration test binary: one module per area.

mod util;

mod cli;
mod export;
mod extract;
mod gazetteer;
mod hostile;
mod inputs;
mod props;
mod report;
mod robustness;

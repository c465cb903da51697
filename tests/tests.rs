//! The integration test binary: one module per area.

mod util;

mod cli;
mod export;
mod extract;
mod gazetteer;
mod hostile;
mod inputs;
mod invariants;
mod linear;
mod outputs;
mod pipes;
mod props;
mod report;
mod robustness;
mod run_safety;

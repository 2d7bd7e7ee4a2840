//! Parse the command line; open the window or run a subcommand.

use std::process::ExitCode;

use cardwise::cli::{self, Cli};
use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut err = std::io::stderr().lock();
    match &cli.command {
        Some(command) => cli::run(&cli, command, &mut std::io::stdout().lock(), &mut err),
        None => cli::open_window(&cli, &mut err),
    }
}

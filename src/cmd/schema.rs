//! `newsmill schema [TABLE]`: prints the table contracts.

use std::process::ExitCode;

use newsmill::output::{self, TableSpec};

/// Print the output tables' columns, types and meaning.
#[derive(clap::Args)]
pub struct Args {
    /// Only this table (default: all).
    table: Option<String>,
    /// Print Markdown tables (as in the README) instead of plain text.
    #[arg(long)]
    markdown: bool,
}

pub fn run(args: Args) -> super::Result {
    let selected: Vec<TableSpec> = match &args.table {
        None => output::TABLES.to_vec(),
        Some(name) => match output::table(name) {
            Some(spec) => vec![*spec],
            None => {
                let names: Vec<&str> = output::TABLES.iter().map(|t| t.name).collect();
                return Err(super::Error::Usage(format!(
                    "no table {name:?}; tables: {}",
                    names.join(", ")
                )));
            }
        },
    };
    let text = if args.markdown {
        output::markdown(&selected)
    } else {
        output::plain(&selected)
    };
    out!("{text}")?;
    Ok(ExitCode::SUCCESS)
}

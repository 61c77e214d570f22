//! `newsmill reference` (hidden): the README's command reference, rendered
//! from the same clap definitions as `--help`, so the two cannot drift
//! (a test compares it with the README).

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Arg, Command};

/// Prints the command reference for `cli` as a Markdown code block.
pub fn run(cli: &Command) -> super::Result {
    out!("{}", markdown(cli))?;
    Ok(ExitCode::SUCCESS)
}

/// Every leaf command: its usage, what it does and its options.
pub fn markdown(cli: &Command) -> String {
    let mut out = String::new();
    for sub in visible_subcommands(cli) {
        command(sub, cli.get_name(), &mut out);
    }
    // One blank line between commands, none after the last.
    format!("```text\n{}\n```\n", out.trim_end())
}

fn visible_subcommands(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

fn command(cmd: &Command, parent: &str, out: &mut String) {
    let name = format!("{parent} {}", cmd.get_name());
    if cmd.has_subcommands() {
        for sub in visible_subcommands(cmd) {
            command(sub, &name, out);
        }
        return;
    }
    let mut usage = name;
    for arg in cmd
        .get_arguments()
        .filter(|a| a.is_required_set() && !a.is_positional())
    {
        write!(usage, " {}", flag(arg)).unwrap();
    }
    for arg in cmd.get_positionals() {
        let value = value_name(arg);
        if arg.is_required_set() {
            write!(usage, " {value}").unwrap();
        } else {
            write!(usage, " [{value}]").unwrap();
        }
    }
    writeln!(out, "{usage}").unwrap();
    if let Some(about) = cmd.get_about() {
        writeln!(out, "    {}", one_line(&about.to_string())).unwrap();
    }
    for arg in cmd.get_arguments().filter(|a| shown(a)) {
        let help = arg
            .get_help()
            .map_or(String::new(), |h| one_line(&h.to_string()));
        let defaults: Vec<_> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy())
            .collect();
        let help = match defaults.as_slice() {
            [] => help,
            // A NUL keeps "[default: X]" on one line; `wrap` turns it back into a space.
            values => format!("{help} [default:\0{}]", values.join(",")),
        };
        let flag = flag(arg);
        let mut lines = wrap(&help, WIDTH - HELP_COLUMN).into_iter();
        if flag.len() + 4 + 2 > HELP_COLUMN {
            writeln!(out, "    {flag}").unwrap();
        } else {
            let first = lines.next().unwrap_or_default();
            writeln!(out, "    {flag:w$}  {first}", w = HELP_COLUMN - 6).unwrap();
        }
        for line in lines {
            writeln!(out, "{:HELP_COLUMN$}{line}", "").unwrap();
        }
    }
    out.push('\n');
}

/// Lines of the reference are at most this wide, help texts start here.
const WIDTH: usize = 100;
const HELP_COLUMN: usize = 28;

/// `text` in lines of at most `width` characters, broken at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    for line in &mut lines {
        *line = line.replace('\0', " ");
    }
    lines
}

/// Arguments worth listing: not `--help`/`--version`, not hidden.
fn shown(arg: &Arg) -> bool {
    !arg.is_hide_set() && !matches!(arg.get_id().as_str(), "help" | "version")
}

fn value_name(arg: &Arg) -> String {
    match arg.get_value_names() {
        Some(names) => names
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        None => arg.get_id().as_str().to_uppercase(),
    }
}

/// How the argument is written: `PIPELINE`, `--out DIR`, `-q, --quiet`.
fn flag(arg: &Arg) -> String {
    if arg.is_positional() {
        return value_name(arg);
    }
    let mut flag = String::new();
    if let Some(short) = arg.get_short() {
        write!(flag, "-{short}, ").unwrap();
    }
    if let Some(long) = arg.get_long() {
        write!(flag, "--{long}").unwrap();
    }
    if arg.get_action().takes_values() {
        write!(flag, " {}", value_name(arg)).unwrap();
    }
    flag
}

/// Help text on one line: clap keeps the doc comment's line breaks.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

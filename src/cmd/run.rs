//! `newsmill run [PIPELINE]`: runs a pipeline and writes its tables.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use newsmill::config::{CsvTables, Pipeline};
use tracing_subscriber::EnvFilter;

/// Run a pipeline: read the corpus, extract, write the tables.
#[derive(clap::Args)]
pub struct Args {
    /// Pipeline file; its relative paths are resolved against its own directory.
    #[arg(default_value = "pipelines/seeds.toml")]
    pipeline: PathBuf,
    /// Read these inputs instead of the pipeline's: files, directories or
    /// globs (relative to the working directory), or `-` for JSONL on
    /// standard input. Format by extension: .txt (one article per file),
    /// .html (one page per file), .jsonl (one article per line), .warc (web
    /// archives), any of them gzipped (.gz).
    #[arg(long, value_name = "PATH")]
    input: Vec<PathBuf>,
    /// Use this manifest CSV for text files instead of the pipeline's.
    #[arg(long, value_name = "FILE", conflicts_with = "no_manifest")]
    manifest: Option<PathBuf>,
    /// Ignore the pipeline's manifest.
    #[arg(long)]
    no_manifest: bool,
    /// Write the tables to this directory instead of the pipeline's.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Worker threads (default: the pipeline's, else one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Which tables get a CSV twin besides Parquet: summary (aggregates,
    /// candidates, actors, rejects), all or none.
    #[arg(long, value_name = "WHICH")]
    csv: Option<String>,
    /// Do not write report.html beside the tables (`[output] report`).
    #[arg(long)]
    no_report: bool,
    /// Write empty tables when no document is read, instead of keeping the
    /// previous output and exiting with 2.
    #[arg(long)]
    allow_empty: bool,
    /// Read every input and write every table anew, even when the inputs
    /// only add files to the previous run's: the datasets come back as one
    /// part each (the cache still spares the extraction).
    #[arg(long)]
    rewrite: bool,
    /// When another run is writing to the same output directory, wait for
    /// it to end instead of failing at once with exit code 2.
    #[arg(long)]
    wait: bool,
    /// Write shard N of a distributed run (spark/newsmill_spark.py runs
    /// one per task) instead of a whole run's tables: documents keyed by
    /// shard and ordinal, with the content hashes, sentence keys and names
    /// the distributed merge needs. Implies --csv none, no run cache, and
    /// empty tables rather than none.
    #[arg(long, value_name = "N")]
    shard: Option<u32>,
    /// Print the input files the run would read, in the order it reads
    /// them, one per line, and exit (the Spark job plans its shards so).
    #[arg(long)]
    list_inputs: bool,
    /// Print, as JSON, the pipeline's settings and the rules the merge of
    /// shards applies, and exit (the Spark job reads them so, rather than
    /// repeat them).
    #[arg(long)]
    merge_settings: bool,
    /// Print warnings and errors only: no progress bar, no summary.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> super::Result {
    let interactive = std::io::stderr().is_terminal() && !args.quiet;
    init_logging(args.quiet, interactive);

    let mut pipeline = Pipeline::load(&args.pipeline)?;
    if !args.input.is_empty() {
        pipeline.input.paths = args.input.clone();
    }
    if args.no_manifest {
        pipeline.input.manifest = None;
    } else if let Some(manifest) = args.manifest {
        pipeline.input.manifest = Some(manifest);
    }
    if args.list_inputs {
        return list_inputs(&pipeline);
    }
    if args.merge_settings {
        return merge_settings(&pipeline);
    }
    if let Some(out) = args.out {
        pipeline.output.dir = out;
    }
    if let Some(threads) = args.threads {
        pipeline.run.threads = threads;
    }
    // More threads than a few per core only cost memory and start-up.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if pipeline.run.threads > 4 * cores {
        tracing::warn!(
            "{} threads on {cores} cores: using {}",
            pipeline.run.threads,
            4 * cores
        );
        pipeline.run.threads = 4 * cores;
    }
    limit_polars_threads(pipeline.run.threads);
    if args.allow_empty {
        pipeline.run.allow_empty = true;
    }
    pipeline.run.rewrite = args.rewrite;
    pipeline.run.wait = args.wait;
    if let Some(which) = &args.csv {
        pipeline.output.csv = CsvTables::parse(which)?;
    }
    if args.no_report {
        pipeline.output.report = false;
    }
    if let Some(shard) = args.shard {
        pipeline.run.shard = Some(shard);
        pipeline.run.cache = false;
        pipeline.run.allow_empty = true;
        pipeline.output.csv = CsvTables::None;
    }

    let progress = if interactive {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} {wide_bar} {bytes_per_sec} eta {eta}",
            )
            .expect("the progress template is valid"),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    tracing::info!(
        "running {} on {} -> {}",
        args.pipeline.display(),
        pipeline
            .input
            .paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        pipeline.output.dir.display()
    );
    let finished = newsmill::run::run(&pipeline, &progress)?;
    progress.finish_and_clear();

    let m = &finished.manifest;
    let appended = if m.appended {
        format!(", {} of them new (appended)", m.read_files)
    } else {
        String::new()
    };
    let summary = format!(
        "{} documents ({} undated, {} with inferred days), {} rejected, from {} files{appended} ({}) in {:.2} s ({:.1} MB/s), {} warnings; tables in {}",
        finished.rows("documents"),
        m.undated_documents,
        m.inferred_documents,
        finished.rows("rejects"),
        m.input_files,
        newsmill::report::bytes(m.input_bytes as f64),
        finished.seconds,
        m.input_bytes as f64 / 1e6 / finished.seconds.max(1e-9),
        m.warning_count,
        pipeline.output.dir.display()
    );
    let summary = match &finished.report {
        Some(path) => format!("{summary}; report {}", path.display()),
        None => summary,
    };
    if interactive {
        note!("newsmill: {summary}");
    } else {
        tracing::info!("{summary}");
    }
    Ok(ExitCode::SUCCESS)
}

fn merge_settings(pipeline: &Pipeline) -> super::Result {
    use newsmill::aggregate::candidates::{
        BRAND_MENTIONS, BRAND_SHARE, SIGN_OFF_SHARE, type_order,
    };
    let settings = serde_json::json!({
        "allow_empty": pipeline.run.allow_empty,
        "near_duplicate_share": pipeline.clean.near_duplicate_share,
        "count_demonyms": pipeline.actors.count_demonyms,
        "report": pipeline.output.report,
        "sign_off_share": SIGN_OFF_SHARE,
        "brand_share": BRAND_SHARE,
        "brand_mentions": BRAND_MENTIONS,
        "types": type_order(),
    });
    outln!("{settings}")?;
    Ok(ExitCode::SUCCESS)
}

fn list_inputs(pipeline: &Pipeline) -> super::Result {
    let warnings = newsmill::warnings::Warnings::default();
    let files = newsmill::ingest::expand::expand_inputs(&pipeline.input.paths, &warnings)?;
    for warning in warnings.take().0 {
        tracing::warn!("{warning}");
    }
    for file in files {
        outln!("{}", file.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Plain log lines on stderr (cron-friendly); `NEWSMILL_LOG` overrides the
/// level with a tracing filter such as `debug` or `newsmill=trace`.
fn init_logging(quiet: bool, interactive: bool) {
    let default = if quiet || interactive { "warn" } else { "info" };
    let filter =
        EnvFilter::try_from_env("NEWSMILL_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(interactive)
        .with_target(false)
        // Its own report of a failed write goes to standard error too, and
        // panics when that is closed: a full stderr never stops a run.
        .log_internal_errors(false)
        .try_init();
}

/// polars has a thread pool of its own (aggregates, Parquet encoding), sized
/// by `POLARS_MAX_THREADS` when it first starts; a run asked to use N
/// threads keeps it to N as well. An explicit `POLARS_MAX_THREADS` wins.
fn limit_polars_threads(threads: usize) {
    if threads > 0 && std::env::var_os("POLARS_MAX_THREADS").is_none() {
        // SAFETY: called on the main thread before polars or any other
        // thread starts, so nothing reads the environment concurrently.
        unsafe { std::env::set_var("POLARS_MAX_THREADS", threads.to_string()) };
    }
}

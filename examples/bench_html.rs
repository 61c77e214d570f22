//! Times the web readers alone, on one core: `bench_html PAGES_DIR` reads
//! every `.html` file and extracts its article and metadata;
//! `bench_html --warc FILE.warc.gz` reads every record of an archive (no
//! page parsing). Prints MB of input per second, best of three.

use std::path::PathBuf;
use std::time::Instant;

use newsmill::ingest::{InputItem, InputStream, html};

fn best_of_three(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::MAX;
    let mut n = 0;
    for _ in 0..3 {
        let t = Instant::now();
        n = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, n)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, file] = args.as_slice()
        && flag == "--warc"
    {
        let bytes = std::fs::metadata(file)?.len() as f64;
        let (secs, pages) = best_of_three(|| {
            InputStream::new(vec![PathBuf::from(file)], Vec::new(), 64 << 20)
                .filter(|i| matches!(i, InputItem::WarcPage { .. }))
                .count()
        });
        println!(
            "{pages} pages, {:.1} MB gzipped WARC, best of 3: {secs:.3} s = {:.0} MB/s (1 core)",
            bytes / 1e6,
            bytes / 1e6 / secs
        );
        return Ok(());
    }
    let dir = args
        .first()
        .ok_or_else(|| anyhow::anyhow!("usage: bench_html PAGES_DIR | --warc FILE"))?;
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "html") {
            pages.push(std::fs::read(&path)?);
        }
    }
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let (secs, chars) = best_of_three(|| {
        pages
            .iter()
            .map(|p| html::read_page(p, None, None, None).text.len())
            .sum()
    });
    println!(
        "{} pages, {:.1} MB of HTML, {chars} bytes of text, best of 3: {secs:.3} s = {:.1} MB/s (1 core)",
        pages.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}

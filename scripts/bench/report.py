#!/usr/bin/env python3
"""Figures for scripts/bench/run.sh: parse `/usr/bin/time -v` and newsmill's manifest.json.

  report.py run ...    print one run's report and append its line to results.jsonl
  report.py table ...  summarize results.jsonl lines (one invocation, or all since a date):
                       speed-up per thread count, seconds per MB and RSS per size

Python 3 stdlib only.
"""

import argparse
import json
import sys

MB = 1_000_000  # as newsmill reports sizes


def parse_time_v(path):
    """Wall seconds, peak RSS (MB), CPU seconds and exit status from `time -v` output."""
    out = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            if key.startswith("Elapsed (wall clock) time"):
                secs = 0.0
                for part in value.split(":"):  # h:mm:ss or m:ss.cc
                    secs = secs * 60 + float(part)
                out["seconds"] = secs
            elif key == "Maximum resident set size (kbytes)":
                out["peak_rss_mb"] = int(value) * 1024 / MB
            elif key in ("User time (seconds)", "System time (seconds)"):
                out["cpu_seconds"] = out.get("cpu_seconds", 0.0) + float(value)
            elif key == "Exit status":
                out["exit"] = int(value)
    if "seconds" not in out:
        sys.exit(f"report.py: no timing in {path}; did the command run under /usr/bin/time -v?")
    return out


def rg_matches(path):
    """Total of `rg --count-matches` output, one `file:count` (or `count`) per line."""
    total = 0
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                total += int(line.rpartition(":")[2])
    return total


def run(a):
    with open(a.manifest) as f:
        manifest = json.load(f)
    nm = parse_time_v(a.time)
    rg = parse_time_v(a.rg_time)
    # Precise wall clock from the caller, when given, over time -v's centiseconds.
    if a.wall:
        nm["seconds"] = a.wall[1] - a.wall[0]
    if a.rg_wall:
        rg["seconds"] = a.rg_wall[1] - a.rg_wall[0]
    input_mb = manifest["input_bytes"] / MB
    rows = {name: t["rows"] for name, t in sorted(manifest["tables"].items())}
    docs = rows.get("documents", 0) + rows.get("rejects", 0)
    stages = {k: round(v, 3) for k, v in manifest.get("stage_seconds", {}).items()}
    mb_s = input_mb / nm["seconds"] if nm["seconds"] else None
    rg_mb_s = input_mb / rg["seconds"] if rg["seconds"] else None
    rec = {
        "date": a.date,
        "invocation": a.invocation,
        "commit": a.commit,
        "binary": a.binary,
        "host": a.host,
        "cores": a.cores,
        "out_fs": a.out_fs,
        "discover": a.discover == "true",
        "size_mb": a.size,
        "input_mb": round(input_mb, 3),
        "files": manifest.get("input_files"),
        "documents": docs,
        "threads": a.threads,
        "seconds": round(nm["seconds"], 3),
        "run_seconds": round(manifest.get("seconds", 0.0), 3),
        "cpu_seconds": round(nm.get("cpu_seconds", 0.0), 3),
        "mb_s": round(mb_s, 3) if mb_s else None,
        "docs_s": round(docs / nm["seconds"], 1) if nm["seconds"] else None,
        "peak_rss_mb": round(nm["peak_rss_mb"], 1),
        "stage_seconds": stages,
        "rows": rows,
        "warnings": manifest.get("warning_count"),
        "rg_seconds": round(rg["seconds"], 3),
        "rg_mb_s": round(rg_mb_s, 3) if rg_mb_s else None,
        "rg_peak_rss_mb": round(rg["peak_rss_mb"], 1),
        "rg_matches": rg_matches(a.rg_out),
        "ratio": round(mb_s / rg_mb_s, 5) if mb_s and rg_mb_s else None,
    }
    with open(a.results, "a") as f:
        f.write(json.dumps(rec, sort_keys=False) + "\n")

    print(f"--- newsmill, {rec['input_mb']:.1f} MB ({docs} documents, {rec['files']} files), {a.threads} threads")
    print(f"  wall            {rec['seconds']:9.2f} s   (run itself {rec['run_seconds']:.2f} s, CPU {rec['cpu_seconds']:.2f} s = "
          f"{rec['cpu_seconds'] / rec['seconds']:.1f} cores busy)")
    print(f"  throughput      {rec['mb_s']:9.2f} MB/s   {rec['docs_s']:.0f} documents/s")
    print(f"  peak RSS        {rec['peak_rss_mb']:9.1f} MB")
    # Stages overlap (process, merge and write run concurrently on successive
    # batches), so their shares of the wall time can add up to more than 100%.
    print("  stages          " + "  ".join(
        f"{k} {v:.2f} s ({100 * v / rec['seconds']:.0f}%)"
        for k, v in sorted(stages.items(), key=lambda kv: -kv[1])
    ))
    print("  rows            " + "  ".join(f"{k} {v}" for k, v in rows.items()))
    if rec["warnings"]:
        print(f"  warnings        {rec['warnings']} (see manifest.json)")
    print(f"--- rg -F -f names.txt ({rec['rg_matches']} matches), -j {a.threads}")
    print(f"  wall            {rec['rg_seconds']:9.2f} s   {rec['rg_mb_s']:.1f} MB/s, peak RSS {rec['rg_peak_rss_mb']:.1f} MB")
    print(f"  newsmill / rg   {rec['ratio']:9.4f}  (rg is {1 / rec['ratio']:.0f}x faster)" if rec["ratio"] else "")
    print()


def table(a):
    with open(a.results) as f:
        recs = [
            r for r in map(json.loads, f)
            if (a.invocation is None or r.get("invocation") == a.invocation)
            and (a.since is None or r.get("date", "") >= a.since)
        ]
    if not recs:
        return
    commits = sorted({r["commit"] for r in recs})
    print(f"Summary ({', '.join(commits)}; from {recs[0]['date']}; {recs[0]['cores']} cores)")
    print(f"{'MB':>8} {'thr':>3} {'seconds':>8} {'MB/s':>7} {'docs/s':>8} {'RSS MB':>7} "
          f"{'slowest stage':>18} {'rg MB/s':>8} {'ratio':>7}")
    for r in recs:
        stage = max(r["stage_seconds"].items(), key=lambda kv: kv[1], default=("-", 0))
        # Lines written before the field existed were runs with discovery.
        note = "" if r.get("discover", True) else "  (no discovery)"
        print(f"{r['input_mb']:8.1f} {r['threads']:3d} {r['seconds']:8.2f} {r['mb_s']:7.2f} "
              f"{r['docs_s']:8.0f} {r['peak_rss_mb']:7.1f} {stage[0] + f' {stage[1]:.2f}s':>18} "
              f"{r['rg_mb_s']:8.1f} {r['ratio']:7.4f}{note}")
    # Same size, more threads: speed-up over the fewest threads.
    by_size = {}
    for r in recs:
        by_size.setdefault((r["size_mb"], r.get("discover", True)), []).append(r)
    for (size, discover), rs in by_size.items():
        base = min(rs, key=lambda r: r["threads"])
        for r in rs:
            if r is not base:
                print(f"  {size} MB{'' if discover else ' (no discovery)'}: {r['threads']} threads vs {base['threads']}: "
                      f"{base['seconds'] / r['seconds']:.2f}x speed-up")
    # Same threads, bigger corpus: seconds per MB should stay flat if scaling is linear.
    by_threads = {}
    for r in recs:
        by_threads.setdefault((r["threads"], r.get("discover", True)), []).append(r)
    for (threads, discover), rs in by_threads.items():
        if len(rs) > 1:
            rs = sorted(rs, key=lambda r: r["input_mb"])
            print(f"  {threads} threads{'' if discover else ' (no discovery)'}: " + ", ".join(
                f"{r['input_mb']:.0f} MB {r['seconds'] / r['input_mb']:.3f} s/MB, {r['peak_rss_mb']:.0f} MB RSS"
                for r in rs
            ))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--time", required=True, help="time -v output of newsmill")
    r.add_argument("--manifest", required=True)
    r.add_argument("--wall", type=float, nargs=2, metavar=("START", "END"), help="newsmill's wall clock")
    r.add_argument("--rg-time", required=True, help="time -v output of rg")
    r.add_argument("--rg-wall", type=float, nargs=2, metavar=("START", "END"), help="rg's wall clock")
    r.add_argument("--rg-out", required=True, help="rg --count-matches output")
    r.add_argument("--size", type=int, required=True)
    r.add_argument("--threads", type=int, required=True)
    r.add_argument("--results", required=True)
    r.add_argument("--date", required=True)
    r.add_argument("--invocation", required=True)
    r.add_argument("--commit", required=True)
    r.add_argument("--binary", default="", help="the binary's build time")
    r.add_argument("--host", default="")
    r.add_argument("--cores", type=int, default=0)
    r.add_argument("--out-fs", default="", help="file system type the tables were written to")
    r.add_argument("--discover", choices=["true", "false"], default="true",
                   help="whether the run discovered unknown names ([actors] discover)")
    t = sub.add_parser("table")
    t.add_argument("--results", required=True)
    t.add_argument("--invocation", help="only this run.sh invocation's lines")
    t.add_argument("--since", help="only lines dated on or after this (e.g. 2025-01-31 or 2025-01-31T12:00)")
    a = p.parse_args()
    {"run": run, "table": table}[a.cmd](a)


if __name__ == "__main__":
    main()

"""Run newsmill on Apache Spark, with the same tables as a single-machine run.

Map, on the executors: each task runs the newsmill binary (shipped with the
job) on one shard, a run of consecutive input files in input order, with
`newsmill run --shard N`. It writes the shard's per-document tables, keyed by
shard and ordinal, and what the cross-document steps need: content hashes,
sentence keys and unknown names (`shard_*` tables).

Reduce, in Spark SQL: doc-id suffixes of exact repeats, repeated sentences,
near duplicates, the aggregate tables and the candidates, over all shards,
written with the same columns as a single run, then the run manifest.

    spark-submit spark/newsmill_spark.py --binary target/release/newsmill \\
        --pipeline pipelines/news.toml --input /data/news --staging /shared/tmp \\
        --out /shared/news-tables

See the README ("Running on Spark") for clusters, storage and costs.
"""

import argparse
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
import tomllib
import uuid

from pyspark import SparkFiles
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

# Tables in the order a single run documents them; per-document tables are
# datasets (a directory of parts), the others one file each.
DATASETS = ["documents", "sentences", "mentions", "name_mentions", "dates", "rejects"]
AGGREGATES = ["actor_day", "actor_event_day", "actor_pair_day", "candidates", "actors"]


class JobFailed(RuntimeError):
    """The job stopped; `--out` holds what it held before."""


class ShardFailed(RuntimeError):
    """A shard's newsmill run failed: its task fails, and Spark retries it."""


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--binary", required=True, help="the newsmill binary (Linux, as the executors run)")
    p.add_argument("--pipeline", required=True, help="pipeline file; its directory is shipped with the job")
    p.add_argument("--input", action="append", required=True,
                   help="input files, directories or globs, as `newsmill run --input` (repeatable)")
    p.add_argument("--manifest", help="manifest CSV for text files, instead of the pipeline's")
    p.add_argument("--no-manifest", action="store_true", help="ignore the pipeline's manifest")
    p.add_argument("--out", required=True, help="output directory (replaced only when the job succeeds)")
    p.add_argument("--staging", required=True,
                   help="directory every executor and the driver reach, for the shards' tables")
    p.add_argument("--shards", type=int, default=0,
                   help="number of shards (default: 4 per core Spark has, at most one per file)")
    p.add_argument("--task-threads", type=int, default=1,
                   help="threads newsmill uses in each task (match spark.task.cpus)")
    p.add_argument("--master", help="Spark master when run with python rather than spark-submit "
                   "(local[4], spark://host:7077)")
    p.add_argument("--no-ship", action="store_true",
                   help="run the binary and pipeline where they are (a path every executor has) "
                        "instead of shipping them with SparkContext.addFile")
    return p.parse_args(argv)


def expand_inputs(binary, patterns):
    """The input files in the order a single run reads them, as newsmill
    itself expands the patterns (directories, globs, links read once)."""
    cmd = [binary, "run", "--list-inputs", "--quiet"]
    for pattern in patterns:
        cmd += ["--input", pattern]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise JobFailed(f"cannot list the inputs: {done.stderr.strip()}")
    return done.stdout.splitlines()


def plan_shards(files, count):
    """Consecutive runs of files with about equal bytes, in input order."""
    count = max(1, min(count, len(files)))
    sizes = [os.path.getsize(f) for f in files]
    target = sum(sizes) / count
    shards, current, filled = [], [], 0
    for i, (f, size) in enumerate(zip(files, sizes)):
        current.append(f)
        filled += size
        left_files, left_shards = len(files) - i - 1, count - len(shards) - 1
        if left_shards > 0 and (filled >= target * (len(shards) + 1) or left_files == left_shards):
            shards.append(current)
            current = []
    if current:
        shards.append(current)
    return list(enumerate(shards))


def pipeline_manifest(pipeline):
    """The pipeline's manifest CSV, resolved as newsmill resolves it: the
    shipped pipeline directory does not hold it."""
    with open(pipeline, "rb") as f:
        manifest = tomllib.load(f).get("input", {}).get("manifest")
    return manifest and os.path.join(os.path.dirname(pipeline), manifest)


def merge_settings(binary, pipeline):
    """The pipeline's settings, with newsmill's defaults, and the rules the
    reduce applies (sign-offs, brands, the order of candidate types), as
    the binary itself states them: `newsmill run --merge-settings`."""
    done = subprocess.run([binary, "run", pipeline, "--merge-settings", "--quiet"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise JobFailed(f"cannot read the pipeline's settings: {done.stderr.strip()}")
    return json.loads(done.stdout)


def die_with_parent():
    """In the newsmill process: dies when the task's Python worker does
    (Spark kills workers of cancelled tasks), rather than writing on."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the process may outlive a cancelled task


def settle(sc, staging, seconds=60):
    """After a failure: stops the job's other tasks from starting a shard,
    cancels them, and removes the staging directory once nothing has
    written to it for a while (a shard run already going may still
    create its directory)."""
    open(f"{staging}.cancelled", "w").close()
    sc.cancelAllJobs()
    deadline, quiet = time.time() + seconds, 0
    while quiet < 5 and time.time() < deadline:
        time.sleep(0.3)
        quiet = quiet + 1 if not os.path.exists(staging) else 0
        shutil.rmtree(staging, ignore_errors=True)
    os.remove(f"{staging}.cancelled")


def map_shards(binary, pipeline, staging, flags, threads, ship):
    """The task: runs newsmill on each shard of the partition. A shard's
    output counts only once its run exited 0 and committed it; any other
    exit fails the task (Spark retries it), and no row of it is used."""

    def run_shards(shards):
        from pyspark import TaskContext

        attempt = TaskContext.get().attemptNumber()
        exe, pipe = binary, pipeline
        if ship:
            exe = SparkFiles.get(os.path.basename(binary))
            os.chmod(exe, os.stat(exe).st_mode | stat.S_IXUSR)
            pipe = os.path.join(SparkFiles.get(os.path.basename(os.path.dirname(pipeline))),
                                os.path.basename(pipeline))
        for number, files in shards:
            if os.path.exists(f"{staging}.cancelled") or not os.path.isdir(staging):
                raise ShardFailed(f"shard {number}: the job was cancelled")
            # Each attempt its own directory: a retried or speculative
            # attempt never touches the files another one wrote.
            out = os.path.join(staging, f"shard-{number:06d}-{attempt}")
            cmd = [exe, "run", pipe, "--out", out, "--shard", str(number),
                   "--threads", str(threads), "--quiet", *flags]
            for f in files:
                cmd += ["--input", f]
            started = time.time()
            done = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=die_with_parent)
            if done.returncode != 0:
                raise ShardFailed(f"newsmill exited {done.returncode} on shard {number} "
                                  f"({len(files)} files from {files[0]}): {done.stderr[-4000:]}")
            with open(os.path.join(out, "manifest.json")) as f:
                manifest = json.load(f)
            yield json.dumps({"shard": number, "dir": os.path.realpath(out),
                              "seconds": time.time() - started, "manifest": manifest})

    return run_shards


def read(spark, dirs, table):
    return spark.read.parquet(*[os.path.join(d, table) for d in dirs])


def document_ids(docs):
    """doc_id per doc_key: the content hash, and `-N` for the N-th exact repeat."""
    order = Window.partitionBy("content_hash").orderBy("ord")
    return (docs
            .withColumn("n", F.row_number().over(order))
            .withColumn("exact_of", F.first("ord").over(order))
            .withColumn("doc_id", F.when(F.col("n") == 1, F.col("content_hash"))
                        .otherwise(F.concat_ws("-", "content_hash", F.col("n").cast("string")))))


# Documents up to which their keys go to every task (a broadcast join)
# rather than being joined by a shuffle of every per-document table: about
# 100 bytes a document in memory, and 4 more per repeated sentence.
BROADCAST_DOCUMENTS = 500_000


def broadcast_if_small(df, rows):
    return F.broadcast(df) if rows <= BROADCAST_DOCUMENTS else df


def repeats(sentences, docs, share):
    """Per document, the indexes of its sentences that an earlier document
    had, and the earlier document it mostly repeats (src/clean/dedup.rs,
    without its memory bound: exact over the whole corpus)."""
    s = sentences.join(docs, "doc_key")
    # A group-by, not a window: it aggregates before the shuffle, and the
    # join back splits a sentence found on millions of pages over many
    # tasks (adaptive skew joins), where a window puts them all in one.
    first = s.groupBy("sentence_key").agg(F.min("ord").alias("first"))
    s = s.join(first, "sentence_key")
    # Per document and source: the characters it gave (the document itself
    # is the source of its sentences seen first).
    sources = s.groupBy("doc_key", "ord", "first").agg(
        F.sum("chars").alias("chars"), F.collect_list("sentence").alias("sentences"))
    copied = F.col("first") < F.col("ord")
    per_doc = sources.groupBy("doc_key").agg(
        F.sum("chars").alias("total"),
        F.flatten(F.collect_list(F.when(copied, F.col("sentences")))).alias("repeated_sentences"),
        # Most characters, ties to the earliest source.
        F.max(F.when(copied, F.struct("chars", (-F.col("first")).alias("earliest")))).alias("best"))
    near = F.when((F.col("total") > 0) & (F.col("best.chars") >= F.lit(share) * F.col("total")),
                  -F.col("best.earliest"))
    return per_doc.select("doc_key", "repeated_sentences", near.alias("near_of"))


def rekeyed(spark, dirs, table, keys):
    """A shard table with its run-wide doc_id, duplicate_of and repeated."""
    df = read(spark, dirs, table)
    columns = df.columns
    df = df.withColumnRenamed("doc_id", "doc_key").drop("duplicate_of").join(keys, "doc_key")
    if "repeated" in columns:
        df = df.withColumn("repeated", F.coalesce(
            F.array_contains("repeated_sentences", F.col("sentence")), F.lit(False)))
    return df.select(*columns, "ord")


# Row order within a document, after the documents' input order (the
# tables' `order` in src/output/schema.rs).
ORDER = {"documents": [], "sentences": ["sentence"], "mentions": ["start_char", "end_char"],
         "name_mentions": ["start_char", "end_char"], "dates": ["start_char", "end_char"]}


def write_documents(spark, dirs, settings, staged):
    """The per-document tables, each a dataset of parts under `staged`;
    returns the documents' keys (doc_key, ord, doc_id, ...), persisted."""
    docs = (read(spark, dirs, "shard_documents")
            .withColumn("ord", F.col("shard") * F.lit(1 << 32) + F.col("ordinal"))
            .join(read(spark, dirs, "documents")
                  .select(F.col("doc_id").alias("doc_key"), F.col("published").alias("doc_day")),
                  "doc_key")
            .persist())
    count = docs.count()
    ids = document_ids(docs)
    flags = repeats(read(spark, dirs, "shard_sentences"),
                    broadcast_if_small(docs.select("doc_key", "ord"), count),
                    settings["near_duplicate_share"])
    by_ord = ids.select(F.col("ord").alias("dup_ord"), F.col("doc_id").alias("duplicate_of"))
    keys = (ids.join(flags, "doc_key", "left")
            .withColumn("dup_ord", F.when(F.col("n") > 1, F.col("exact_of"))
                        .otherwise(F.col("near_of")))
            .join(by_ord, "dup_ord", "left")
            .select("doc_key", "ord", "doc_id", "doc_day", "duplicate_of", "repeated_sentences")
            .persist())
    keys.count()
    docs.unpersist()
    for table, within in ORDER.items():
        # A global sort: part files, read in name order, give input order.
        (rekeyed(spark, dirs, table, broadcast_if_small(keys, count))
         .orderBy("ord", *within).drop("ord")
         .write.parquet(os.path.join(staged, table)))
    # Rejects have no document key: their shard's file, then their row.
    rejects = read(spark, dirs, "rejects")
    (rejects.withColumn("file", F.input_file_name())
     .withColumn("row", F.monotonically_increasing_id())
     .orderBy("file", "row").select(*rejects.columns)
     .write.parquet(os.path.join(staged, "rejects")))
    return keys, count


def reduce_aggregates(spark, dirs, settings, staged, keys, count):
    """The per-run tables, from the per-document tables written to `staged`."""
    mentions = spark.read.parquet(os.path.join(staged, "mentions"))
    published = broadcast_if_small(keys.select("doc_id", "doc_day",
                                  F.col("duplicate_of").isNotNull().alias("duplicate")), count)
    counted = mentions
    if not settings["count_demonyms"]:
        counted = counted.where(F.col("method") != "demonym")
    counted = counted.join(published, "doc_id").withColumn(
        "unique", (~F.col("duplicate") & ~F.col("repeated")).cast("long"))
    tables = aggregates(counted)
    tables["candidates"] = candidates(read(spark, dirs, "shard_names"), keys, count, settings)
    return tables


def aggregates(counted):
    actor = ["actor_id", "actor_name", "actor_type"]
    counts = [F.count(F.lit(1)).alias("mentions"), F.sum("unique").alias("unique_mentions"),
              F.countDistinct("doc_id").alias("documents")]
    actor_day = counted.groupBy(*actor, F.col("doc_day").alias("day")).agg(*counts)
    event_day = counted.groupBy(*actor, "day").agg(
        *counts,
        F.sum(F.coalesce(F.col("day_source") == "sentence", F.lit(False)).cast("long"))
        .alias("from_sentence"))
    present = counted.select("doc_id", "sentence", "doc_day", "actor_id", "actor_name").distinct()
    a, b = present.alias("a"), present.alias("b")
    pairs = (a.join(b, (F.col("a.doc_id") == F.col("b.doc_id"))
                    & (F.col("a.sentence") == F.col("b.sentence"))
                    & (F.col("a.actor_id") < F.col("b.actor_id")))
             .select(F.col("a.actor_id").alias("actor_a"), F.col("a.actor_name").alias("actor_a_name"),
                     F.col("b.actor_id").alias("actor_b"), F.col("b.actor_name").alias("actor_b_name"),
                     F.col("a.doc_day").alias("day"), F.col("a.doc_id").alias("doc_id")))
    pair_day = pairs.groupBy("actor_a", "actor_a_name", "actor_b", "actor_b_name", "day").agg(
        F.count(F.lit(1)).alias("sentences"), F.countDistinct("doc_id").alias("documents"))
    order = [F.col("day").asc_nulls_last()]
    return {
        "actor_day": actor_day.orderBy(*order, "actor_id"),
        "actor_event_day": event_day.orderBy(*order, "actor_id"),
        "actor_pair_day": pair_day.orderBy(*order, "actor_a", "actor_b"),
    }


def candidates(names, keys, documents, settings):
    """The `candidates` table, as src/aggregate/candidates.rs sums it;
    `documents` is how many the run has; the rules are the binary's
    (`merge_settings`)."""
    labels = settings["types"]
    n = names.join(broadcast_if_small(keys.select("doc_key", "ord", "doc_id", "doc_day"), documents),
                   "doc_key")
    # Per name and document first, then per name: a count of documents
    # without the cost of a distinct count.
    example = F.when(F.col("example").isNotNull(),
                     F.struct(F.struct("ord", "mention").alias("at"), "doc_id", "example"))
    per_doc = n.groupBy("name", "doc_key").agg(
        *[F.sum((F.col("type") == label).cast("long")).alias(label) for label in labels],
        F.sum(F.col("ending").cast("long")).alias("endings"),
        F.sum(F.col("possessive").cast("long")).alias("possessives"),
        F.first("doc_day").alias("doc_day"), F.first("title").alias("title"),
        F.max("generic").alias("generic"), F.min(example).alias("first"))
    per_name = per_doc.groupBy("name").agg(
        *[F.sum(label).alias(label) for label in labels],
        F.count(F.lit(1)).alias("documents"), F.sum("endings").alias("endings"),
        F.sum("possessives").alias("possessives"),
        F.min("doc_day").alias("first_day"), F.max("doc_day").alias("last_day"),
        F.first("title").alias("title"), F.max("generic").alias("generic"),
        F.min("first").alias("first"))
    # A name in capitals counts for its title case when that was seen too.
    titles = per_name.select(F.col("name").alias("title"))
    per_name = (per_name.join(titles.withColumn("has_title", F.lit(True)), "title", "left")
                .withColumn("into", F.when(F.col("has_title") & (F.col("title") != F.col("name")),
                                           F.col("title")).otherwise(F.col("name"))))
    generic = per_name.select(F.col("name").alias("into"), F.col("generic").alias("into_generic"))
    merged = per_name.groupBy("into").agg(
        *[F.sum(label).alias(label) for label in labels],
        F.sum("documents").alias("documents"), F.sum("endings").alias("endings"),
        F.sum("possessives").alias("possessives"),
        F.min("first_day").alias("first_day"), F.max("last_day").alias("last_day"),
        F.min("first").alias("first"),
    ).join(generic, "into")
    total = sum(F.col(label) for label in labels)
    # The most frequent label; ties go to the earlier one in `labels`.
    most = F.greatest(*[F.col(label) for label in labels])
    best = F.lit(labels[-1])
    for label in reversed(labels[:-1]):
        best = F.when(F.col(label) == most, F.lit(label)).otherwise(best)
    merged = merged.withColumn("mentions", total).withColumn("type", best)
    sign_off = ((F.col("endings") >= F.lit(settings["sign_off_share"] * documents))
                & (2 * F.col("endings") >= F.col("mentions")))
    generic_noun = (~F.col("into").contains(" ")) & (F.col("type") != "person") & F.col("into_generic")
    # A one-word name nearly always followed by 's is a brand whose name holds it.
    brand = ((F.col("mentions") >= F.lit(settings["brand_mentions"]))
             & (F.col("possessives") >= F.lit(settings["brand_share"]) * F.col("mentions"))
             & ~F.col("into").contains(" ") & ~F.col("into").endswith("'s"))
    merged = (merged.where(~sign_off & ~generic_noun)
              .withColumn("type", F.when(brand, F.lit("organization")).otherwise(F.col("type")))
              .withColumn("into", F.when(brand, F.concat("into", F.lit("'s"))).otherwise(F.col("into"))))
    return (merged
            .select(F.col("into").alias("name"), "type", "mentions", "documents", "first_day",
                    "last_day", F.col("first.doc_id").alias("example_doc_id"),
                    F.col("first.example").alias("example"))
            .orderBy(F.desc("mentions"), "name"))


def hadoop_fs(spark, path):
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    return p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), p, jvm


def write_aggregates(spark, tables, staged):
    """Writes each per-run table under `staged` as one Parquet file, as a
    single run lays them out."""
    for name in tables:
        tmp = os.path.join(staged, f".{name}.parts")
        tables[name].coalesce(1).write.parquet(tmp)
        fs, _, jvm = hadoop_fs(spark, tmp)
        parts = [s.getPath() for s in fs.listStatus(jvm.org.apache.hadoop.fs.Path(tmp))
                 if s.getPath().getName().endswith(".parquet")]
        fs.rename(parts[0], jvm.org.apache.hadoop.fs.Path(os.path.join(staged, f"{name}.parquet")))
        fs.delete(jvm.org.apache.hadoop.fs.Path(tmp), True)


def job_id(shards):
    """The job's run id: a hash of its shards' run ids, in order. Each of
    those hashes the version, pipeline, dictionaries and the shard's input
    files, so two jobs share it when they read the same inputs with the
    same settings and shards."""
    joined = "\n".join(s["manifest"]["run_id"] for s in shards)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def manifest(shards, tables_rows, staged, settings, seconds, spark, duplicates):
    """manifest.json as a single run writes it, from the shards' manifests;
    `duplicates` counts the documents the reduce found to repeat another."""
    first = shards[0]["manifest"]
    fs, _, jvm = hadoop_fs(spark, staged)
    tables = {}
    for name, rows in tables_rows.items():
        if name in DATASETS:
            listing = fs.listStatus(jvm.org.apache.hadoop.fs.Path(os.path.join(staged, name)))
            files = sorted(f"{name}/{s.getPath().getName()}" for s in listing
                           if s.getPath().getName().endswith(".parquet"))
        else:
            files = [f"{name}.parquet"]
        tables[name] = {"rows": rows, "files": files, "columns": first["tables"][name]["columns"]}
    def sums(key):
        return sum(s["manifest"][key] for s in shards)

    def by_kind(key):
        counts = {}
        for s in shards:
            for kind, n in (s["manifest"].get(key) or {}).items():
                counts[kind] = counts.get(kind, 0) + n
        return dict(sorted(counts.items()))

    skipped = by_kind("skipped_records")
    return {
        "tool": "newsmill", "version": first["version"], "engine": "spark",
        "pipeline": first["pipeline"], "pipeline_name": first["pipeline_name"],
        "run_id": job_id(shards), "pipeline_hash": first["pipeline_hash"],
        "dictionary_hash": first["dictionary_hash"],
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "threads": spark.sparkContext.defaultParallelism, "shards": len(shards),
        "input_files": sums("input_files"), "input_bytes": sums("input_bytes"),
        "inputs": [i for s in shards for i in s["manifest"]["inputs"]],
        "csv": "none", "tables": tables, "stage_seconds": seconds,
        "seconds": sum(seconds.values()), "reused_documents": 0, "appended": False,
        "read_files": sums("read_files"), "read_documents": tables_rows["documents"],
        "undated_documents": sums("undated_documents"),
        "inferred_documents": sums("inferred_documents"), "duplicate_documents": duplicates,
        "rejects_by_reason": by_kind("rejects_by_reason"), "skipped_records": skipped,
        "warning_count": len(set(w for s in shards for w in s["manifest"]["warnings"])),
        # Warnings about the manifest CSV come from every shard: once each.
        "warnings": list(dict.fromkeys(w for s in shards for w in s["manifest"]["warnings"])),
        "settings": settings,
    }


def commit(staged, out):
    """Puts the finished output in place of the previous one, which stays
    whole at `out` until then and comes back if the swap fails."""
    old = None
    if os.path.lexists(out):
        old = f"{out}.old-{uuid.uuid4().hex[:8]}"
        os.rename(out, old)
    try:
        os.rename(staged, out)
    except OSError:
        if old:
            os.rename(old, out)
        raise
    if old and os.path.islink(old):
        os.unlink(old)  # a single run's link to its generation
    elif old:
        shutil.rmtree(old, ignore_errors=True)


def draw_report(binary, staged):
    """report.html, drawn by the binary from the finished tables as a single
    run draws it. A report that cannot be drawn does not fail the job."""
    done = subprocess.run([binary, "report", staged], capture_output=True, text=True)
    if done.returncode != 0:
        print(f"newsmill-spark: no report: {done.stderr.strip()}", file=sys.stderr)


def write_views(staged, tables):
    """views.sql as a single run writes it, over this output's files."""
    lines = ["-- Written by newsmill (Spark job): one view per table, over exactly the files",
             "-- this job committed. Open every table with `duckdb -init views.sql` from",
             "-- this directory (paths are relative to it)."]
    for name in sorted(tables):
        files = ", ".join(f"'{f}'" for f in tables[name]["files"] if f.endswith(".parquet"))
        lines.append(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet([{files}]);")
    with open(os.path.join(staged, "views.sql"), "w") as f:
        f.write("\n".join(lines) + "\n")


def run(spark, argv):
    """Runs the job; returns the manifest written. Raises when it fails, and
    then leaves `--out` as it was."""
    args = parse_args(argv)
    sc = spark.sparkContext
    # Absolute, for executors whose working directory is not the driver's:
    # the `input` column holds them so.
    binary = os.path.abspath(args.binary)
    files = [os.path.abspath(f) for f in expand_inputs(binary, args.input)]
    if not files:
        raise JobFailed("no input files")
    # Spark's default of 200 shuffle partitions is for gigabytes; about
    # 64 MB of input each, and two per core at least, unless set.
    if spark.conf.get("spark.sql.shuffle.partitions") == "200":
        input_bytes = sum(os.path.getsize(f) for f in files)
        spark.conf.set("spark.sql.shuffle.partitions",
                       str(max(2 * sc.defaultParallelism, input_bytes >> 26)))
    shards = plan_shards(files, args.shards or 4 * sc.defaultParallelism)
    pipeline = os.path.abspath(args.pipeline)
    # The tasks' code lives here: the executors import it from the job.
    sc.addPyFile(os.path.abspath(__file__))
    if not args.no_ship:
        sc.addFile(binary)
        sc.addFile(os.path.dirname(pipeline), recursive=True)
    manifest_csv = args.manifest or pipeline_manifest(pipeline)
    if args.no_manifest or not manifest_csv:
        flags = ["--no-manifest"]
    else:
        flags = ["--manifest", os.path.abspath(manifest_csv)]
    job = uuid.uuid4().hex[:12]
    staging = os.path.join(os.path.abspath(args.staging), f"newsmill-{job}")
    out = os.path.abspath(args.out)
    staged = os.path.join(os.path.dirname(out), f".{os.path.basename(out)}.{job}.tmp")
    os.makedirs(staging)
    try:
        t = time.time()
        done = (sc.parallelize(shards, len(shards))
                .mapPartitions(map_shards(binary, pipeline, staging, flags, args.task_threads,
                                          not args.no_ship))
                .collect())
        results = sorted((json.loads(line) for line in done), key=lambda r: r["shard"])
        seconds = {"map": time.time() - t}
        settings = merge_settings(binary, pipeline)
        read_none = not any(r["manifest"]["tables"]["documents"]["rows"] for r in results)
        if read_none and not settings["allow_empty"]:
            # As a single run: no empty tables over a previous output.
            raise JobFailed(f"the job read no document; {out} is kept as it was")
        dirs = [r["dir"] for r in results]
        t = time.time()
        keys, count = write_documents(spark, dirs, settings, staged)
        seconds["reduce_documents"] = time.time() - t
        t = time.time()
        write_aggregates(spark, reduce_aggregates(spark, dirs, settings, staged, keys, count),
                         staged)
        duplicates = keys.filter(F.col("duplicate_of").isNotNull()).count()
        keys.unpersist()
        shutil.copy(os.path.join(dirs[0], "actors.parquet"), os.path.join(staged, "actors.parquet"))
        rows = {name: spark.read.parquet(os.path.join(staged, name if name in DATASETS
                                                      else f"{name}.parquet")).count()
                for name in DATASETS + AGGREGATES}
        seconds["reduce_aggregates"] = time.time() - t
        m = manifest(results, rows, staged, settings, seconds, spark, duplicates)
        write_views(staged, m["tables"])
        with open(os.path.join(staged, "manifest.json"), "w") as f:
            json.dump(m, f, indent=2)
        if settings["report"]:
            draw_report(binary, staged)
        commit(staged, out)
        return m
    except BaseException:
        settle(sc, staging)
        raise
    finally:
        shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    builder = SparkSession.builder
    master = parse_args(argv).master
    if master:
        builder = builder.master(master)
    spark = (builder.appName("newsmill")
             .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
             .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    try:
        m = run(spark, argv)
        docs, rejects = m["tables"]["documents"]["rows"], m["tables"]["rejects"]["rows"]
        print(f"newsmill-spark: {docs} documents, {rejects} rejected, from {m['input_files']} files "
              f"in {m['shards']} shards; " + ", ".join(f"{stage} {t:.1f} s" for stage, t in m["stage_seconds"].items()), file=sys.stderr)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()

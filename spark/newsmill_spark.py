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
import glob
import json
import os
import shutil
import stat
import subprocess
import sys
import time
import tomllib
import uuid
from pathlib import PurePath

from pyspark import SparkFiles
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

# Tables in the order a single run documents them; per-document tables are
# datasets (a directory of parts), the others one file each.
DATASETS = ["documents", "sentences", "mentions", "name_mentions", "dates", "rejects"]
AGGREGATES = ["actor_day", "actor_event_day", "actor_pair_day", "candidates", "actors"]
# Extensions a directory input is searched for, as `newsmill run` does.
EXTENSIONS = (".txt", ".jsonl", ".html", ".htm", ".warc")
# `candidates`: a name that ends this share of all documents, with half of
# its mentions there, is a sign-off (src/aggregate/candidates.rs).
SIGN_OFF_SHARE = 0.02
LABELS = ["person", "organization", "place", "misc"]


class ShardFailed(RuntimeError):
    pass


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
    p.add_argument("--no-ship", action="store_true",
                   help="run the binary and pipeline where they are (a path every executor has) "
                        "instead of shipping them with SparkContext.addFile")
    return p.parse_args(argv)


def path_key(path):
    """Order of `newsmill run`'s inputs: Rust sorts paths component by component."""
    return [part.encode() for part in PurePath(path).parts]


def expand_inputs(patterns):
    """The input files in the order a single run reads them."""
    files = []
    for pattern in patterns:
        if os.path.isdir(pattern):
            for root, _, names in os.walk(pattern):
                for name in names:
                    if name.removesuffix(".gz").endswith(EXTENSIONS):
                        files.append(os.path.join(root, name))
        elif os.path.isfile(pattern):
            files.append(pattern)
        else:
            matched = [f for f in glob.glob(pattern) if os.path.isfile(f)]
            if not matched:
                raise SystemExit(f"newsmill-spark: {pattern} matches no file")
            files.extend(matched)
    return sorted(set(files), key=path_key)


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


def pipeline_settings(pipeline):
    """The settings the reduce applies, with newsmill's defaults."""
    with open(pipeline, "rb") as f:
        doc = tomllib.load(f)
    clean, actors = doc.get("clean", {}), doc.get("actors", {})
    return {
        "near_duplicate_share": float(clean.get("near_duplicate_share", 0.8)),
        "count_demonyms": bool(actors.get("count_demonyms", False)),
    }


def map_shards(binary, pipeline, staging, flags, threads, ship):
    """The task: runs newsmill on each shard of the partition. A shard's
    output counts only once its run exited 0 and committed it; any other
    exit fails the task (Spark retries it), and no row of it is used."""

    def run(shards):
        exe, pipe = binary, pipeline
        if ship:
            exe = SparkFiles.get(os.path.basename(binary))
            os.chmod(exe, os.stat(exe).st_mode | stat.S_IXUSR)
            pipe = os.path.join(SparkFiles.get(os.path.basename(os.path.dirname(pipeline))),
                                os.path.basename(pipeline))
        for number, files in shards:
            out = os.path.join(staging, f"shard-{number:06d}")
            cmd = [exe, "run", pipe, "--out", out, "--shard", str(number),
                   "--threads", str(threads), "--quiet", "--wait", *flags]
            for f in files:
                cmd += ["--input", f]
            started = time.time()
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                raise ShardFailed(f"newsmill exited {done.returncode} on shard {number} "
                                  f"({len(files)} files from {files[0]}): {done.stderr[-4000:]}")
            with open(os.path.join(out, "manifest.json")) as f:
                manifest = json.load(f)
            yield json.dumps({"shard": number, "dir": out, "seconds": time.time() - started,
                              "manifest": manifest})

    return run


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


def repeats(sentences, docs, share):
    """Per sentence, whether an earlier document had it; per document, the
    earlier document it mostly repeats (src/clean/dedup.rs, without its
    memory bound: exact over the whole corpus)."""
    s = sentences.join(docs.select("doc_key", "ord"), "doc_key")
    first = s.groupBy("sentence_key").agg(F.min("ord").alias("first"))
    s = s.join(first, "sentence_key").withColumn("repeated", F.col("first") < F.col("ord"))
    total = s.groupBy("doc_key").agg(F.sum("chars").alias("total"))
    sources = (s.where("repeated").groupBy("doc_key", "first")
               .agg(F.sum("chars").alias("copied")))
    best = Window.partitionBy("doc_key").orderBy(F.desc("copied"), F.asc("first"))
    near = (sources.withColumn("rank", F.row_number().over(best)).where("rank = 1")
            .join(total, "doc_key")
            .where((F.col("total") > 0) & (F.col("copied") >= F.lit(share) * F.col("total")))
            .select("doc_key", F.col("first").alias("near_of")))
    return s.select("doc_key", "sentence", "repeated"), near


def reduce_tables(spark, dirs, settings):
    docs = read(spark, dirs, "shard_documents").withColumn(
        "ord", F.col("shard") * F.lit(1 << 32) + F.col("ordinal"))
    ids = document_ids(docs)
    flags, near = repeats(read(spark, dirs, "shard_sentences"), docs, settings["near_duplicate_share"])
    by_ord = ids.select(F.col("ord").alias("dup_ord"), F.col("doc_id").alias("duplicate_of"))
    keys = (ids.join(near, "doc_key", "left")
            .withColumn("dup_ord", F.when(F.col("n") > 1, F.col("exact_of")).otherwise(F.col("near_of")))
            .join(by_ord, "dup_ord", "left")
            .select("doc_key", "ord", "doc_id", "duplicate_of"))
    keys = keys.persist()

    tables = {}
    d_cols = read(spark, dirs, "documents").columns
    documents = (read(spark, dirs, "documents").drop("duplicate_of")
                 .withColumnRenamed("doc_id", "doc_key")
                 .join(keys, "doc_key"))
    tables["documents"] = documents.select(*d_cols)
    s_cols = read(spark, dirs, "sentences").columns
    tables["sentences"] = (read(spark, dirs, "sentences").drop("repeated")
                           .withColumnRenamed("doc_id", "doc_key")
                           .join(flags, ["doc_key", "sentence"]).join(keys, "doc_key")
                           .select(*s_cols))
    m_cols = read(spark, dirs, "mentions").columns
    mentions = (read(spark, dirs, "mentions").drop("repeated")
                .withColumnRenamed("doc_id", "doc_key")
                .join(flags, ["doc_key", "sentence"]).join(keys, "doc_key"))
    tables["mentions"] = mentions.select(*m_cols)
    for table in ["name_mentions", "dates"]:
        cols = read(spark, dirs, table).columns
        tables[table] = (read(spark, dirs, table).withColumnRenamed("doc_id", "doc_key")
                         .join(keys, "doc_key").select(*cols))
    tables["rejects"] = read(spark, dirs, "rejects")

    published = tables["documents"].select("doc_id", F.col("published").alias("doc_day"),
                                           F.col("duplicate_of").isNotNull().alias("duplicate"))
    counted = mentions.select("doc_id", "sentence", "actor_id", "actor_name", "actor_type",
                              "method", "repeated", "day", "day_source")
    if not settings["count_demonyms"]:
        counted = counted.where(F.col("method") != "demonym")
    counted = counted.join(published, "doc_id").withColumn(
        "unique", (~F.col("duplicate") & ~F.col("repeated")).cast("long"))
    tables.update(aggregates(counted))
    tables["candidates"] = candidates(
        read(spark, dirs, "shard_names"), keys, tables["documents"], settings)
    return tables, keys


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
    """The `candidates` table, as src/aggregate/candidates.rs sums it."""
    days = documents.select("doc_id", F.col("published").alias("doc_day"))
    n = (names.join(keys.select("doc_key", "ord", "doc_id"), "doc_key").join(days, "doc_id")
         .withColumn("at", F.struct("ord", "mention")))
    first_example = n.where(F.col("example").isNotNull()).groupBy("name").agg(
        F.min(F.struct("at", "doc_id", "example")).alias("first"))
    per_name = n.groupBy("name").agg(
        *[F.sum((F.col("type") == label).cast("long")).alias(label) for label in LABELS],
        F.countDistinct("doc_key").alias("documents"),
        F.sum(F.col("ending").cast("long")).alias("endings"),
        F.min("doc_day").alias("first_day"), F.max("doc_day").alias("last_day"),
        F.first("title").alias("title"), F.max("generic").alias("generic"),
    ).join(first_example, "name")
    # A name in capitals counts for its title case when that was seen too.
    titles = per_name.select(F.col("name").alias("title"))
    per_name = (per_name.join(titles.withColumn("has_title", F.lit(True)), "title", "left")
                .withColumn("into", F.when(F.col("has_title") & (F.col("title") != F.col("name")),
                                           F.col("title")).otherwise(F.col("name"))))
    generic = per_name.select(F.col("name").alias("into"), F.col("generic").alias("into_generic"))
    merged = per_name.groupBy("into").agg(
        *[F.sum(label).alias(label) for label in LABELS],
        F.sum("documents").alias("documents"), F.sum("endings").alias("endings"),
        F.min("first_day").alias("first_day"), F.max("last_day").alias("last_day"),
        F.min("first").alias("first"),
    ).join(generic, "into")
    total = sum(F.col(label) for label in LABELS)
    # The most frequent label; ties go to the earlier one in LABELS.
    most = F.greatest(*[F.col(label) for label in LABELS])
    best = F.lit(LABELS[-1])
    for label in reversed(LABELS[:-1]):
        best = F.when(F.col(label) == most, F.lit(label)).otherwise(best)
    all_documents = keys.count()
    merged = merged.withColumn("mentions", total).withColumn("type", best)
    sign_off = ((F.col("endings") >= F.lit(SIGN_OFF_SHARE * all_documents))
                & (2 * F.col("endings") >= F.col("mentions")))
    generic_noun = (~F.col("into").contains(" ")) & (F.col("type") != "person") & F.col("into_generic")
    return (merged.where(~sign_off & ~generic_noun)
            .select(F.col("into").alias("name"), "type", "mentions", "documents", "first_day",
                    "last_day", F.col("first.doc_id").alias("example_doc_id"),
                    F.col("first.example").alias("example"))
            .orderBy(F.desc("mentions"), "name"))


def hadoop_fs(spark, path):
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    return p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), p, jvm


def write_tables(spark, tables, staged):
    """Writes each table under `staged`: datasets as directories of parts,
    per-run tables as one Parquet file each, as a single run lays them out."""
    for name in DATASETS:
        tables[name].write.parquet(os.path.join(staged, name))
    for name in AGGREGATES:
        if name == "actors":
            continue
        tmp = os.path.join(staged, f".{name}.parts")
        tables[name].coalesce(1).write.parquet(tmp)
        fs, _, jvm = hadoop_fs(spark, tmp)
        parts = [s.getPath() for s in fs.listStatus(jvm.org.apache.hadoop.fs.Path(tmp))
                 if s.getPath().getName().endswith(".parquet")]
        fs.rename(parts[0], jvm.org.apache.hadoop.fs.Path(os.path.join(staged, f"{name}.parquet")))
        fs.delete(jvm.org.apache.hadoop.fs.Path(tmp), True)


def manifest(shards, tables_rows, staged, settings, seconds, spark):
    """manifest.json as a single run writes it, from the shards' manifests."""
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
    sums = lambda key: sum(s["manifest"][key] for s in shards)
    skipped = {}
    for s in shards:
        for kind, n in s["manifest"].get("skipped_records", {}).items():
            skipped[kind] = skipped.get(kind, 0) + n
    return {
        "tool": "newsmill", "version": first["version"], "engine": "spark",
        "pipeline": first["pipeline"], "pipeline_name": first["pipeline_name"],
        "run_id": uuid.uuid4().hex[:16], "pipeline_hash": first["pipeline_hash"],
        "dictionary_hash": first["dictionary_hash"],
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "shards": len(shards),
        "input_files": sums("input_files"), "input_bytes": sums("input_bytes"),
        "inputs": [i for s in shards for i in s["manifest"]["inputs"]],
        "csv": "none", "tables": tables, "stage_seconds": seconds,
        "seconds": sum(seconds.values()), "reused_documents": 0, "appended": False,
        "read_files": sums("read_files"), "undated_documents": sums("undated_documents"),
        "inferred_documents": sums("inferred_documents"), "skipped_records": skipped,
        "warning_count": sums("warning_count"),
        "warnings": [w for s in shards for w in s["manifest"]["warnings"]],
        "settings": settings,
    }


def commit(staged, out):
    """Puts the finished output in place of the previous one. Until then
    `out` holds the previous output, whole."""
    old = None
    if os.path.exists(out):
        old = f"{out}.old-{uuid.uuid4().hex[:8]}"
        os.rename(out, old)
    os.rename(staged, out)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def run(spark, argv):
    """Runs the job; returns the manifest written. Raises when it fails, and
    then leaves `--out` as it was."""
    args = parse_args(argv)
    sc = spark.sparkContext
    files = expand_inputs(args.input)
    if not files:
        raise SystemExit("newsmill-spark: no input files")
    shards = plan_shards(files, args.shards or 4 * sc.defaultParallelism)
    pipeline = os.path.abspath(args.pipeline)
    binary = os.path.abspath(args.binary)
    # The tasks' code lives here: the executors import it from the job.
    sc.addPyFile(os.path.abspath(__file__))
    if not args.no_ship:
        sc.addFile(binary)
        sc.addFile(os.path.dirname(pipeline), recursive=True)
    flags = ["--no-manifest"] if args.no_manifest else []
    if args.manifest:
        flags += ["--manifest", os.path.abspath(args.manifest)]
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
        t = time.time()
        settings = pipeline_settings(pipeline)
        dirs = [r["dir"] for r in results]
        tables, keys = reduce_tables(spark, dirs, settings)
        write_tables(spark, tables, staged)
        shutil.copy(os.path.join(dirs[0], "actors.parquet"), os.path.join(staged, "actors.parquet"))
        shutil.copy(os.path.join(dirs[0], "views.sql"), os.path.join(staged, "views.sql"))
        rows = {name: spark.read.parquet(os.path.join(staged, name if name in DATASETS
                                                      else f"{name}.parquet")).count()
                for name in DATASETS + AGGREGATES}
        seconds["reduce"] = time.time() - t
        m = manifest(results, rows, staged, settings, seconds, spark)
        with open(os.path.join(staged, "manifest.json"), "w") as f:
            json.dump(m, f, indent=2)
        commit(staged, out)
        return m
    finally:
        shutil.rmtree(staged, ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)


def main(argv=None):
    spark = (SparkSession.builder.appName("newsmill")
             .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
             .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
             .getOrCreate())
    try:
        m = run(spark, sys.argv[1:] if argv is None else argv)
        docs, rejects = m["tables"]["documents"]["rows"], m["tables"]["rejects"]["rows"]
        print(f"newsmill-spark: {docs} documents, {rejects} rejected, from {m['input_files']} files "
              f"in {m['shards']} shards; map {m['stage_seconds']['map']:.1f} s, "
              f"reduce {m['stage_seconds']['reduce']:.1f} s", file=sys.stderr)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()

"""The Spark job (spark/newsmill_spark.py) in local[2] mode: over the Reuters
and BBC corpora in 12 shards, every table equals a single run's; a task
that crashes fails the job and leaves the previous output as it was."""

import json
import os
import pathlib
import subprocess
import sys

import duckdb
import pytest

from conftest import REPO, corpora, newsmill_command

sys.path.insert(0, str(REPO / "spark"))
TABLES = ["documents", "sentences", "mentions", "name_mentions", "dates", "rejects",
          "actor_day", "actor_event_day", "actor_pair_day", "candidates", "actors"]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("newsmill-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "8")
               .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """Reuters in 9 files, BBC in 3, and a file of edge cases last: an exact
    repeat and a near duplicate of documents in the first shard, a line that
    is no JSON, and a name in capitals."""
    root = corpora()
    if root is None:
        pytest.skip("../shared/corpora not found (set NEWSMILL_CORPORA)")
    folder = tmp_path_factory.mktemp("inputs")
    reuters = (root / "reuters21578/articles.jsonl").read_text().splitlines()
    bbc = (root / "bbc/articles.jsonl").read_text().splitlines()
    for name, lines, parts in [("reuters", reuters, 9), ("wbbc", bbc, 3)]:
        size = -(-len(lines) // parts)
        for i in range(parts):
            chunk = lines[i * size:(i + 1) * size]
            (folder / f"{name}-{i:02}.jsonl").write_text("\n".join(chunk) + "\n")
    first = json.loads(reuters[3])
    near = dict(first, id="near", text="A new intro line about the markets.\n" + first["text"])
    caps = {"id": "caps", "published": "1987-03-02", "source": "Reuters",
            "text": "ZORBLAX INDUSTRIES said on Monday it would cut jobs. "
                    "Zorblax Industries employs 400 people in Ohio."}
    edge = [json.dumps(first), json.dumps(near), "{not json", json.dumps(caps)]
    (folder / "zz-edge.jsonl").write_text("\n".join(edge) + "\n")
    return sorted(folder.glob("*.jsonl"))


@pytest.fixture(scope="module")
def single(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("single") / "out"
    cmd = newsmill_command() + ["run", str(REPO / "pipelines/seeds.toml"), "--no-manifest",
                                "--out", str(out), "--quiet", "--csv", "none"]
    for f in inputs:
        cmd += ["--input", str(f)]
    subprocess.run(cmd, check=True, cwd=REPO)
    return out


def binary():
    command = newsmill_command()
    if len(command) == 1:
        return command[0]
    target = json.loads(subprocess.run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                                       cwd=REPO, capture_output=True, check=True).stdout)
    return os.path.join(target["target_directory"], "release", "newsmill")


def job(spark, inputs, out, staging, binary_path, ship=True):
    import newsmill_spark

    argv = ["--no-ship"] if not ship else []
    argv += ["--binary", binary_path, "--pipeline", str(REPO / "pipelines/seeds.toml"),
            "--no-manifest", "--out", str(out), "--staging", str(staging),
            "--shards", "12"]
    for f in inputs:
        argv += ["--input", str(f)]
    return newsmill_spark.run(spark, argv)


@pytest.fixture(scope="module")
def distributed(spark, inputs, tmp_path_factory):
    root = tmp_path_factory.mktemp("spark")
    manifest = job(spark, inputs, root / "out", root / "staging", binary())
    return root / "out", manifest


def rows(out, table, order="ORDER BY ALL"):
    """The table's columns and rows: sorted, or with `order=""` as stored
    (parts in name order, as readers take them)."""
    folder = pathlib.Path(out) / table
    source = f"{folder}/*.parquet" if folder.is_dir() else f"{folder}.parquet"
    con = duckdb.connect()
    described = con.sql(f"DESCRIBE SELECT * FROM read_parquet('{source}')").fetchall()
    columns = [(name, kind) for name, kind, *_ in described]
    data = con.sql(f"SELECT * FROM read_parquet('{source}') {order}").fetchall()
    return columns, data


@pytest.mark.parametrize("table", TABLES)
def test_every_table_equals_the_single_runs(single, distributed, table):
    out, _ = distributed
    columns, data = rows(out, table)
    want_columns, want = rows(single, table)
    assert columns == want_columns
    assert len(data) == len(want)
    assert data == want


@pytest.mark.parametrize("table", TABLES[:6])
def test_per_document_rows_come_in_input_order(single, distributed, table):
    out, _ = distributed
    assert rows(out, table, order="") == rows(single, table, order="")


def test_views_open_every_table(distributed):
    out, manifest = distributed
    con = duckdb.connect()
    cwd = os.getcwd()
    os.chdir(out)
    try:
        con.execute((out / "views.sql").read_text())
        for table in TABLES:
            count = con.sql(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            assert count == manifest["tables"][table]["rows"], table
    finally:
        os.chdir(cwd)


def test_the_edge_cases_are_there(distributed):
    out, _ = distributed
    con = duckdb.connect()
    docs = f"read_parquet('{out}/documents/*.parquet')"
    repeats = con.sql(f"SELECT doc_id, duplicate_of FROM {docs} WHERE doc_id LIKE '%-2'").fetchall()
    assert len(repeats) >= 1 and all(dup == doc_id[:-2] for doc_id, dup in repeats)
    near = con.sql(f"SELECT duplicate_of FROM {docs} WHERE external_id = 'near'").fetchall()
    assert near[0][0] is not None
    assert con.sql(f"SELECT count(*) FROM read_parquet('{out}/rejects/*.parquet') "
                   "WHERE reason = 'malformed_json'").fetchall() == [(1,)]


def test_the_manifest_accounts_for_every_input_document(inputs, distributed):
    out, manifest = distributed
    lines = sum(len(f.read_text().splitlines()) for f in inputs)
    tables = manifest["tables"]
    assert tables["documents"]["rows"] + tables["rejects"]["rows"] == lines
    assert manifest["shards"] == 12
    assert [i["path"] for i in manifest["inputs"]] == [str(f) for f in inputs]
    written = json.loads((out / "manifest.json").read_text())
    assert written == manifest
    for name in TABLES:
        for f in tables[name]["files"]:
            assert (out / f).is_file(), f
    check = subprocess.run(newsmill_command() + ["check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_manifest_counts_duplicates_and_rejects_as_a_single_run(single, distributed):
    _, manifest = distributed
    alone = json.loads((single / "manifest.json").read_text())
    assert alone["duplicate_documents"] >= 2, "the edge cases hold a repeat and a near duplicate"
    for key in ["duplicate_documents", "rejects_by_reason", "undated_documents", "read_documents"]:
        assert manifest[key] == alone[key], key


def test_the_report_draws_the_same_charts_as_the_single_runs(single, distributed):
    """Every section but the run's own figures (timings, history) comes from
    the tables, which are equal: so are the charts, byte for byte."""
    def charts(out):
        page = (out / "report.html").read_text()
        return page[page.index('<section id="top">'):page.index("<footer>")]

    out, _ = distributed
    assert charts(out) == charts(single)
    assert 'data-chart="weekly"' in charts(out)


def test_a_crashing_task_fails_the_job_and_keeps_the_previous_output(spark, inputs, tmp_path):
    """A binary that dies on shard 5 after writing part of its output."""
    real = binary()
    crashing = tmp_path / "newsmill"
    crashing.write_text(
        "#!/bin/sh\n"
        'case " $* " in *" --shard 5 "*)\n'
        '  for a; do [ "$prev" = --out ] && mkdir -p "$a/documents" '
        '&& echo partial > "$a/documents/part-00000.parquet"; prev=$a; done\n'
        "  exit 3;;\nesac\n"
        f'exec "{real}" "$@"\n')
    crashing.chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"previous": true}')
    with pytest.raises(Exception, match="exited 3 on shard 5"):
        # Not shipped: a job's files keep their first content in a session.
        job(spark, inputs, out, tmp_path / "staging", str(crashing), ship=False)
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json"]
    assert json.loads((out / "manifest.json").read_text()) == {"previous": True}
    assert list((tmp_path / "staging").iterdir()) == [], "the shards' tables are removed"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_a_failed_attempt_is_retried_and_leaves_no_trace(tmp_path):
    """In local[2,2] Spark tries a task twice: shard 2 fails once, after
    writing part of its output, and the job still gives a single run's
    tables. The manifest CSV lists a missing file: one reject, not one per
    shard."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for f in (REPO / "seeds").glob("*.txt"):
        (seeds / f.name).write_text(f.read_text())
    manifest_csv = (REPO / "seeds/manifest.csv").read_text() + "999_missing.txt,2024-12-19,Nowhere\n"
    (seeds / "manifest.csv").write_text(manifest_csv)
    single = tmp_path / "single"
    subprocess.run(newsmill_command() + ["run", str(REPO / "pipelines/seeds.toml"), "--input", str(seeds),
                                         "--manifest", str(seeds / "manifest.csv"), "--out", str(single),
                                         "--quiet", "--csv", "none"], check=True, cwd=REPO)
    marker = tmp_path / "failed-once"
    flaky = tmp_path / "newsmill"
    flaky.write_text(
        "#!/bin/sh\n"
        f'if [ ! -e "{marker}" ]; then case " $* " in *" --shard 2 "*)\n'
        f'  touch "{marker}"\n'
        '  for a; do [ "$prev" = --out ] && mkdir -p "$a/documents" '
        '&& echo partial > "$a/documents/part-00000.parquet"; prev=$a; done\n'
        "  exit 3;;\nesac; fi\n"
        f'exec "{binary()}" "$@"\n')
    flaky.chmod(0o755)
    out = tmp_path / "spark"
    subprocess.run([sys.executable, str(REPO / "spark/newsmill_spark.py"), "--master", "local[2,2]",
                    "--no-ship", "--binary", str(flaky), "--pipeline", str(REPO / "pipelines/seeds.toml"),
                    "--input", str(seeds), "--manifest", str(seeds / "manifest.csv"),
                    "--staging", str(tmp_path), "--out", str(out), "--shards", "5"],
                   check=True, cwd=REPO, capture_output=True)
    assert marker.exists(), "shard 2 failed once"
    for table in TABLES:
        assert rows(out, table) == rows(single, table), table
    con = duckdb.connect()
    reasons = con.sql(f"SELECT reason FROM read_parquet('{out}/rejects/*.parquet')").fetchall()
    assert reasons == [("missing_file",)]


def test_the_run_id_hashes_the_shards_run_ids_in_order(distributed):
    """Not a random id: each shard's run id hashes what the shard read (the
    binary's provenance), and the job's hashes those in order."""
    import newsmill_spark

    _, manifest = distributed
    assert len(manifest["run_id"]) == 16 and int(manifest["run_id"], 16) >= 0
    shards = [{"manifest": {"run_id": i}} for i in ("a1", "b2", "c3")]
    assert newsmill_spark.job_id(shards) == newsmill_spark.job_id([dict(s) for s in shards])
    assert newsmill_spark.job_id(shards) != newsmill_spark.job_id(shards[::-1])
    assert newsmill_spark.job_id(shards) != newsmill_spark.job_id(shards[:2])

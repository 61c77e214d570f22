"""Every output table opens in DuckDB, pyarrow and polars with the types the
contract promises (days are DATE, integers signed, text plain strings), and
Parquet and CSV hold the same rows; what analysts do first (deltas of
counts, joins across tables) works in each library without casts."""

import pathlib

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import source, table_files

# Contract type (as in `newsmill schema`) -> what each reader must report.
DUCKDB = {
    "string": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "bool": "BOOLEAN",
}
POLARS = {
    "string": pl.String,
    "date": pl.Date,
    "timestamp": pl.Datetime("us"),
    "int32": pl.Int32,
    "int64": pl.Int64,
    "bool": pl.Boolean,
}


def arrow_type_ok(contract, arrow_type):
    if contract == "string":
        return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type)
    return {
        "date": pa.types.is_date32,
        "timestamp": lambda t: pa.types.is_timestamp(t) and t.unit == "us" and t.tz is None,
        "int32": pa.types.is_int32,
        "int64": pa.types.is_int64,
        "bool": pa.types.is_boolean,
    }[contract](arrow_type)


def tables(manifest):
    return sorted(manifest["tables"].items())


def test_the_seed_run_wrote_every_table_in_both_formats(manifest, seed_output):
    # The seeds pipeline sets [output] csv = "all".
    assert {"documents", "mentions", "name_mentions", "actors", "rejects"} <= set(manifest["tables"])
    per_run = {"actor_day", "actor_event_day", "actor_pair_day", "candidates", "actors"}
    for name, table in tables(manifest):
        if name in per_run:
            assert sorted(table["files"]) == [f"{name}.parquet", f"csv/{name}.csv"]
        else:  # a dataset: a folder of parts
            assert sorted(table["files"]) == [f"csv/{name}/part-00000.csv", f"{name}/part-00000.parquet"]
        for file in table["files"]:
            assert (seed_output / file).is_file()


def test_by_default_only_the_summary_tables_get_csv(tmp_path):
    import json
    import subprocess

    from conftest import REPO, newsmill_command

    out = tmp_path / "out"
    subprocess.run(
        newsmill_command() + ["run", str(REPO / "pipelines/seeds.toml"), "--out", str(out), "--csv", "summary", "--quiet"],
        check=True,
        cwd=REPO,
    )
    manifest = json.loads((out / "manifest.json").read_text())
    with_csv = {name for name, t in manifest["tables"].items() if any(f.endswith(".csv") for f in t["files"])}
    assert with_csv == {"actor_day", "actor_event_day", "actor_pair_day", "candidates", "actors", "rejects"}
    assert all(any(f.endswith(".parquet") for f in t["files"]) for t in manifest["tables"].values())
    assert not (out / "csv" / "mentions").exists()


def test_duckdb_reads_parquet_with_contract_types(manifest, seed_output):
    con = duckdb.connect()
    for name, table in tables(manifest):
        path = source(seed_output, name)
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        got = [(row[0], row[1]) for row in described]
        want = [(c["name"], DUCKDB[c["type"]]) for c in table["columns"]]
        assert got == want, name
        rows = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
        assert rows == table["rows"], name


def test_duckdb_reads_csv_with_the_same_rows(manifest, seed_output):
    con = duckdb.connect()
    for name, table in tables(manifest):
        csv = source(seed_output, name, "csv")
        parquet = source(seed_output, name)
        rows = con.execute(f"SELECT count(*) FROM read_csv('{csv}', header=true)").fetchone()[0]
        assert rows == table["rows"], name
        if rows == 0:
            continue
        # Same rows: the Parquet rows, as text, minus the CSV rows is empty.
        columns = ", ".join(f'CAST("{c["name"]}" AS VARCHAR)' for c in table["columns"])
        diff = con.execute(
            f"""SELECT count(*) FROM (
                  SELECT {columns} FROM read_parquet('{parquet}')
                  EXCEPT ALL
                  SELECT {columns} FROM read_csv('{csv}', header=true, all_varchar=true)
                )"""
        ).fetchone()[0]
        assert diff == 0, name


def test_pyarrow_sees_dates_signed_integers_and_strings(manifest, seed_output):
    for name, table in tables(manifest):
        schema = pq.read_schema(table_files(seed_output, name)[0])
        assert schema.names == [c["name"] for c in table["columns"]]
        for column in table["columns"]:
            arrow_type = schema.field(column["name"]).type
            assert arrow_type_ok(column["type"], arrow_type), (name, column, arrow_type)
        rows = sum(pq.read_metadata(f).num_rows for f in table_files(seed_output, name))
        assert rows == table["rows"]


def test_parquet_columns_are_zstd_compressed(manifest, seed_output):
    meta = pq.read_metadata(table_files(seed_output, "documents")[0])
    assert meta.num_row_groups >= 1
    codecs = {meta.row_group(0).column(i).compression for i in range(meta.num_columns)}
    assert codecs == {"ZSTD"}


def test_polars_reads_the_contract_types(manifest, seed_output):
    for name, table in tables(manifest):
        frame = pl.read_parquet(source(seed_output, name))
        assert frame.height == table["rows"]
        for column in table["columns"]:
            assert frame.schema[column["name"]] == POLARS[column["type"]], (name, column)


def test_seed_documents_carry_manifest_dates(seed_output):
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT published, published_source FROM read_parquet('{source(seed_output, 'documents')}') ORDER BY input"
    ).fetchall()
    import datetime

    assert [r[0] for r in rows] == [
        datetime.date(2024, 12, 18),
        datetime.date(2024, 12, 18),
        datetime.date(2024, 12, 9),
        datetime.date(2025, 1, 13),
        None,
    ]
    # Seed 004 has no date in the manifest and no dateline: it stays undated.
    assert rows[4][1] is None and rows[0][1] == "manifest"


@pytest.mark.parametrize("threads", ["1", "2"])
def test_thread_count_does_not_change_rows(seed_output, tmp_path, threads):
    import subprocess

    from conftest import REPO, newsmill_command

    out = tmp_path / "out"
    subprocess.run(
        newsmill_command() + ["run", str(REPO / "pipelines/seeds.toml"), "--out", str(out), "--threads", threads, "--quiet"],
        check=True,
        cwd=REPO,
    )
    for name in ["documents", "mentions", "name_mentions", "rejects"]:
        part = pathlib.Path("csv", name, "part-00000.csv")
        assert (out / part).read_bytes() == (seed_output / part).read_bytes()


def test_sentence_offsets_index_the_clean_text_in_code_points(seed_output):
    docs = pl.read_parquet(source(seed_output, "documents"))
    texts = dict(zip(docs["doc_id"], docs["text"]))
    sentences = pl.read_parquet(source(seed_output, "sentences"))
    assert sentences.height == docs["sentences"].sum()
    for row in sentences.iter_rows(named=True):
        assert texts[row["doc_id"]][row["start_char"] : row["end_char"]] == row["text"], row
    # The seeds hold non-ASCII text (dashes), so bytes and code points differ.
    assert any(len(t) != len(t.encode()) for t in texts.values())


# The README's query: actor_day from mentions and documents.
ACTOR_DAY_SQL = """
SELECT m.actor_id, d.published AS day,
       count(*) AS mentions,
       count(*) FILTER (WHERE NOT m.repeated AND d.duplicate_of IS NULL) AS unique_mentions,
       count(DISTINCT m.doc_id) AS documents
FROM read_parquet('{out}/mentions/*.parquet') AS m
JOIN read_parquet('{out}/documents/*.parquet') AS d USING (doc_id)
WHERE m.method <> 'demonym'
GROUP BY ALL
"""


def test_a_duckdb_query_over_mentions_reproduces_actor_day(seed_output):
    con = duckdb.connect()
    query = ACTOR_DAY_SQL.format(out=seed_output)
    table = f"SELECT actor_id::VARCHAR, day, mentions, unique_mentions, documents FROM read_parquet('{source(seed_output, 'actor_day')}')"
    recomputed = con.execute(f"SELECT * FROM ({query}) EXCEPT ALL {table}").fetchall()
    written = con.execute(f"{table} EXCEPT ALL SELECT * FROM ({query})").fetchall()
    assert recomputed == [] and written == []
    total = con.execute(f"SELECT sum(mentions) FROM read_parquet('{source(seed_output, 'actor_day')}')").fetchone()[0]
    counted = con.execute(
        f"SELECT count(*) FROM read_parquet('{source(seed_output, 'mentions')}') WHERE method <> 'demonym'"
    ).fetchone()[0]
    assert total == counted > 0


def test_the_readme_shows_the_actor_day_query():
    from conftest import REPO

    readme = (REPO / "README.md").read_text()
    assert ACTOR_DAY_SQL.format(out="output/seeds").strip() in readme


ACTOR_EVENT_DAY_SQL = """
SELECT actor_id, day,
       count(*) AS mentions,
       count(*) FILTER (WHERE NOT m.repeated AND d.duplicate_of IS NULL) AS unique_mentions,
       count(DISTINCT doc_id) AS documents,
       count(*) FILTER (WHERE day_source = 'sentence') AS from_sentence
FROM read_parquet('{out}/mentions/*.parquet') AS m
JOIN (SELECT doc_id, duplicate_of FROM read_parquet('{out}/documents/*.parquet')) AS d USING (doc_id)
WHERE m.method <> 'demonym'
GROUP BY ALL
"""


def test_a_duckdb_query_over_mentions_reproduces_actor_event_day(seed_output):
    con = duckdb.connect()
    query = ACTOR_EVENT_DAY_SQL.format(out=seed_output)
    table = (
        "SELECT actor_id::VARCHAR, day, mentions, unique_mentions, documents, from_sentence "
        f"FROM read_parquet('{source(seed_output, 'actor_event_day')}')"
    )
    assert con.execute(f"SELECT * FROM ({query}) EXCEPT ALL {table}").fetchall() == []
    assert con.execute(f"{table} EXCEPT ALL SELECT * FROM ({query})").fetchall() == []


def test_day_over_day_deltas_of_counts_go_negative_without_wrapping(seed_output):
    """Counts are signed: a falling count is a negative delta in every library."""
    import pandas as pd

    path = source(seed_output, "actor_day")
    con = duckdb.connect()
    deltas = con.execute(
        f"""SELECT mentions - lag(mentions) OVER (PARTITION BY actor_id ORDER BY day) AS delta
            FROM read_parquet('{path}') WHERE day IS NOT NULL"""
    ).fetchall()
    deltas = [d for (d,) in deltas if d is not None]
    assert deltas and min(deltas) < 0
    frame = pl.read_parquet(path).drop_nulls("day").sort("actor_id", "day")
    polars_deltas = frame.select(pl.col("mentions").diff().over("actor_id")).to_series().drop_nulls()
    assert polars_deltas.min() < 0 and polars_deltas.max() < 10**9
    pandas_frame = pd.read_parquet(path).dropna(subset=["day"]).sort_values(["actor_id", "day"])
    pandas_deltas = pandas_frame.groupby("actor_id")["mentions"].diff().dropna()
    assert pandas_deltas.min() < 0 and pandas_deltas.max() < 10**9
    zero = con.execute(f"SELECT min(mentions) - max(mentions) FROM read_parquet('{path}')").fetchone()[0]
    assert zero <= 0


def test_tables_join_on_names_and_ids_without_casts(seed_output):
    """Names join across tables (candidates to name_mentions, mentions to
    actors) in polars, pandas and DuckDB, with no cast in between."""
    import pandas as pd

    names = pl.read_parquet(source(seed_output, "name_mentions"))
    candidates = pl.read_parquet(source(seed_output, "candidates"))
    joined = names.join(candidates, on="name", how="inner")
    assert joined.height == names.height > 0
    mentions = pl.read_parquet(source(seed_output, "mentions"))
    actors = pl.read_parquet(source(seed_output, "actors"))
    with_actors = mentions.join(actors, on="actor_id", how="left", suffix="_actor")
    assert with_actors["actor_name_actor"].null_count() == 0
    assert (with_actors["actor_name"] == with_actors["actor_name_actor"]).all()
    # pandas (through pyarrow) reads a dataset's folder as one table.
    merged = pd.read_parquet(seed_output / "name_mentions").merge(
        pd.read_parquet(seed_output / "candidates.parquet"), on="name"
    )
    assert len(merged) == names.height
    con = duckdb.connect()
    orphans = con.execute(
        f"""SELECT count(*) FROM read_parquet('{source(seed_output, 'mentions')}')
            WHERE actor_id NOT IN (SELECT actor_id FROM read_parquet('{source(seed_output, 'actors')}'))"""
    ).fetchone()[0]
    assert orphans == 0


def test_span_columns_are_plain_sql(seed_output):
    """Regression: `SELECT start, end FROM mentions` was a DuckDB parse error."""
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT start_char, end_char, end_char - start_char AS length FROM read_parquet('{source(seed_output, 'mentions')}')"
    ).fetchall()
    assert rows and all(length > 0 for _, _, length in rows)


def test_actor_pairs_carry_both_names(seed_output):
    pairs = pl.read_parquet(source(seed_output, "actor_pair_day"))
    actors = pl.read_parquet(source(seed_output, "actors")).select("actor_id", "actor_name")
    for side in ["a", "b"]:
        named = pairs.join(actors, left_on=f"actor_{side}", right_on="actor_id")
        assert named.height == pairs.height
        assert (named[f"actor_{side}_name"] == named["actor_name"]).all()


def test_every_parquet_file_says_who_wrote_it(manifest, seed_output):
    for name, _ in tables(manifest):
        meta = pq.read_metadata(table_files(seed_output, name)[0]).metadata
        assert meta[b"newsmill.run_id"].decode() == manifest["run_id"], name
        assert meta[b"newsmill.pipeline"] == b"seeds"
        assert meta[b"newsmill.pipeline_hash"].decode() == manifest["pipeline_hash"]


def test_the_run_history_has_a_line_per_run(seed_output):
    import json

    lines = [json.loads(line) for line in (seed_output / "runs.jsonl").read_text().splitlines()]
    assert lines[-1]["status"] == "ok" and lines[-1]["exit_code"] == 0
    assert lines[-1]["rows"]["documents"] == 5


def test_views_sql_opens_every_table_in_duckdb(manifest, seed_output, monkeypatch):
    monkeypatch.chdir(seed_output)
    con = duckdb.connect()
    con.execute((seed_output / "views.sql").read_text())
    for name, table in tables(manifest):
        assert con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == table["rows"], name


def test_narrow_tables_gather_batches_into_large_row_groups(tmp_path):
    """One row group per batch was 2 documents here; row groups now close
    at 122,880 rows (or 8 MB), so this small run writes one per file."""
    import subprocess

    from conftest import REPO, newsmill_command

    out = tmp_path / "out"
    pipeline = tmp_path / "p.toml"
    pipeline.write_text(
        f"""[input]
paths = ["{REPO}/seeds/*.txt"]
manifest = "{REPO}/seeds/manifest.csv"
[actors]
dictionaries = ["{REPO}/pipelines/actors/countries.toml", "{REPO}/pipelines/actors/core.toml"]
[output]
dir = "{out}"
[run]
batch_documents = 2
"""
    )
    subprocess.run(newsmill_command() + ["run", str(pipeline), "--quiet"], check=True)
    for name in ["documents", "sentences", "mentions"]:
        assert pq.read_metadata(out / name / "part-00000.parquet").num_row_groups == 1, name


def test_a_dataset_of_several_parts_reads_as_one_table(tmp_path):
    """After a run that appends a file, `documents` has two parts; every
    reader takes the folder (or its glob) as one table, and views.sql
    lists exactly the committed parts."""
    import shutil
    import subprocess

    import pandas as pd

    from conftest import REPO, newsmill_command

    feed = tmp_path / "feed"
    feed.mkdir()
    for seed in sorted((REPO / "seeds").glob("*.txt"))[:3]:
        shutil.copy(seed, feed / seed.name)
    pipeline = tmp_path / "p.toml"
    pipeline.write_text(f'[input]\npaths = ["{feed}/*.txt"]\n[output]\ndir = "{tmp_path}/out"\n')
    run = newsmill_command() + ["run", str(pipeline), "--quiet"]
    subprocess.run(run, check=True)
    shutil.copy(sorted((REPO / "seeds").glob("*.txt"))[3], feed / "zz-next-day.txt")
    subprocess.run(run, check=True)
    out = tmp_path / "out"
    parts = sorted(p.name for p in (out / "documents").iterdir())
    assert parts == ["part-00000.parquet", "part-00001.parquet"]
    glob = f"{out}/documents/*.parquet"
    ids = pl.read_parquet(glob)["doc_id"].to_list()
    assert len(ids) == 4
    assert pd.read_parquet(out / "documents")["doc_id"].tolist() == ids
    assert pq.read_table(out / "documents").num_rows == 4
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchone()[0] == 4
    views = (out / "views.sql").read_text()
    assert "read_parquet(['documents/part-00000.parquet', 'documents/part-00001.parquet'])" in views

"""Every output table opens in DuckDB, pyarrow and polars with the types the
contract promises (days are DATE, integers signed, text plain strings), and
Parquet and CSV hold the same rows; what analysts do first (deltas of
counts, joins across tables) works in each library without casts."""

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

# Contract type (as in `newsmill schema`) -> what each reader must report.
DUCKDB = {
    "string": "VARCHAR",
    "date": "DATE",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "bool": "BOOLEAN",
}
POLARS = {
    "string": pl.String,
    "date": pl.Date,
    "int32": pl.Int32,
    "int64": pl.Int64,
    "bool": pl.Boolean,
}


def arrow_type_ok(contract, arrow_type):
    if contract == "string":
        return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type)
    return {
        "date": pa.types.is_date32,
        "int32": pa.types.is_int32,
        "int64": pa.types.is_int64,
        "bool": pa.types.is_boolean,
    }[contract](arrow_type)


def tables(manifest):
    return sorted(manifest["tables"].items())


def test_the_seed_run_wrote_every_table_in_both_formats(manifest, seed_output):
    # The seeds pipeline sets [output] csv = "all".
    assert {"documents", "mentions", "name_mentions", "actors", "rejects"} <= set(manifest["tables"])
    for name, table in tables(manifest):
        assert sorted(table["files"]) == [f"{name}.csv", f"{name}.parquet"]
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
    with_csv = {name for name, t in manifest["tables"].items() if f"{name}.csv" in t["files"]}
    assert with_csv == {"actor_day", "actor_event_day", "actor_pair_day", "candidates", "actors", "rejects"}
    assert all(f"{name}.parquet" in t["files"] for name, t in manifest["tables"].items())
    assert not (out / "mentions.csv").exists()


def test_duckdb_reads_parquet_with_contract_types(manifest, seed_output):
    con = duckdb.connect()
    for name, table in tables(manifest):
        path = seed_output / f"{name}.parquet"
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        got = [(row[0], row[1]) for row in described]
        want = [(c["name"], DUCKDB[c["type"]]) for c in table["columns"]]
        assert got == want, name
        rows = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
        assert rows == table["rows"], name


def test_duckdb_reads_csv_with_the_same_rows(manifest, seed_output):
    con = duckdb.connect()
    for name, table in tables(manifest):
        csv = seed_output / f"{name}.csv"
        parquet = seed_output / f"{name}.parquet"
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
        schema = pq.read_schema(seed_output / f"{name}.parquet")
        assert schema.names == [c["name"] for c in table["columns"]]
        for column in table["columns"]:
            arrow_type = schema.field(column["name"]).type
            assert arrow_type_ok(column["type"], arrow_type), (name, column, arrow_type)
        assert pq.read_metadata(seed_output / f"{name}.parquet").num_rows == table["rows"]


def test_parquet_columns_are_zstd_compressed(manifest, seed_output):
    meta = pq.read_metadata(seed_output / "documents.parquet")
    assert meta.num_row_groups >= 1
    codecs = {meta.row_group(0).column(i).compression for i in range(meta.num_columns)}
    assert codecs == {"ZSTD"}


def test_polars_reads_the_contract_types(manifest, seed_output):
    for name, table in tables(manifest):
        frame = pl.read_parquet(seed_output / f"{name}.parquet")
        assert frame.height == table["rows"]
        for column in table["columns"]:
            assert frame.schema[column["name"]] == POLARS[column["type"]], (name, column)


def test_seed_documents_carry_manifest_dates(seed_output):
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT published, published_source FROM read_parquet('{seed_output}/documents.parquet') ORDER BY input"
    ).fetchall()
    import datetime

    assert [r[0] for r in rows] == [
        datetime.date(2024, 12, 18),
        datetime.date(2024, 12, 18),
        datetime.date(2024, 12, 9),
        datetime.date(2025, 1, 13),
        datetime.date(2024, 12, 1),
    ]
    # Seed 004 has no date in the manifest: it is inferred from its text.
    assert rows[4][1] == "inferred" and rows[0][1] == "manifest"


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
        assert (out / f"{name}.csv").read_bytes() == (seed_output / f"{name}.csv").read_bytes()


def test_sentence_offsets_index_the_clean_text_in_code_points(seed_output):
    docs = pl.read_parquet(seed_output / "documents.parquet")
    texts = dict(zip(docs["doc_id"], docs["text"]))
    sentences = pl.read_parquet(seed_output / "sentences.parquet")
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
FROM read_parquet('{out}/mentions.parquet') AS m
JOIN read_parquet('{out}/documents.parquet') AS d USING (doc_id)
WHERE m.method <> 'demonym'
GROUP BY ALL
"""


def test_a_duckdb_query_over_mentions_reproduces_actor_day(seed_output):
    con = duckdb.connect()
    query = ACTOR_DAY_SQL.format(out=seed_output)
    table = f"SELECT actor_id::VARCHAR, day, mentions, unique_mentions, documents FROM read_parquet('{seed_output}/actor_day.parquet')"
    recomputed = con.execute(f"SELECT * FROM ({query}) EXCEPT ALL {table}").fetchall()
    written = con.execute(f"{table} EXCEPT ALL SELECT * FROM ({query})").fetchall()
    assert recomputed == [] and written == []
    total = con.execute(f"SELECT sum(mentions) FROM read_parquet('{seed_output}/actor_day.parquet')").fetchone()[0]
    counted = con.execute(
        f"SELECT count(*) FROM read_parquet('{seed_output}/mentions.parquet') WHERE method <> 'demonym'"
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
FROM read_parquet('{out}/mentions.parquet') AS m
JOIN (SELECT doc_id, duplicate_of FROM read_parquet('{out}/documents.parquet')) AS d USING (doc_id)
WHERE m.method <> 'demonym'
GROUP BY ALL
"""


def test_a_duckdb_query_over_mentions_reproduces_actor_event_day(seed_output):
    con = duckdb.connect()
    query = ACTOR_EVENT_DAY_SQL.format(out=seed_output)
    table = (
        "SELECT actor_id::VARCHAR, day, mentions, unique_mentions, documents, from_sentence "
        f"FROM read_parquet('{seed_output}/actor_event_day.parquet')"
    )
    assert con.execute(f"SELECT * FROM ({query}) EXCEPT ALL {table}").fetchall() == []
    assert con.execute(f"{table} EXCEPT ALL SELECT * FROM ({query})").fetchall() == []


def test_day_over_day_deltas_of_counts_go_negative_without_wrapping(seed_output):
    """Counts are signed: a falling count is a negative delta in every library."""
    import pandas as pd

    path = seed_output / "actor_day.parquet"
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

    names = pl.read_parquet(seed_output / "name_mentions.parquet")
    candidates = pl.read_parquet(seed_output / "candidates.parquet")
    joined = names.join(candidates, on="name", how="inner")
    assert joined.height == names.height > 0
    mentions = pl.read_parquet(seed_output / "mentions.parquet")
    actors = pl.read_parquet(seed_output / "actors.parquet")
    with_actors = mentions.join(actors, on="actor_id", how="left", suffix="_actor")
    assert with_actors["actor_name_actor"].null_count() == 0
    assert (with_actors["actor_name"] == with_actors["actor_name_actor"]).all()
    merged = pd.read_parquet(seed_output / "name_mentions.parquet").merge(
        pd.read_parquet(seed_output / "candidates.parquet"), on="name"
    )
    assert len(merged) == names.height
    con = duckdb.connect()
    orphans = con.execute(
        f"""SELECT count(*) FROM read_parquet('{seed_output}/mentions.parquet')
            WHERE actor_id NOT IN (SELECT actor_id FROM read_parquet('{seed_output}/actors.parquet'))"""
    ).fetchone()[0]
    assert orphans == 0


def test_span_columns_are_plain_sql(seed_output):
    """Regression: `SELECT start, end FROM mentions` was a DuckDB parse error."""
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT start_char, end_char, end_char - start_char AS length FROM read_parquet('{seed_output}/mentions.parquet')"
    ).fetchall()
    assert rows and all(length > 0 for _, _, length in rows)


def test_actor_pairs_carry_both_names(seed_output):
    pairs = pl.read_parquet(seed_output / "actor_pair_day.parquet")
    actors = pl.read_parquet(seed_output / "actors.parquet").select("actor_id", "actor_name")
    for side in ["a", "b"]:
        named = pairs.join(actors, left_on=f"actor_{side}", right_on="actor_id")
        assert named.height == pairs.height
        assert (named[f"actor_{side}_name"] == named["actor_name"]).all()


def test_every_parquet_file_says_who_wrote_it(manifest, seed_output):
    for name, _ in tables(manifest):
        meta = pq.read_metadata(seed_output / f"{name}.parquet").metadata
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
        assert pq.read_metadata(out / f"{name}.parquet").num_row_groups == 1, name

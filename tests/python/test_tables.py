"""Every output table opens in DuckDB, pyarrow and polars with the types the
contract promises (days are DATE, counts unsigned integers), and Parquet and
CSV hold the same rows."""

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

# Contract type (as in `newsmill schema`) -> what each reader must report.
DUCKDB = {
    "string": "VARCHAR",
    "categorical": "VARCHAR",
    "date": "DATE",
    "uint32": "UINTEGER",
    "uint64": "UBIGINT",
    "bool": "BOOLEAN",
}
POLARS = {
    "string": pl.String,
    "categorical": pl.Categorical,
    "date": pl.Date,
    "uint32": pl.UInt32,
    "uint64": pl.UInt64,
    "bool": pl.Boolean,
}


def arrow_type_ok(contract, arrow_type):
    if contract == "string":
        return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type)
    if contract == "categorical":
        return pa.types.is_dictionary(arrow_type) and arrow_type_ok("string", arrow_type.value_type)
    return {
        "date": pa.types.is_date32,
        "uint32": pa.types.is_uint32,
        "uint64": pa.types.is_uint64,
        "bool": pa.types.is_boolean,
    }[contract](arrow_type)


def tables(manifest):
    return sorted(manifest["tables"].items())


def test_the_seed_run_wrote_every_table_in_both_formats(manifest, seed_output):
    assert {"documents", "rejects"} <= set(manifest["tables"])
    for name, table in tables(manifest):
        assert sorted(table["files"]) == [f"{name}.csv", f"{name}.parquet"]
        for file in table["files"]:
            assert (seed_output / file).is_file()


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


def test_pyarrow_sees_dates_unsigned_counts_and_dictionaries(manifest, seed_output):
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
    for name in ["documents", "rejects"]:
        assert (out / f"{name}.csv").read_bytes() == (seed_output / f"{name}.csv").read_bytes()


def test_sentence_offsets_index_the_clean_text_in_code_points(seed_output):
    docs = pl.read_parquet(seed_output / "documents.parquet")
    texts = dict(zip(docs["doc_id"], docs["text"]))
    sentences = pl.read_parquet(seed_output / "sentences.parquet")
    assert sentences.height == docs["sentences"].sum()
    for row in sentences.iter_rows(named=True):
        assert texts[row["doc_id"]][row["start"] : row["end"]] == row["text"], row
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
WHERE m.method NOT IN ('demonym', 'discovered')
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
        f"SELECT count(*) FROM read_parquet('{seed_output}/mentions.parquet') WHERE method NOT IN ('demonym', 'discovered')"
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
WHERE m.method NOT IN ('demonym', 'discovered')
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

"""Fixtures for the Python contract tests: one seed run shared by all."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def newsmill_command():
    """The built binary (scripts/test.sh sets NEWSMILL_BIN), else cargo."""
    binary = os.environ.get("NEWSMILL_BIN")
    if binary:
        return [binary]
    return ["cargo", "run", "--release", "--quiet", "--"]


def corpora():
    """../shared/corpora (or $NEWSMILL_CORPORA), if this machine has it."""
    for candidate in [os.environ.get("NEWSMILL_CORPORA"), REPO.parent / "shared/corpora",
                      "/work/shared/corpora"]:
        if candidate and (pathlib.Path(candidate) / "reuters21578/articles.jsonl").exists():
            return pathlib.Path(candidate)
    return None


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory):
    """Runs the default pipeline on the seeds into a fresh directory."""
    out = tmp_path_factory.mktemp("run") / "seeds"
    cmd = newsmill_command() + ["run", str(REPO / "pipelines/seeds.toml"), "--out", str(out), "--quiet"]
    subprocess.run(cmd, check=True, cwd=REPO)
    return out


@pytest.fixture(scope="session")
def manifest(seed_output):
    return json.loads((seed_output / "manifest.json").read_text())


def table_files(out, name, ext="parquet"):
    """A table's files with extension `ext`, as the manifest in `out` lists them."""
    listed = json.loads((pathlib.Path(out) / "manifest.json").read_text())["tables"][name]["files"]
    return [pathlib.Path(out) / f for f in listed if f.endswith("." + ext)]


def source(out, name, ext="parquet"):
    """What a reader opens for a table: its file, or a glob over a dataset's
    parts (CSV twins live under csv/, in the same layout)."""
    folder = pathlib.Path(out) / ("csv" if ext == "csv" else "") / name
    return f"{folder}/*.{ext}" if folder.is_dir() else f"{folder}.{ext}"

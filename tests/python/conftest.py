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

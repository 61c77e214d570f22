"""The README's DuckDB and Python snippets run as written against a seed run.

Every ```python block and every ```sql block in README.md is executed with
the working directory set to a folder whose output/seeds is the seed run."""

import os
import re

import duckdb
import pytest

from conftest import REPO

README = (REPO / "README.md").read_text()
BLOCKS = re.findall(r"```(python|sql)\n(.*?)```", README, flags=re.S)


@pytest.fixture()
def readme_cwd(seed_output, tmp_path, monkeypatch):
    (tmp_path / "output").mkdir()
    os.symlink(seed_output, tmp_path / "output" / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_has_snippets():
    kinds = {kind for kind, _ in BLOCKS}
    assert kinds == {"python", "sql"}, kinds


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_snippet_runs(readme_cwd, index):
    kind, code = BLOCKS[index]
    if kind == "python":
        exec(compile(code, f"README.md snippet {index}", "exec"), {"__name__": "__readme__"})
    else:
        con = duckdb.connect()
        for statement in filter(str.strip, code.split(";")):
            con.execute(statement).fetchall()

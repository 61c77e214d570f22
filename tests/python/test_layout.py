"""The source layout: stage folders import only earlier stages, and no
import circle spans two folders (scripts/import_cycles.py)."""

import subprocess
import sys
import textwrap

from conftest import REPO

SCRIPT = REPO / "scripts" / "import_cycles.py"


def run(src):
    return subprocess.run([sys.executable, str(SCRIPT), str(src)], capture_output=True, text=True)


def test_no_import_circle_spans_two_folders():
    result = run(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_circle_across_folders_is_reported(tmp_path):
    """The check can fail: a stage that imports a later one back is caught."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "lib.rs").write_text("pub mod a;\npub mod b;\n")
    (tmp_path / "a" / "mod.rs").write_text("mod x;\n")
    (tmp_path / "a" / "x.rs").write_text("use crate::b::y::Thing;\n")
    (tmp_path / "b" / "mod.rs").write_text("pub mod y;\n")
    (tmp_path / "b" / "y.rs").write_text(
        textwrap.dedent(
            """
            use crate::a::x;
            pub struct Thing;
            #[cfg(test)]
            mod tests {
                use crate::a::*;
            }
            """
        )
    )
    result = run(tmp_path)
    assert result.returncode == 1
    assert "a/x.rs, b/y.rs" in result.stdout


def test_a_circle_inside_one_folder_is_allowed(tmp_path):
    (tmp_path / "lib.rs").write_text("mod g;\n")
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "mod.rs").write_text("mod p;\nmod q;\n")
    (tmp_path / "g" / "p.rs").write_text("use super::q::Q;\npub struct P;\n")
    (tmp_path / "g" / "q.rs").write_text("use super::p::P;\npub struct Q;\n")
    assert run(tmp_path).returncode == 0

"""Actor extraction on real news nobody tuned the seeds for: the hand-annotated
dev set in tests/realnews (Reuters and BBC), scored by
scripts/eval/score_realnews.py. The floors sit a little below today's
figures, so a change that makes counts worse on real news fails here."""

import json
import subprocess
import sys

from conftest import REPO, newsmill_command

DEV = REPO / "tests/realnews/dev.jsonl"
SCORER = REPO / "scripts/eval/score_realnews.py"


def score(out):
    cmd = [sys.executable, str(SCORER), str(DEV), str(out), "--json"]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(done.stdout)["results"]["all"]


def test_scorer_self_test():
    subprocess.run([sys.executable, str(REPO / "scripts/eval/test_score_realnews.py")], check=True)


def test_actor_precision_and_recall_on_real_news(tmp_path):
    out = tmp_path / "realnews"
    cmd = newsmill_command() + [
        "run", str(REPO / "pipelines/seeds.toml"), "--input", str(DEV), "--no-manifest",
        "--out", str(out), "--csv", "all", "--quiet",
    ]
    subprocess.run(cmd, check=True, cwd=REPO)
    all_docs = score(out)
    assert all_docs["counts"]["documents_missing"] == 0
    assert all_docs["actor_precision"]["value"] >= 0.96, all_docs["actor_precision"]
    assert all_docs["actor_recall"]["value"] >= 0.94, all_docs["actor_recall"]
    assert all_docs["dict_coverage_mentions"]["value"] >= 0.25, all_docs["dict_coverage_mentions"]
    assert all_docs["discovery_recall"]["value"] >= 0.93, all_docs["discovery_recall"]

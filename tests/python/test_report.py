"""The report in a real browser: Chromium headless loads report.html of the
seed run and of a Reuters run, from the file, offline. It must log nothing
to the console, and every chart's SVG must be there and drawn. A screenshot
and a PDF print are taken too; docs/report.md shows them.

scripts/test.sh installs Debian's `chromium`; under CI a missing browser
fails the test instead of skipping it.
"""

import html.parser
import os
import re
import shutil
import struct
import subprocess

import pytest

from conftest import REPO, corpora, newsmill_command

SECTIONS = ["run", "top", "movers", "pairs", "candidates", "dates"]
# A console line as Chromium logs it with --enable-logging=stderr.
CONSOLE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)")


def chromium():
    found = shutil.which("chromium") or shutil.which("chromium-headless-shell")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: scripts/test.sh installs it")
        pytest.skip("chromium is not installed (scripts/test.sh installs it)")
    return found


def browse(page, *flags):
    """Runs headless Chromium on `page` with `flags`; returns stdout and the
    console messages it logged. No network: every host resolves to nothing."""
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--enable-logging=stderr", "--v=0",
           "--host-resolver-rules=MAP * ~NOTFOUND", *flags, page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [m.group(1) for m in map(CONSOLE.search, done.stderr.splitlines()) if m]
    return done.stdout, console


class Charts(html.parser.HTMLParser):
    """Per figure.chart: its name and how many SVG elements it holds; the
    sections' ids; and any script or fetched resource."""

    def __init__(self):
        super().__init__()
        self.charts, self.sections, self.fetches = [], [], []
        self._chart = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections.append(attrs.get("id"))
        if tag == "figure" and "chart" in attrs.get("class", ""):
            self._chart = [attrs.get("data-chart"), 0, None]
            self.charts.append(self._chart)
        if self._chart is not None and tag == "svg":
            self._chart[2] = (int(attrs["width"]), int(attrs["height"]))
        if self._chart is not None and tag in ("rect", "polyline", "text", "circle", "line", "path"):
            self._chart[1] += 1
        if tag == "script" or "src" in attrs or ("href" in attrs and tag != "a"):
            self.fetches.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "figure":
            self._chart = None


def loaded(page):
    dom, console = browse(page, "--dump-dom")
    parsed = Charts()
    parsed.feed(dom)
    return parsed, console


def check_page(page, expected_charts):
    parsed, console = loaded(page)
    assert console == [], f"console messages: {console}"
    assert parsed.sections == SECTIONS
    assert parsed.fetches == []
    names = [c[0] for c in parsed.charts]
    assert names == expected_charts
    for name, elements, size in parsed.charts:
        assert size is not None and size[0] > 0 and size[1] > 0, f"{name}: no SVG"
        assert size[0] <= 1160, f"{name} is wider than the page"
        assert elements >= 10, f"{name}: only {elements} SVG elements"


def png_size(path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def report_run(tmp_path, *args):
    out = tmp_path / "out"
    subprocess.run(newsmill_command() + ["run", str(REPO / "pipelines/seeds.toml"), "--out", str(out),
                                         "--quiet", *args], check=True, cwd=REPO)
    return out / "report.html"


def test_the_seed_report_loads_with_every_chart_drawn(seed_output, tmp_path):
    check_page(seed_output / "report.html",
               ["runs", "weekly", "heat", "rising", "falling", "pairs", "dates"])
    shot = tmp_path / "seeds.png"
    browse(seed_output / "report.html", "--window-size=1280,2000", f"--screenshot={shot}")
    assert png_size(shot) == (1280, 2000)
    assert shot.stat().st_size > 50_000, "a blank screenshot compresses to almost nothing"
    pdf = tmp_path / "seeds.pdf"
    browse(seed_output / "report.html", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 20_000


def test_a_reuters_report_loads_with_every_chart_drawn(tmp_path):
    root = corpora()
    if root is None:
        pytest.skip("../shared/corpora not found (set NEWSMILL_CORPORA)")
    page = report_run(tmp_path, "--input", str(root / "reuters21578/articles.jsonl"), "--csv", "none")
    # Reuters rejects nothing, and the four weeks before its last week are a
    # gap in the feed: no movers against an empty baseline.
    check_page(page, ["runs", "weekly", "heat", "pairs", "dates"])
    text = page.read_text()
    assert "19,779" in text, "the document count"
    assert "have no mention: there is nothing to compare with" in text


def test_the_check_catches_a_console_error_and_a_fetch(tmp_path):
    """The browser check can fail: a page that logs and fetches is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<section id="run"></section><img src="https://example.org/x.png">'
                    '<script>console.error("boom")</script>')
    parsed, console = loaded(page)
    assert any("boom" in m for m in console)
    assert [tag for tag, _ in parsed.fetches] == ["img", "script"]


def test_rejects_get_a_chart(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "a.jsonl").write_text('{"id": "1", "text": "Ukraine and NATO met in Brussels."}\nnot json\n')
    page = report_run(tmp_path, "--input", str(feed), "--no-manifest")
    parsed, console = loaded(page)
    assert console == []
    assert [c[0] for c in parsed.charts][:2] == ["rejects", "runs"]
    assert "malformed_json" in page.read_text()

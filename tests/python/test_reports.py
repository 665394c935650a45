"""Reports, course plans and the anonymised release (SPEC 6, 5.4, 4) through the C ABI: the
figures as dicts, rows and pandas DataFrames, CSV agreeing with the rows, the release's figures
equal to the original's, and the HTML page as a person sees it — rendered by headless Chromium,
its screenshot checked for the charts' colours."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

import vocfab
from vocfab.reports import Plan, Report

from conftest import DATA

SAMPLE = DATA / "sample.json"
DAY = "2026-11-20"


@pytest.fixture
def sample(library: dict) -> Iterator[vocfab.Dataset]:
    with vocfab.Dataset.load(SAMPLE) as ds:
        yield ds


def test_report_figures_and_rates(sample: vocfab.Dataset) -> None:
    report = sample.report(as_of=DAY, by=["centre", "gender"])
    assert isinstance(report, Report)
    assert report.programme == "izmir-vocational-factory" and report.as_of == DAY
    referrals = report.employment["referrals"]
    statuses = ("referred", "interview", "hired", "rejected", "declined", "no_show", "withdrawn", "left_early", "retained")
    assert referrals["total"] == sum(referrals[s] for s in statuses)
    assert report.employment["hires"] == referrals["hired"] + referrals["left_early"] + referrals["retained"]
    rate = report.employment["rates"]["hire_per_referral"]
    assert rate["numerator"] == report.employment["hires"] and rate["denominator"] == referrals["total"]
    assert rate["rate"] == pytest.approx(rate["numerator"] / rate["denominator"])
    assert set(report.breakdowns) == {"centre", "gender"}
    for metric in ("total", "completed", "withdrawn"):
        assert sum(g.training["enrollments"][metric] for g in report.breakdowns["centre"]) == \
            report.training["enrollments"][metric]
    assert sample.report(as_of=DAY, by="all", max_threads=1) == sample.report(as_of=DAY, by="all")
    assert report.training["certificates"]["total"] == \
        report.training["certificates"]["meb"] + report.training["certificates"]["participation"]


def test_rows_are_the_csv(sample: vocfab.Dataset) -> None:
    report = sample.report(as_of=DAY, by="all", min_group_size=3)
    text = sample.report_text("csv", as_of=DAY, by="all", min_group_size=3)
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["section", "metric", "dimension", "group", "count", "denominator", "rate"]
    rows = report.rows()
    assert len(rows) == len(lines) - 1
    for row, line in zip(rows, lines[1:]):
        assert [row.section, row.metric, row.dimension] == line[:3]
        assert line[4] == ("suppressed" if row.count is None else str(row.count))
        if row.rate is not None:
            assert float(line[6]) == pytest.approx(row.rate, abs=1e-6)
    assert any(row.count is None for row in rows)  # something small enough to withhold


def test_dataframes(sample: vocfab.Dataset) -> None:
    pandas = pytest.importorskip("pandas")
    report = sample.report(as_of=DAY, by=["gender", "age_band"])
    frame = report.to_dataframe()
    assert list(frame.columns) == ["section", "metric", "dimension", "group", "count", "denominator", "rate"]
    totals = frame[(frame.dimension == "all") & (frame.metric == "referrals.total")]
    assert int(totals["count"].iloc[0]) == report.employment["referrals"]["total"]
    wide = report.breakdown_frame("gender")
    assert int(wide["referrals.total"].sum()) == report.employment["referrals"]["total"]
    assert isinstance(wide, pandas.DataFrame) and "label" in wide.columns


def test_report_refusals(sample: vocfab.Dataset) -> None:
    with pytest.raises(vocfab.InvalidArgumentError) as no_day:
        sample.report()
    assert no_day.value.issues[0].code == "missing_field"
    with pytest.raises(vocfab.InvalidArgumentError) as backwards:
        sample.report(as_of=DAY, from_="2026-06-01", to="2026-05-01")
    assert backwards.value.issues[0].code == "invalid_date_range"
    with pytest.raises(vocfab.InvalidArgumentError) as unknown:
        sample.report(as_of=DAY, by=["religion"])
    assert unknown.value.issues[0].path == "by[0]"


def test_plan(sample: vocfab.Dataset) -> None:
    plan = sample.plan(as_of=DAY)
    assert isinstance(plan, Plan) and plan.as_of == DAY
    codes = {branch["code"] for branch in sample.list("branches")}
    assert {b.branch for b in plan.branches} == codes
    for balance in plan.branches:
        assert balance.gap == balance.demand - balance.supply
        assert balance.demand == balance.open_positions + balance.recent_hires
    for recommendation in plan.recommendations:
        assert recommendation.capacity >= 12 and "gap" in recommendation.reason


def test_anonymised_release_keeps_the_figures(sample: vocfab.Dataset) -> None:
    with sample.anonymised(DAY, seed=4) as release:
        assert release.report_text("json", as_of=DAY, by="all") == sample.report_text("json", as_of=DAY, by="all")
        text = release.to_json(reveal_national_ids=True)
        for person in sample.list("trainees", reveal_national_ids=True)[:50]:
            assert person["id"] not in text
            if "national_id" in person:
                for field in ("national_id", "given_name", "family_name"):
                    assert f'"{person[field]}"' not in text, field
        assert all(t.get("erased") for t in release.list("trainees"))
        assert release.validate().valid
    with pytest.raises(vocfab.InvalidArgumentError) as no_day:
        sample.anonymised()
    assert no_day.value.issues[0].path == "erased_on"


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (scripts/install-deps.sh installs it)")
    pytest.skip("chromium is not installed")


def test_html_page_renders_with_its_charts(sample: vocfab.Dataset) -> None:
    """The page as a person sees it: headless Chromium renders it, and the screenshot shows the
    page's text and the charts' colours, not a blank page."""
    image = pytest.importorskip("PIL.Image")
    browser = _chromium()
    page = sample.report_text("html", as_of=DAY, by=["centre", "branch", "gender", "age_band"])
    with tempfile.TemporaryDirectory() as work:
        html = Path(work) / "report.html"
        png = Path(work) / "report.png"
        html.write_text(page, encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={work}/profile", f"--screenshot={png}", "--window-size=1280,3000",
                        html.as_uri()], check=True, timeout=120, capture_output=True)
        shot = image.open(png).convert("RGB")
        assert shot.size == (1280, 3000)
        colours = shot.getcolors(maxcolors=1 << 20)
        assert colours is not None
        counts = {colour: count for count, colour in colours}
        white = counts.get((255, 255, 255), 0)
        assert white < 0.97 * shot.size[0] * shot.size[1], "the page rendered blank"
        # The funnel's blue, the hires' green and the withdrawn grey fill whole bars.
        for colour in ((0x00, 0x72, 0xB2), (0x00, 0x9E, 0x73), (0xBB, 0xBB, 0xBB)):
            assert counts.get(colour, 0) > 500, f"no bar of colour {colour} on the page"
        # Text is drawn (dark pixels), in more than a few places.
        dark = sum(count for colour, count in counts.items() if max(colour) < 80)
        assert dark > 5000

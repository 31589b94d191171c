"""The report printed by Debian's Chromium (scripts/install-browser), read back with pdftotext."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reports.printing import report_pdf
from reports.selectors import map_report

pytestmark = [
    pytest.mark.django_db,
    # Chromium prints the report, as it draws the pictures that the browser tests check.
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is missing: run scripts/install-browser"),
]


def pages_of(pdf: bytes, folder: Path) -> list[str]:
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return [
        subprocess.run(
            ["pdftotext", "-raw", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def unbroken(text: str) -> str:
    """The text without its line breaks and spaces: a title wrapped in a table cell reads whole again."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def printed(journey, tmp_path) -> list[str]:
    return pages_of(report_pdf(map_report(journey.map)), tmp_path)


def test_it_prints_a_cover_the_swimlane_a_page_per_stage_and_the_action_plan(journey, printed):
    cover, swimlane, *stages, plan = printed
    assert unbroken(journey.map.title) in unbroken(cover) and "Андрей" in cover and "DRAFT" in cover
    assert "Thejourneyataglance" in unbroken(swimlane)
    assert len(stages) == len(journey.stages)
    for page, stage in zip(stages, journey.stages, strict=True):
        assert unbroken(stage.name) in unbroken(page)
    assert "Actionplan" in unbroken(plan) and "Мария" in plan


def test_it_keeps_the_full_text_of_every_touchpoint_title_in_russian_and_chinese(journey, printed):
    text = unbroken("".join(printed))
    for touchpoint in journey.touchpoints:
        assert unbroken(touchpoint.title) in text, touchpoint.title

"""The report workbook opens in LibreOffice (issue 4: "opens in LibreOffice and Excel without
repair"). Runs only where LibreOffice is installed (not on CI: it is a 300 MB install)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_report_workbook(tmp_path: Path) -> None:
    def khaosat(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, check=True,
                       capture_output=True, timeout=120)

    khaosat("demo", "--no-open", "--data-dir", str(tmp_path))
    # The demo fills the current year up to today: the yearly report always has forms.
    khaosat("report", "--period", str(date.today().year), "--out", str(tmp_path / "out"),
            "--data-dir", str(tmp_path / "demo"))
    (workbook,) = (tmp_path / "out").glob("*.xlsx")
    done = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(workbook)],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    (converted,) = (tmp_path / "lo").glob("*.pdf")
    text = subprocess.run(["pdftotext", str(converted), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG" in text
    assert "Tỷ lệ hài lòng chung" in text

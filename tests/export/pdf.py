"""Workbooks as printed: LibreOffice headless turns them into PDF, poppler reads it back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfimages")


def to_pdf(files, tmp_path: Path) -> dict[str, Path]:
    """Print every workbook to PDF (all sheets, as File > Export as PDF would), in one
    LibreOffice run with a private profile; returns each workbook's name → its PDF."""
    out = tmp_path / "printed"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=300)
    return {Path(f).name: out / (Path(f).stem + ".pdf") for f in files}


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed (pdftotext -layout)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def images_on_page(pdf: Path, page: int) -> int:
    """How many images page `page` (from 1) shows."""
    listing = subprocess.run(["pdfimages", "-list", "-f", str(page), "-l", str(page),
                              str(pdf)], check=True, capture_output=True, text=True,
                             timeout=60).stdout
    return len(listing.splitlines()) - 2  # two header lines

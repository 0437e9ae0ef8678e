"""A failed export never damages the file that was there; folder problems are one line."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl.workbook import Workbook

from mesocost.core.comparison import compare
from mesocost.core.errors import ExportError
from mesocost.export.xlsx import export_comparison

CREATED = date(2026, 11, 2)


def _export(path, seed_entries, request, rates):
    rows = compare(seed_entries, request, "EUR", rates)
    export_comparison(path, rows, request, "EUR", locale="en_US", created=CREATED)


def test_export_failing_halfway_leaves_the_earlier_file_intact(
        tmp_path, monkeypatch, seed_entries, request_with_everything, rates):
    target = tmp_path / "comparison.xlsx"
    _export(target, seed_entries, request_with_everything, rates)
    before = target.read_bytes()

    original_save = Workbook.save

    def save_then_fail(self, handle):
        original_save(self, handle)  # the temporary file is now a whole workbook...
        raise RuntimeError("disk unplugged")  # ...and the export still fails

    monkeypatch.setattr(Workbook, "save", save_then_fail)
    with pytest.raises(RuntimeError):
        _export(target, seed_entries, request_with_everything, rates)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comparison.xlsx"]


def test_missing_folder_is_one_clear_error(tmp_path, seed_entries, request_with_everything,
                                           rates):
    with pytest.raises(ExportError, match="folder does not exist"):
        _export(tmp_path / "nowhere" / "c.xlsx", seed_entries, request_with_everything, rates)


def _unwritable_folder(tmp_path):
    """A folder this process may not create files in, even as root (CI runs as root)."""
    if os.geteuid() == 0:
        return Path("/sys")  # sysfs refuses new files to everyone: a real EACCES
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    return locked


def test_unwritable_folder_is_one_clear_error(tmp_path, seed_entries,
                                              request_with_everything, rates):
    folder = _unwritable_folder(tmp_path)
    try:
        with pytest.raises(ExportError, match="permission denied") as caught:
            _export(folder / "c.xlsx", seed_entries, request_with_everything, rates)
        assert "\n" not in str(caught.value)
    finally:
        if folder != Path("/sys"):
            folder.chmod(0o700)


def test_target_that_is_a_folder_is_one_clear_error(tmp_path, seed_entries,
                                                    request_with_everything, rates):
    (tmp_path / "c.xlsx").mkdir()
    with pytest.raises(ExportError):
        _export(tmp_path / "c.xlsx", seed_entries, request_with_everything, rates)


def test_file_held_open_elsewhere_is_one_clear_error_and_keeps_the_old_file(
        tmp_path, monkeypatch, seed_entries, request_with_everything, rates):
    # On Windows a workbook open in Excel cannot be replaced: os.replace is refused.
    target = tmp_path / "comparison.xlsx"
    _export(target, seed_entries, request_with_everything, rates)
    before = target.read_bytes()

    def refuse(source, destination):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="permission denied"):
        _export(target, seed_entries, request_with_everything, rates)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["comparison.xlsx"]


def test_a_folder_that_refuses_new_files_is_not_called_missing(tmp_path):
    from mesocost.storage.atomic import write_text_atomic

    with pytest.raises(ExportError, match="cannot create a file in /proc"):
        write_text_atomic(Path("/proc/mesocost-test.txt"), "x")

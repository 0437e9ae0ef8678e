"""Saving never harms what it should protect (mesocost.storage.atomic, via the commands).

Permission checks only mean something without root's override of file permissions, and
CI runs as root: those commands run in a child process whose capabilities lack
CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv), so the kernel enforces modes exactly
as for any user.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from mesocost.core.errors import ExportError
from mesocost.storage import atomic

SETPRIV = shutil.which("setpriv")
DROP = "-dac_override,-dac_read_search"
CSV = "country,currency,low,high,clinic\nTR,USD,100,200,Alpha\n"
CATALOG = ('[[entries]]\ndestination = "ES"\ncurrency = "EUR"\nlow = "90"\nhigh = "180"\n'
           'clinic = "Mine"\n')


@functools.cache
def _unprivileged_prefix() -> tuple[str, ...] | None:
    """How to run a command without root's permission override, or None if impossible."""
    if os.geteuid() != 0:
        return ()
    if SETPRIV is None:
        return None
    prefix = (SETPRIV, "--bounding-set", DROP, "--inh-caps", DROP, "--")
    # Can the child open a file without any write bit for writing? Root can; we must not.
    probe = subprocess.run([*prefix, sys.executable, "-c", (
        "import os, tempfile\n"
        "handle, name = tempfile.mkstemp(); os.close(handle); os.chmod(name, 0o444)\n"
        "try:\n    open(name, 'w').close(); print('root')\n"
        "except PermissionError:\n    print('user')\n"
        "os.unlink(name)")], capture_output=True, text=True, check=False)
    return prefix if probe.returncode == 0 and probe.stdout.strip() == "user" else None


def mesocost_unprivileged(*args, cwd: Path, umask: int = 0o022):
    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE (setpriv missing or "
                    "not permitted): permission checks would be meaningless")
    return subprocess.run([*prefix, sys.executable, "-m", "mesocost", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, umask=umask, check=False)


def one_line_error(run, *fragments: str) -> None:
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert run.stdout == ""
    assert run.stderr.startswith("mesocost: error: ") and run.stderr.count("\n") == 1, \
        run.stderr
    for fragment in fragments:
        assert fragment in run.stderr




def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def only(folder: Path, *names: str) -> None:
    """No temporary file left behind."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


# --- modes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600),
                                                 (0o002, 0o664)])
def test_new_files_honour_the_umask(tmp_path, umask, expected):
    (tmp_path / "list.csv").write_text(CSV)
    template = mesocost_unprivileged("catalog", "template", "t.xlsx", cwd=tmp_path,
                                     umask=umask)
    imported = mesocost_unprivileged("catalog", "import", "list.csv", "--output", "c.toml",
                                     cwd=tmp_path, umask=umask)
    assert template.returncode == imported.returncode == 0, template.stderr + imported.stderr
    assert mode(tmp_path / "t.xlsx") == expected
    assert mode(tmp_path / "c.toml") == expected
    only(tmp_path, "list.csv", "t.xlsx", "c.toml")


def test_a_workbook_gets_the_umask_too(tmp_path):
    run = mesocost_unprivileged("compare", "--start", "2027-01-31", "--xlsx", "c.xlsx",
                                cwd=tmp_path, umask=0o027)
    assert run.returncode == 0, run.stderr
    assert mode(tmp_path / "c.xlsx") == 0o640


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_text("old")
    target.chmod(0o640)
    run = mesocost_unprivileged("catalog", "template", "t.xlsx", cwd=tmp_path, umask=0o077)
    assert run.returncode == 0, run.stderr
    assert mode(target) == 0o640
    assert openpyxl.load_workbook(target).sheetnames[0] == "Prices"
    only(tmp_path, "t.xlsx")


# --- links ----------------------------------------------------------------------------


def test_a_symlink_is_written_through_to_its_target(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "catalog.toml").write_text("old\n")
    (real / "catalog.toml").chmod(0o604)
    (tmp_path / "link.toml").symlink_to(real / "catalog.toml")
    (tmp_path / "list.csv").write_text(CSV)
    run = mesocost_unprivileged("catalog", "import", "list.csv", "--output", "link.toml",
                                cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "link.toml").is_symlink()
    assert os.readlink(tmp_path / "link.toml") == str(real / "catalog.toml")
    assert 'clinic = "Alpha"' in (real / "catalog.toml").read_text()
    assert mode(real / "catalog.toml") == 0o604
    only(real, "catalog.toml")
    only(tmp_path, "real", "link.toml", "list.csv")


def test_a_dangling_symlink_creates_its_target(tmp_path):
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "made.xlsx")
    atomic.write_bytes_atomic(tmp_path / "link.xlsx", b"data")
    assert (tmp_path / "link.xlsx").is_symlink()
    assert (tmp_path / "made.xlsx").read_bytes() == b"data"


# --- an output that is an input -------------------------------------------------------


def test_compare_refuses_to_write_over_its_catalog(cli, tmp_path):
    catalog = tmp_path / "c.toml"
    catalog.write_text(CATALOG)
    run = cli("compare", "--catalog", catalog, "--xlsx", catalog)
    assert run.code == 2 and run.out == ""
    assert "is also the command's input (--catalog)" in run.err and run.err.count("\n") == 1
    assert catalog.read_text() == CATALOG
    # The same file under another name: a symbolic link, a hard link, a relative path.
    (tmp_path / "alias.toml").symlink_to(catalog)
    os.link(catalog, tmp_path / "hard.toml")
    for other in (tmp_path / "alias.toml", tmp_path / "hard.toml",
                  tmp_path / "sub" / ".." / "c.toml"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        run = cli("compare", "--catalog", catalog, "--xlsx", other)
        assert run.code == 2 and "--catalog" in run.err, other
    assert catalog.read_text() == CATALOG


def test_quote_refuses_to_write_over_its_protocol_file(cli, tmp_path):
    protocol = tmp_path / "p.toml"
    protocol.write_text('[protocols.mine]\nphases = [{sessions = 3, every_days = 15}]\n')
    before = protocol.read_text()
    run = cli("quote", "preview", "--destination", "TR", "--client", "Ada",
              "--protocol", protocol, "--xlsx", protocol)
    assert run.code == 2 and "(--protocol)" in run.err and run.out == ""
    assert protocol.read_text() == before


def test_import_refuses_to_write_over_its_price_list(cli, tmp_path):
    source = tmp_path / "list.csv"
    source.write_text(CSV)
    run = cli("catalog", "import", source, "--output", source)
    assert run.code == 2 and "(the price list)" in run.err and run.out == ""
    assert source.read_text() == CSV
    only(tmp_path, "list.csv")


def test_an_output_that_is_not_an_input_is_fine(cli, tmp_path):
    catalog = tmp_path / "c.toml"
    catalog.write_text(CATALOG)
    run = cli("compare", "--catalog", catalog, "--start", "2027-01-31", "--xlsx",
              tmp_path / "c.xlsx")
    assert run.code == 0, run.err


# --- read-only files ------------------------------------------------------------------


def test_a_read_only_file_is_refused_unless_forced(tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_text("keep me")
    target.chmod(0o444)
    refused = mesocost_unprivileged("catalog", "template", "t.xlsx", cwd=tmp_path)
    one_line_error(refused, "t.xlsx: the file is read-only", "--force")
    assert target.read_text() == "keep me"
    only(tmp_path, "t.xlsx")

    forced = mesocost_unprivileged("catalog", "template", "t.xlsx", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert openpyxl.load_workbook(target).sheetnames[0] == "Prices"
    assert mode(target) == 0o444  # replaced, and still protected
    only(tmp_path, "t.xlsx")


@pytest.mark.parametrize("command", [
    ("compare", "--start", "2027-01-31", "--xlsx", "out"),
    ("quote", "preview", "--destination", "TR", "--client", "Ada", "--xlsx", "out"),
    ("catalog", "import", "list.csv", "--output", "out"),
    ("catalog", "template", "out"),
])
def test_every_writing_command_has_force(cli, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "list.csv").write_text(CSV)
    (tmp_path / "out").write_text("protected")
    (tmp_path / "out").chmod(0o444)  # read-only even for root (no write bit at all)
    refused = cli(*command)
    assert refused.code == 2 and "read-only" in refused.err and refused.out == ""
    assert (tmp_path / "out").read_text() == "protected"
    forced = cli(*command, "--force")
    assert forced.code == 0, forced.err
    assert (tmp_path / "out").read_bytes() != b"protected"
    assert mode(tmp_path / "out") == 0o444


# --- errors that say what is really wrong ---------------------------------------------


def test_a_read_only_folder_is_permission_denied(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        run = mesocost_unprivileged("catalog", "template", "locked/t.xlsx", cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    one_line_error(run, "permission denied", "locked")
    only(folder)


def test_a_missing_folder_says_so(tmp_path):
    run = mesocost_unprivileged("catalog", "template", "nowhere/t.xlsx", cwd=tmp_path)
    one_line_error(run, "folder does not exist: ", "nowhere")


@pytest.mark.parametrize(("target", "says"), [
    ("folder", "is a folder, not a file"),
    ("/dev/null", "is not a regular file"),
])
def test_folders_and_devices_are_never_replaced(tmp_path, target, says):
    (tmp_path / "folder").mkdir()
    path = Path(target) if target.startswith("/") else tmp_path / target
    with pytest.raises(ExportError, match=says):
        atomic.write_bytes_atomic(path, b"x")
    assert Path("/dev/null").is_char_device()


def _failing(error: OSError):
    def fail(*args, **kwargs):
        raise error
    return fail


@pytest.mark.parametrize(("where", "error", "says"), [
    ("fsync", OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
    ("fsync", OSError(errno.EDQUOT, "Disk quota exceeded"), "quota"),
    ("fsync", OSError(errno.EROFS, "Read-only file system"), "the disk is read-only"),
    ("replace", PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
])
def test_what_went_wrong_is_said_and_the_old_file_kept(tmp_path, monkeypatch, where, error,
                                                        says):
    target = tmp_path / "t.toml"
    target.write_text("old")
    monkeypatch.setattr(os, where, _failing(error))
    with pytest.raises(ExportError, match=says) as caught:
        atomic.write_text_atomic(target, "new")
    assert "\n" not in str(caught.value)
    assert target.read_text() == "old"
    only(tmp_path, "t.toml")


def test_a_file_locked_by_another_program_is_said_so(tmp_path, monkeypatch):
    # Windows refuses to replace a file Excel holds open: a sharing violation (32).
    sharing = PermissionError(errno.EACCES, "The process cannot access the file")
    sharing.winerror = 32
    target = tmp_path / "t.xlsx"
    target.write_text("old")
    monkeypatch.setattr(os, "replace", _failing(sharing))
    with pytest.raises(ExportError, match="open in another program: close it"):
        atomic.write_bytes_atomic(target, b"new")
    assert target.read_text() == "old"

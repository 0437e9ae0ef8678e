"""Output that cannot be written ends in one line, never a traceback.

Real processes, real streams: a console or redirected file in an encoding that lacks a
character (cp1252, Windows' default for a redirected file), a full device, a closed pipe,
a workbook save that fails halfway.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys

import pytest

START = ("--start", "2027-01-31")
NOISE = ("Traceback", "Exception ignored")


def mesocost(*args, env=None, **kwargs):
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "mesocost", *map(str, args)],
                          env=environment, check=False, **kwargs)


@pytest.mark.parametrize("args", [
    ("compare", "--locale", "tr_TR", *START),                 # ₺ is not in cp1252
    ("compare", "--locale", "ja_JP", "--format", "json", *START),
    ("schedule", *START),                                      # "←" is not either
    ("rates", "--base", "TRY", "--symbols", "EUR,USD"),
])
def test_characters_the_encoding_lacks_are_replaced(args):
    run = mesocost(*args, env={"PYTHONIOENCODING": "cp1252"}, capture_output=True)
    assert run.returncode == 0, run.stderr.decode("cp1252", "replace")
    assert run.stderr == b""
    text = run.stdout.decode("cp1252")
    assert "?" in text or args[0] == "rates"
    assert "ECB" in text or "After every session" in text or "information" in text


def test_an_error_line_in_a_narrow_encoding_is_still_one_line(tmp_path):
    run = mesocost("compare", "--catalog", tmp_path / "ŞİĞ—₺.toml",
                   env={"PYTHONIOENCODING": "ascii"}, capture_output=True)
    assert run.returncode == 2 and run.stdout == b""
    assert run.stderr.decode("ascii").count("\n") == 1
    assert b"file not found" in run.stderr


@pytest.mark.parametrize("args", [
    ("compare", *START),
    ("compare", "--format", "json", *START),
    ("rates", "--format", "json"),       # more than one buffer: fails during the run
    ("schedule", "--maintenance-months", "120", *START),
])
def test_a_full_device_is_one_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        run = mesocost(*args, stdout=full, stderr=subprocess.PIPE, text=True)
    assert run.returncode == 2
    assert run.stderr == ("mesocost: error: cannot write the output: No space left on "
                          "device\n")


def test_a_reader_that_goes_away_is_not_an_error():
    process = subprocess.Popen([sys.executable, "-m", "mesocost", "rates", "--format",
                                "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # before anything was written: the write meets a closed pipe
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert not any(noise.encode() in err for noise in NOISE), err


def _limit_file_size():  # runs in the child, before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


@pytest.mark.parametrize("args", [
    ("compare", *START, "--xlsx", "c.xlsx"),
    ("quote", "preview", "--destination", "TR", "--client", "Ada", *START, "--xlsx",
     "c.xlsx"),
])
def test_a_failed_workbook_save_prints_its_line_and_nothing_else(tmp_path, args):
    (tmp_path / "c.xlsx").write_bytes(b"the earlier file")
    run = mesocost(*args, cwd=tmp_path, capture_output=True, text=True,
                   preexec_fn=_limit_file_size)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr == ("mesocost: error: c.xlsx: the file is too large for this disk or "
                          "for the file-size limit\n")
    assert (tmp_path / "c.xlsx").read_bytes() == b"the earlier file"
    assert [p.name for p in tmp_path.iterdir()] == ["c.xlsx"]

"""Inputs without a size: the cap is on what is read, and a pipe that never ends is refused.

/dev/zero and a pipe report a size of 0 and never end; a FIFO nobody writes to never even
starts. Each is one line, quickly, instead of a command that eats memory or hangs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from mesocost.core.errors import InputError
from mesocost.storage import pricelist, reading, tomlfiles
from mesocost.storage.pricelist import import_price_list
from mesocost.storage.tomlfiles import load_catalog

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")

CATALOG = b'[[entries]]\ndestination = "ES"\ncurrency = "EUR"\nlow = "90"\nhigh = "180"\n'


def refused_quickly(load, path, match, within=5.0):
    started = time.monotonic()
    with pytest.raises(InputError, match=match) as caught:
        load(path)
    assert time.monotonic() - started < within
    assert "\n" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize("load", [load_catalog, import_price_list])
def test_dev_zero_is_refused_at_the_cap(load):
    refused_quickly(load, "/dev/zero", "more than the .* allowed bytes")


def test_the_cap_counts_bytes_read_not_the_size_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(tomlfiles, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(pricelist, "MAX_FILE_BYTES", 1000)
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)
    writer = subprocess.Popen(  # `yes` into the FIFO: reports size 0, never ends
        [sys.executable, "-c", f"import sys\nwith open({str(fifo)!r}, 'wb') as f:\n"
         "    while True: f.write(b'x = 1\\n' * 1000)"], stderr=subprocess.DEVNULL)
    try:
        refused_quickly(load_catalog, fifo, "more than the 1000 allowed bytes")
    finally:
        writer.kill()
        writer.wait()


def test_a_fifo_that_never_ends_is_refused_after_the_deadline(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "READ_DEADLINE_S", 0.5)
    fifo = tmp_path / "silent"
    os.mkfifo(fifo)
    # Nobody writes: opening would block forever; reading must not.
    refused_quickly(load_catalog, fifo, "no end of the file within 0.5 s", within=3)
    # A writer that opens, writes a little and never closes.
    holder = {}

    def write_and_hold():
        handle = os.open(fifo, os.O_WRONLY)
        os.write(handle, b"# a start\n")
        holder["fd"] = handle

    thread = threading.Thread(target=write_and_hold, daemon=True)
    thread.start()
    try:
        refused_quickly(import_price_list, fifo, "no end of the file", within=3)
    finally:
        thread.join(2)
        if "fd" in holder:
            os.close(holder["fd"])


def test_a_pipe_that_ends_is_read_like_a_file(tmp_path):
    fifo = tmp_path / "catalog.toml"
    os.mkfifo(fifo)

    def write():
        with open(fifo, "wb") as handle:
            handle.write(CATALOG)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    (entry,) = load_catalog(fifo)
    thread.join(2)
    assert (entry.destination, entry.currency) == ("ES", "EUR")


@pytest.mark.parametrize("load", [load_catalog, import_price_list])
def test_a_folder_is_one_line(tmp_path, load):
    refused_quickly(load, tmp_path, "is a folder, not a file")


def test_through_the_command_line(tmp_path):
    """`--catalog /dev/zero` and a directory: exit 2 with one line, in a real process."""
    for path, says in (("/dev/zero", "allowed bytes"), (tmp_path, "is a folder")):
        run = subprocess.run([sys.executable, "-m", "mesocost", "compare", "--catalog",
                              str(path)], capture_output=True, text=True, timeout=60,
                             check=False)
        assert run.returncode == 2 and run.stdout == ""
        assert run.stderr.count("\n") == 1 and says in run.stderr

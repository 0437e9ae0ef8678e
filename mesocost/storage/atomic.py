"""Writing files so that a failure never loses what was there before.

Write to a temporary file in the same folder, flush it to disk, then `os.replace` it over
the target: readers see the old file or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from mesocost.core.errors import ExportError


def _explain(error: OSError, path: Path) -> ExportError:
    if isinstance(error, FileNotFoundError) and not path.parent.is_dir():
        reason = f"folder does not exist: {path.parent}"
    elif isinstance(error, FileNotFoundError):
        reason = f"cannot create a file in {path.parent}"
    elif isinstance(error, PermissionError):
        reason = "permission denied (is the file open in another program, or read-only?)"
    elif isinstance(error, IsADirectoryError):
        reason = "is a folder, not a file"
    else:
        reason = f"cannot write: {error.strerror or error}"
    return ExportError(reason, str(path))


@contextlib.contextmanager
def atomic_binary(path: Path) -> Iterator[BinaryIO]:
    """Open a temporary file beside `path`; on success it replaces `path` atomically.

    Raises:
        ExportError: one clear line when the folder is missing, unwritable or locked.
    """
    path = Path(path)
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, on every path)
            "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    except OSError as error:
        raise _explain(error, path) from None
    temporary = Path(handle.name)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _explain(error, path) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, atomically."""
    with atomic_binary(path) as handle:
        handle.write(data)


def write_text_atomic(path: Path, text: str) -> None:
    """Replace `path` with UTF-8 `text`, atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_with(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Let `write` fill a temporary file, then move it over `path` (e.g. a workbook save)."""
    with atomic_binary(path) as handle:
        write(handle)

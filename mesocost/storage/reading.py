"""Reading a file a person names, with the size cap on what is read, not on what is said.

The size the file system reports means nothing for a device or a pipe: /dev/zero and
`--catalog <(yes)` report 0 bytes and never end. So a file is read up to `limit` + 1
bytes and refused the moment it has more. A pipe, FIFO or device also has a deadline:
one that gives no end of file within READ_DEADLINE_S (a FIFO nobody writes to, a
terminal) is refused in one line instead of hanging the command.
"""

from __future__ import annotations

import os
import stat
import time

from mesocost.core.errors import InputError
from mesocost.core.i18n import _, ngettext

READ_DEADLINE_S = 10.0
_CHUNK = 1 << 16


def _open(path: str | os.PathLike, shown: str) -> int:
    # Non-blocking, so that opening a FIFO nobody writes to returns at once (POSIX).
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
             | getattr(os, "O_BINARY", 0))
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        raise InputError(_("file not found"), shown) from None
    except IsADirectoryError:
        raise InputError(_("is a folder, not a file"), shown) from None
    except PermissionError:
        if os.path.isdir(path):  # what Windows says for a folder
            raise InputError(_("is a folder, not a file"), shown) from None
        raise InputError(_("permission denied"), shown) from None
    except OSError as error:
        raise InputError(_("cannot read: {reason}").format(reason=error.strerror or error),
                         shown) from None


def _wait_readable(descriptor: int, deadline: float, shown: str) -> None:
    """Wait until the pipe or device has data or has ended, at most until `deadline`."""
    import select

    remaining = deadline - time.monotonic()
    if remaining > 0 and select.select([descriptor], [], [], remaining)[0]:
        return
    raise InputError(_("no end of the file within {seconds:g} s: a pipe or device that "
                       "never ends? Give a regular file").format(seconds=READ_DEADLINE_S),
                     shown)


def read_capped(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of `path`, at most `limit`.

    Raises:
        InputError: one line for a missing file, a folder, no permission, more than
            `limit` bytes, or a pipe/device that gives no end in time.
    """
    shown = os.fspath(path)
    descriptor = _open(path, shown)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(_("is a folder, not a file"), shown)
        streaming = not stat.S_ISREG(info.st_mode) and os.name == "posix"
        deadline = time.monotonic() + READ_DEADLINE_S
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            if streaming:
                _wait_readable(descriptor, deadline, shown)
            try:
                chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            except BlockingIOError:
                continue  # woken without data: wait again (within the deadline)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except IsADirectoryError:
        raise InputError(_("is a folder, not a file"), shown) from None
    except OSError as error:
        raise InputError(_("cannot read: {reason}").format(reason=error.strerror or error),
                         shown) from None
    finally:
        os.close(descriptor)
    if total > limit:
        raise InputError(ngettext("file too large: more than the {count} allowed byte was read",
                                  "file too large: more than the {count} allowed bytes were "
                                  "read", limit).format(count=limit), shown)
    return b"".join(chunks)

"""Writing files so that saving never harms what it should protect.

Every file mesocost writes goes through here. The rules:

- **Atomic**: write a temporary file beside the target, flush it to disk, then
  `os.replace` it over the target: readers see the old file or the new one, never half of
  either, and a failed write leaves the old file as it was.
- **Permissions**: a new file gets what the umask allows (0644 under umask 022, 0600
  under 077), like any program's; an existing file keeps its mode (and, where allowed,
  its owner and group).
- **Symbolic links** are written through: the link stays, its target gets the content
  (the temporary file is made beside the target, so the replace stays atomic).
- **Refused** with one line: an output that is one of the command's inputs
  (`check_output`), a folder, a device or pipe, and a read-only file unless forced.
- **Explained** in one line: a missing folder, a folder that refuses new files, a file
  locked by another program, a full disk, a read-only file system.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from mesocost.core.errors import ExportError
from mesocost.core.i18n import N_, _
from mesocost.core.text import valid_text

StrPath = str | os.PathLike

_WINDOWS_SHARING_VIOLATION = 32
_WINDOWS_LOCK_VIOLATION = 33
_WINDOWS_ACCESS_DENIED = 5


# Failures that mean the same whatever was being done (translated when reported).
_BY_ERRNO = {
    errno.ENOSPC: N_("the disk is full (no space left on the device)"),
    errno.EFBIG: N_("the file is too large for this disk or for the file-size limit"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENAMETOOLONG: N_("the file name is too long"),
}
if hasattr(errno, "EDQUOT"):
    _BY_ERRNO[errno.EDQUOT] = N_("your disk quota is used up")


class ReadOnlyFile(ExportError):
    """The target exists and is read-only: replaced only when the caller forces it."""


def _real(path: StrPath) -> Path:
    """The file a write to `path` must change: symbolic links followed to their target."""
    return Path(os.path.realpath(path))


def _same_file(first: StrPath, second: StrPath) -> bool:
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):  # either one missing (or an unusable name): not the same
        return False


def _is_read_only(target: Path, info: os.stat_result) -> bool:
    # No write bit at all is read-only even for root (and is Windows' read-only attribute);
    # os.access answers for this user (owner, group, ACLs).
    return not info.st_mode & 0o222 or not os.access(target, os.W_OK)


def _existing(target: Path, shown: str, force: bool) -> os.stat_result | None:
    """The target's status if it exists; refuse a folder, a device and (unforced) read-only."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _explain(error, shown, target, "open") from None
    if stat.S_ISDIR(info.st_mode):
        raise ExportError(_("is a folder, not a file"), shown)
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(_("is not a regular file (a device or a pipe): not replacing it"),
                          shown)
    if not force and _is_read_only(target, info):
        raise ReadOnlyFile(_("the file is read-only (use --force to replace it)"), shown)
    return info


def check_output(path: StrPath, *, inputs: Mapping[str, StrPath | None] | None = None,
                 force: bool = False) -> None:
    """Refuse, before any work is done, an output that saving would harm.

    Args:
        path: the file about to be written.
        inputs: what the command reads, by the name a person knows it by (e.g.
            {"--catalog": "c.toml"}); an output that is the same file (also through a link)
            is refused, so the input survives.
        force: a read-only file may be replaced.

    Raises:
        ExportError: one line saying what is wrong.
    """
    shown = os.fspath(path)
    target = _real(path)
    for name, source in (inputs or {}).items():
        if source is not None and _same_file(target, source):
            raise ExportError(_("is also the command's input ({name}): write to another file")
                              .format(name=name), shown)
    _existing(target, shown, force)


def _explain(error: OSError, shown: str, target: Path, stage: str) -> ExportError:
    """One line for what really went wrong; `stage` is open, create, write or replace."""
    folder = target.parent
    windows = getattr(error, "winerror", None)
    if windows in (_WINDOWS_SHARING_VIOLATION, _WINDOWS_LOCK_VIOLATION):
        reason = _("the file is open in another program: close it there and try again")
    elif error.errno in _BY_ERRNO:
        reason = _(_BY_ERRNO[error.errno])
    elif isinstance(error, IsADirectoryError):
        reason = _("is a folder, not a file")
    elif isinstance(error, NotADirectoryError):
        reason = _("part of the folder path is a file, not a folder: {folder}").format(
            folder=folder)
    elif isinstance(error, FileNotFoundError):
        reason = (_("cannot create a file in {folder}") if folder.is_dir()
                  else _("folder does not exist: {folder}")).format(folder=folder)
    elif isinstance(error, PermissionError):
        if stage == "create":
            reason = _("permission denied: the folder {folder} does not let you create "
                       "files").format(folder=folder)
        elif stage == "replace" and windows == _WINDOWS_ACCESS_DENIED:
            reason = _("permission denied: the file is read-only or open in another program")
        elif stage == "replace":
            reason = _("permission denied: cannot replace the file in {folder} (is it open "
                       "in another program, or protected?)").format(folder=folder)
        else:
            reason = _("permission denied: cannot open the folder {folder}").format(
                folder=folder)
    else:
        reason = _("cannot write: {reason}").format(reason=error.strerror or error)
    return ExportError(reason, shown)


def _create_temporary(target: Path) -> tuple[int, Path]:
    """A new file beside `target`, created with mode 0666: the kernel applies the umask."""
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0))
    stem = target.name[:200]  # room for the random part within a 255-byte name
    for _attempt in range(100):
        temporary = target.with_name(f".{stem}.{os.urandom(5).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def _keep_owner_and_mode(handle: BinaryIO, info: os.stat_result) -> None:
    """Give the new file the old file's owner/group (where allowed) and mode."""
    descriptor = handle.fileno()
    if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):  # only root, or a group one belongs to, may
            os.fchown(descriptor, info.st_uid, info.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, stat.S_IMODE(info.st_mode))  # after chown, which clears set-id


class _Output:
    """The temporary file as writers see it; after a failure, a sink.

    A writer may keep the file after failing: openpyxl's half-written zip archive finishes
    itself (seek, write, tell) when it is garbage collected, long after the one-line
    error. Once abandoned, writes go nowhere and positions stay consistent, so nothing
    fails a second time as an "Exception ignored" report after the error line.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._position: int | None = None  # set once abandoned

    def abandon(self) -> None:
        try:
            self._position = self._handle.tell()
        except (OSError, ValueError):
            self._position = 0
        with contextlib.suppress(OSError, ValueError):
            self._handle.close()  # the temporary file can now be deleted, even on Windows

    def write(self, data) -> int:
        if self._position is None:
            return self._handle.write(data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._handle.tell() if self._position is None else self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if self._position is None:
            return self._handle.seek(offset, whence)
        self._position = offset if whence == os.SEEK_SET else self._position + offset
        return self._position

    def flush(self) -> None:
        if self._position is None:
            self._handle.flush()

    def __getattr__(self, name: str):
        return getattr(self._handle, name)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def atomic_binary(path: StrPath, *, force: bool = False) -> Iterator[BinaryIO]:
    """Open a temporary file beside `path` (or beside the target of a link at `path`); on
    success it replaces that file atomically, keeping its mode.

    Args:
        force: replace a read-only file (it stays read-only).

    Raises:
        ExportError: one clear line (ReadOnlyFile for a read-only target without force).
    """
    shown = os.fspath(path)
    target = _real(path)
    info = _existing(target, shown, force)
    try:
        descriptor, temporary = _create_temporary(target)
    except OSError as error:
        raise _explain(error, shown, target, "create") from None
    stage = "write"
    handle = os.fdopen(descriptor, "wb")
    output = _Output(handle)
    try:
        if info is not None:
            _keep_owner_and_mode(handle, info)
        yield output  # type: ignore[misc]  (file-like: all that writers use)
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        stage = "replace"
        if info is not None and os.name == "nt" and _is_read_only(target, info):
            os.chmod(target, stat.S_IWRITE | stat.S_IREAD)  # forced: Windows refuses otherwise
            if not hasattr(os, "fchmod"):
                os.chmod(temporary, stat.S_IMODE(info.st_mode))
        os.replace(temporary, target)
    except OSError as error:
        output.abandon()
        temporary.unlink(missing_ok=True)
        raise _explain(error, shown, target, stage) from None
    except BaseException:
        output.abandon()
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def write_bytes_atomic(path: StrPath, data: bytes, *, force: bool = False) -> None:
    """Replace `path` with `data`, atomically."""
    with atomic_binary(path, force=force) as handle:
        handle.write(data)


def write_text_atomic(path: StrPath, text: str, *, force: bool = False) -> None:
    """Replace `path` with `text` as UTF-8, atomically (lone surrogates become U+FFFD)."""
    write_bytes_atomic(path, valid_text(text).encode("utf-8"), force=force)


def write_with(path: StrPath, write: Callable[[BinaryIO], None], *, force: bool = False
               ) -> None:
    """Let `write` fill a temporary file, then move it over `path` (e.g. a workbook save)."""
    with atomic_binary(path, force=force) as handle:
        write(handle)

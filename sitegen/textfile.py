"""Reading a file the check was pointed at without trusting it.

measures.yaml comes from a pull request, and so does the path of the source text it names. Before
a byte is read, the file must be a regular file (not a directory, device, FIFO or socket) of at
most MAX_BYTES; it is then read through the descriptor that was checked, never more than the
limit, and must be UTF-8 text without control characters. A byte-order mark is dropped.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

# measures.yaml is about 130 KB and the source text 11 KB; a limit eight times the data leaves
# room for more versions of the policy and bounds the work of a hostile file.
MAX_BYTES = 1_048_576

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(Exception):
    """The file cannot be read as text; `line` is where, when known (1 otherwise)."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """The file's text, or FileRefused saying why not (in words for the message)."""
    try:
        before = os.stat(path)
    except OSError as error:
        raise FileRefused(f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(before.st_mode):
        raise FileRefused(f"is {_kind(before.st_mode)}, not a text file")
    if before.st_size > limit:
        raise FileRefused(
            f"is {before.st_size:,} bytes; the check reads files of at most {limit:,}"
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise FileRefused(f"cannot be read: {error.strerror or error}") from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            raise FileRefused("changed while it was being read; try again")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise FileRefused(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise FileRefused(
            f"is more than {limit:,} bytes; the check reads files of at most {limit:,}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise FileRefused("is not UTF-8 text; save it as UTF-8", line) from None
    text = text.removeprefix("\ufeff")
    control = _CONTROL.search(text)
    if control:
        char = control.group()
        line = text.count("\n", 0, control.start()) + 1
        what = "a NUL byte" if char == "\0" else f"the control character U+{ord(char):04X}"
        raise FileRefused(f"holds {what}: is it a text file?", line)
    return text

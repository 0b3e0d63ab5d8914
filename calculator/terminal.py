"""What the command lines (python -m calculator, build.py) write, written safely.

- `visible(text)`: a text echoed to a terminal with every control character (ANSI and OSC
  escapes, C1 controls, bidirectional overrides) shown as an escape such as \\x1b, so that a value
  from a file or an argument can never drive the terminal or hide what follows it.
- `Guarded`: an output (standard output, or the file of -o) whose failures to write (a reader that
  left, a full disk) are OutputError, so that they are said as errors of the output and never
  blamed on an input.
- `run(main, prog)`: a command run with its standard output guarded: a reader that left (`| head`)
  ends it quietly; any other failure to write is one line naming the output, exit 3.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from typing import Callable, TextIO

WRITE_FAILED = 3  # the exit status of a command whose output could not be written

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """The text with each control character written as an escape (\\x1b, \\u202e); line breaks
    and tabs kept."""
    return _CONTROL.sub(_escape, str(text))


def visible_line(text: object) -> str:
    """One line: as visible(), line breaks written as \\n too (a message is one line)."""
    return visible(str(text).replace("\r", "\\r").replace("\n", "\\n"))


class OutputError(Exception):
    """The output could not be written: `name` says which, `error` why."""

    def __init__(self, name: str, error: OSError):
        super().__init__(f"{name}: {error.strerror or error}")
        self.name = name
        self.error = error

    @property
    def reader_left(self) -> bool:
        return isinstance(self.error, BrokenPipeError) or self.error.errno == errno.EPIPE


class Guarded:
    """A text output whose failures to write are OutputError naming it."""

    def __init__(self, stream: TextIO | None, name: str):
        self._stream = stream  # None: the output is closed (`>&-`)
        self.name = name

    def _closed(self) -> OutputError:
        return OutputError(self.name, OSError(errno.EBADF, "it is closed"))

    def write(self, text: str) -> int:
        if self._stream is None:
            raise self._closed()
        try:
            return self._stream.write(text)
        except OSError as error:
            raise OutputError(self.name, error) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputError(self.name, error) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _quiet_stdout() -> None:
    """The reader left: nothing more can be written, and nothing is said at exit either."""
    if sys.stdout is None:
        return
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run(main: Callable[[], int], prog: str) -> int:
    """main() with standard output guarded and flushed before the end."""
    real = sys.stdout
    sys.stdout = Guarded(real, "standard output")  # type: ignore[assignment]
    try:
        status = main()
        sys.stdout.flush()
        return status
    except OutputError as error:
        if error.reader_left:
            sys.stdout = real
            _quiet_stdout()
            return 0
        sys.stderr.write(f"{prog}: cannot write {visible_line(error)}\n")
        sys.stdout = real
        _quiet_stdout()
        return WRITE_FAILED
    finally:
        if sys.stdout is not real:
            sys.stdout = real


def json_visible(text: str) -> str:
    """JSON text with the controls json.dumps(ensure_ascii=False) leaves as they are (C1, the
    bidirectional overrides) written as \\u escapes: the same JSON, inert on a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

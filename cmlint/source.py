"""Source text: bytes become text once, and every position is a character offset into it.

A constitution is read exactly once. Decoding problems (binary data, invalid UTF-8, a file
too large to be a constitution) become an `InputError` that names the place, never a
traceback. Offsets everywhere in cmlint are 0-based character offsets into `Source.text`;
lines and columns are computed from them only when something is shown to a person (1-based)
or sent to an editor (0-based, UTF-16 code units).
"""

from __future__ import annotations

import bisect
import codecs
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

DEFAULT_MAX_BYTES = 16 * 1024 * 1024

STDIN_NAME = "-"


class InputError(Exception):
    """A user's input cannot be read: reported as one line, exit code 2.

    `line` and `column` are 1-based where the problem has a place in the file.
    """

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        # one line, whatever the message quotes from the input (a line break inside a bad escape)
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{where}: error: {message}"


class NotAConstitution(InputError):
    """A readable file with nothing principle-shaped in it (a package.json, a config file).

    Named on the command line it is an input error like any other; found by a folder search
    it is skipped with a note, so a stray file beside the constitutions does not decide the run.
    """


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range [start, end) of character offsets into a source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def shift(self, offset: int) -> Span:
        return Span(self.start + offset, self.end + offset)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Position:
    """A place for people: 1-based line and 1-based column (in characters)."""

    line: int
    column: int


@dataclass(frozen=True)
class Source:
    """The text of one constitution and where it came from."""

    path: str
    text: str
    _line_starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        object.__setattr__(self, "_line_starts", starts)

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower() if self.path != STDIN_NAME else ""

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def position(self, offset: int) -> Position:
        """The 1-based line and column of a character offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(index + 1, offset - self._line_starts[index] + 1)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_start(self, line: int) -> int:
        return self._line_starts[line - 1]

    def offset_of(self, line: int, column: int) -> int:
        """The character offset of a 1-based line and column."""
        line = max(1, min(line, len(self._line_starts)))
        return min(self._line_starts[line - 1] + column - 1, len(self.text))

    def utf16_position(self, offset: int) -> tuple[int, int]:
        """The 0-based line and UTF-16 column of an offset, as the Language Server Protocol counts."""
        pos = self.position(offset)
        prefix = self.text[self._line_starts[pos.line - 1] : offset]
        units = len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)
        return pos.line - 1, units

    @cached_property
    def content_hash(self) -> str:
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


def _check_size(path: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            path,
            f"file is {size / 1_048_576:.1f} MiB, over the {max_bytes / 1_048_576:g} MiB limit "
            "for a constitution (raise max-file-size in the config to check it anyway)",
        )


def decode(path: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Turn raw bytes into a `Source`, or raise an `InputError` that says what is wrong."""
    _check_size(path, len(data), max_bytes)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16 at byte {exc.start}") from None
        return Source(path, text.replace("\x00", ""))
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes); cmlint reads UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start
        head = data[:offset].decode("utf-8-sig", errors="replace")
        line = head.count("\n") + 1
        column = len(head) - (head.rfind("\n") + 1) + 1
        raise InputError(
            path,
            f"invalid UTF-8 at byte {offset} (0x{data[offset]:02x}); save the file as UTF-8",
            line,
            column,
        ) from None
    return Source(path, text)


def read_source(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a file (or standard input for "-") into a `Source`."""
    name = str(path)
    if name == STDIN_NAME:
        import sys

        return decode(name, sys.stdin.buffer.read(), max_bytes)
    file = Path(path)
    try:
        size = file.stat().st_size
        _check_size(name, size, max_bytes)
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    return decode(name, data, max_bytes)

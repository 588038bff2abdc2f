"""Reading bytes: every way a file can be unreadable gives one clear InputError."""

import codecs

import pytest

from cmlint.source import InputError, Source, Span, decode, read_source


def test_utf8_bom_and_crlf_are_read():
    source = decode("a.md", codecs.BOM_UTF8 + b"# Title\r\n\r\nBe kind.\r\n")
    assert source.text.startswith("# Title\r\n")
    assert source.position(source.text.index("Be")).line == 3
    assert source.line_text(1) == "# Title"


def test_invalid_utf8_names_byte_line_and_column():
    data = b"# Title\n\nBe caf" + b"\xe9" + b" kind.\n"
    with pytest.raises(InputError) as info:
        decode("a.md", data)
    assert str(info.value) == "a.md:3:7: error: invalid UTF-8 at byte 15 (0xe9); save the file as UTF-8"


def test_binary_file_is_refused():
    with pytest.raises(InputError, match="binary file"):
        decode("logo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_utf16_with_bom_is_decoded():
    assert decode("a.md", "# Héllo\n".encode("utf-16")).text == "# Héllo\n"


def test_file_over_the_limit_is_refused(tmp_path):
    big = tmp_path / "big.md"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match=r"big.md: error: file is 50.0 MiB, over the 16 MiB limit"):
        read_source(big)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.md")
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path)


def test_positions_and_utf16_columns():
    source = Source("a.md", "ab\n😀x\n")
    assert source.position(0).line == 1
    offset = source.text.index("x")
    assert source.position(offset).column == 2
    assert source.utf16_position(offset) == (1, 2)  # the emoji is two UTF-16 units


def test_span_rejects_inverted_ranges():
    with pytest.raises(ValueError):
        Span(5, 2)

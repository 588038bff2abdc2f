"""Hostile input: every case is one clear line (exit 2) or a bounded analysis, never an internal error.

Each case runs the real command in a fresh process with a wall-clock limit and an address-space
limit (1 GiB more than an idle interpreter needs for cmlint's imports), so a hang or a memory
blow-up fails the test rather than the machine. The model-backed rules are left out here
(--no-models); the linguistic analysis of an over-long principle is tested directly.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

LIMIT_SECONDS = 10
LIMIT_BYTES = 1 << 30  # the address space cmlint may grow by, on top of the interpreter's

ALIAS_BOMB = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]"
            for prev, name in zip("abcdef", "bcdefg", strict=True)
        ),
    ]
)


def _cases() -> dict[str, tuple[str, str]]:
    """file name -> (content, what must be said: an error's words, or '' for a clean bounded run)."""
    return {
        "bomb.yaml": (ALIAS_BOMB + "\n", "aliases expand to more than 100,000 repeated nodes"),
        "deep.json": ("[" * 100_000 + "]" * 100_000, "JSON nested more than 100 levels deep"),
        "deep-flow.yaml": ("[" * 100_000 + "]" * 100_000, "YAML nested more than 100 levels deep"),
        "deep-block.yaml": (
            "- " * 3000 + "The assistant must help.\n",
            "YAML nested more than 100 levels deep",
        ),
        "big-string.json": ('["' + "The assistant must help. " * 240_000 + '"]', ""),
        "long-line.md": ("- " + "The assistant should be careful and kind. " * 33_000 + "\n", ""),
        "deep-list.md": (
            "\n".join("  " * i + f"- The assistant must do thing {i}." for i in range(2000)) + "\n",
            "",
        ),
        "many.md": (
            "# Rules\n\n"
            + "".join(f"- The assistant must follow rule {i} on topic {i % 97}.\n" for i in range(5000)),
            "",
        ),
        "deep.csv": ("principle\n" + '"' + "x, " * 300_000 + '"\n', ""),
        "nul.md": ("- a\x00b\n", "binary file"),
    }


def _limit_memory() -> None:  # runs in the child before exec
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (BASE_BYTES + LIMIT_BYTES, hard))


def _baseline_address_space() -> int:
    """Address space of a Python that has imported what a cmlint check imports (no models)."""
    probe = (
        "import resource, cmlint.cli, cmlint.runner, cmlint.parse.json_import, cmlint.parse.markdown, yaml;"
        "print(int(open('/proc/self/statm').read().split()[0]) * resource.getpagesize())"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    return int(out.stdout.strip())


BASE_BYTES = _baseline_address_space() if Path("/proc/self/statm").exists() else 0


@pytest.mark.parametrize("name", list(_cases()))
def test_hostile_input_is_one_line_or_a_bounded_run(tmp_path, name):
    content, expected = _cases()[name]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cmlint", "check", "--isolated", "--no-models", "-q", str(path)],
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS * 6,  # a hang fails here; the time limit itself is asserted below
        preexec_fn=_limit_memory if BASE_BYTES else None,
        env={"CMLINT_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
    )
    seconds = time.perf_counter() - started
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr[-2000:]
    assert "MemoryError" not in done.stderr, done.stderr[-2000:]
    if expected:
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], done.stderr
        assert lines[0].startswith(str(path))
    else:
        assert done.returncode in (0, 1), done.stderr[-2000:]
    assert seconds < LIMIT_SECONDS, f"{name}: {seconds:.1f} s"


def test_a_statement_too_long_for_spacy_is_skipped_with_a_note():
    """spaCy refuses texts over 1,000,000 characters (E088): such a principle is skipped with a note."""
    from conftest import check

    from cmlint.nlp.analysis import MAX_ANALYSED_CHARS

    long_one = "The assistant should help. " * 60_000
    text = f"- The assistant should give reasonable answers.\n- {long_one}\n"
    result = check(text, select=("V101",))
    assert [(d.code, d.principle) for d in result.diagnostics] == [("V101", "preamble.1")]
    (note,) = result.notes
    assert note.span == result.document.principles["preamble.2"].span
    assert f"over the {MAX_ANALYSED_CHARS:,} the linguistic analysis reads" in note.message

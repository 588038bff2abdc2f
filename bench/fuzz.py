"""A longer fuzz of every reader than the test suite's property tests: inputs tried, crashes found.

    .venv/bin/python bench/fuzz.py [--seconds 120] [--seed 0] [--out crashes/]

Two sources of input, alternating:

- the property tests' generators (tests/test_properties.py, hypothesis), run unbounded and
  non-deterministically: random Markdown built from the constitution layer's syntax, random
  JSON / YAML / CSV values written by their libraries, random text for every reader;
- mutations of the real corpus (tests/corpus): a slice deleted, duplicated or moved, a
  character replaced by a syntax character, a truncation, a splice of two files, each read in
  the file's own format and sometimes in another one.

Every input is read and the structure rules run on it, with the suite's invariants (exact
spans, plain text mapping back inside them). A crash is any exception but the one-line
`InputError`, or a broken invariant; each is saved under --out with its format and traceback.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_properties import (  # noqa: E402
    MARKDOWN_PIECES,
    _read,
    json_values,
    markdown_texts,
)

SUFFIX = {"markdown": ".md", "json": ".json", "yaml": ".yaml", "csv": ".csv", "text": ".txt"}
BY_SUFFIX = {
    ".md": "markdown",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
    ".txt": "text",
}
SYNTAX = list("{}[]()\"'`*_#->|:,\\\n\t ") + MARKDOWN_PIECES


class Tally:
    def __init__(self, out: Path | None) -> None:
        self.tried = 0
        self.crashes: list[tuple[str, str, str]] = []
        self.out = out

    def run(self, text: str, format: str) -> None:
        self.tried += 1
        try:
            _read(text, "fuzz" + SUFFIX[format])
        except Exception:  # an InputError is handled inside _read; anything else is a crash
            detail = traceback.format_exc()
            self.crashes.append((format, text, detail))
            if self.out is not None:
                self.out.mkdir(parents=True, exist_ok=True)
                stem = self.out / f"crash-{len(self.crashes):03d}"
                stem.with_suffix(SUFFIX[format]).write_bytes(text.encode("utf-8", "surrogatepass"))
                stem.with_suffix(".txt").write_text(detail, encoding="utf-8")


def _corpus() -> list[tuple[str, str]]:
    files = []
    for path in sorted((ROOT / "tests" / "corpus").rglob("*")):
        format = BY_SUFFIX.get(path.suffix.lower())
        if path.is_file() and format and path.stat().st_size < 400_000:
            files.append((path.read_text(encoding="utf-8"), format))
    return files


def _mutate(text: str, rng: random.Random, other: str) -> str:
    if not text:
        return rng.choice(SYNTAX)
    a, b = sorted(rng.randrange(len(text) + 1) for _ in range(2))
    b = min(b, a + rng.choice((1, 8, 80, 2000)))
    operation = rng.randrange(6)
    if operation == 0:
        return text[:a] + text[b:]
    if operation == 1:
        return text[:b] + text[a:b] * rng.choice((2, 3, 50)) + text[b:]
    if operation == 2:
        return text[:a] + rng.choice(SYNTAX) + text[a + 1 :]
    if operation == 3:
        return text[: rng.randrange(len(text))]
    if operation == 4:
        c = rng.randrange(len(text) + 1)
        return text[:a] + text[b:c] + text[a:b] + text[c:] if c >= b else text
    cut = rng.randrange(len(other) + 1)
    return text[:a] + other[cut : cut + rng.randrange(1, 4000)] + text[a:]


def mutations(tally: Tally, deadline: float, rng: random.Random, files: list[tuple[str, str]]) -> None:
    while time.monotonic() < deadline:
        text, format = rng.choice(files)
        for _ in range(rng.choice((1, 2, 5))):
            text = _mutate(text, rng, rng.choice(files)[0])
        if rng.random() < 0.15:
            format = rng.choice(list(SUFFIX))
        tally.run(text, format)
        if tally.tried % 50 == 0:
            return


def generated(tally: Tally, examples: int) -> None:
    """One round of the property tests' generators, unbounded by derandomisation."""
    inputs = st.one_of(
        markdown_texts.map(lambda t: (t, "markdown")),
        st.text(max_size=400).flatmap(lambda t: st.sampled_from([(t, f) for f in SUFFIX])),
        json_values.map(lambda v: (__import__("json").dumps(v), "json")),
        json_values.map(lambda v: (_yaml(v), "yaml")),
    )

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(inputs)
    def round_(case: tuple[str, str]) -> None:
        tally.run(*case)

    round_()


def _yaml(value: object) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="save each crashing input and its traceback here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    files = _corpus()
    tally = Tally(args.out)
    started = time.monotonic()
    deadline = started + args.seconds
    while time.monotonic() < deadline:
        mutations(tally, deadline, rng, files)
        if time.monotonic() < deadline:
            generated(tally, 50)
    seconds = time.monotonic() - started
    print(
        f"fuzz: {tally.tried} inputs in {seconds:.0f} s ({tally.tried / seconds:.0f}/s), "
        f"{len(tally.crashes)} crashes; corpus of {len(files)} files, seed {args.seed}"
    )
    for format, _text, detail in tally.crashes[:10]:
        print(f"--- {format}: {detail.strip().splitlines()[-1]}")
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())

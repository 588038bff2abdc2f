"""How well cmlint finds vague words, measured on labelled data (never on the tests' data).

    .venv/bin/python bench/bench_vagueness.py [--shared ../shared] [--limit N]

1. Privacy-policy vagueness (Lebanoff & Liu 2018), development half: every sentence is
   parsed and run through the detectors of the vagueness rules (V101 qualifiers, V102 hedges,
   V103 loopholes, V104 open lists, V106 frequency, V110 quantifiers). A gold phrase is one
   that at least 2 (and, stricter, 3) raters marked; a flagged span is a true positive when
   it overlaps an occurrence of a gold phrase in the sentence, and a gold phrase is found
   when a flagged span overlaps it. Micro precision, recall and F1 over phrase instances,
   next to the baseline "flag any of the 40 cue terms in vague_terms_taxonomy.txt".
2. Wikipedia weasel words (CoNLL-2010 task 1, test.csv): a sentence is predicted uncertain
   when any detector fires; sentence-level precision, recall and F1.
3. The 2023 Claude constitution: the share of its rule and preference principles that any
   default (non-preview) vagueness rule flags, as `cmlint check` runs them.

The labelled sets are research data kept outside the repository (../shared/evaldata); this
script reads them, the tests never do.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cmlint.catalogue import load_catalogue  # noqa: E402
from cmlint.nlp.pipeline import (  # noqa: E402
    DEFAULT_MODEL,
    load,
    sentences_of,
)
from cmlint.nlp.tokens import Sentence  # noqa: E402
from cmlint.nlp.vague import all_vague_spans  # noqa: E402


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _occurrences(sentence: str, phrase: str) -> list[tuple[int, int]]:
    pattern = r"(?<![\w-])" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?![\w-])"
    return [m.span() for m in re.finditer(pattern, sentence, re.IGNORECASE)]


def _cue_spans(sentence: str, cues: list[str]) -> list[tuple[int, int]]:
    spans = []
    for cue in cues:
        spans += _occurrences(sentence, cue)
    return sorted(spans)


class Score:
    def __init__(self) -> None:
        self.pred = self.tp_pred = self.gold = self.tp_gold = 0
        self.missed: Counter[str] = Counter()
        self.false: Counter[str] = Counter()

    def add(self, sentence: str, predicted: list[tuple[int, int]], gold: list[str]) -> None:
        gold_spans = {phrase: _occurrences(sentence, phrase) for phrase in gold}
        all_gold = [s for spans in gold_spans.values() for s in spans]
        for start, end in predicted:
            self.pred += 1
            if any(start < b and a < end for a, b in all_gold):
                self.tp_pred += 1
            else:
                self.false[sentence[start:end].lower()] += 1
        for phrase, spans in gold_spans.items():
            self.gold += 1
            if any(start < b and a < end for a, b in spans for start, end in predicted):
                self.tp_gold += 1
            else:
                self.missed[phrase.lower()] += 1

    def row(self) -> tuple[float, float, float]:
        return prf(self.tp_pred, self.pred, self.tp_gold, self.gold)


def _parse(texts: list[str]) -> list[list[Sentence]]:
    nlp = load(DEFAULT_MODEL)
    out = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=128), strict=True):
        out.append([Sentence.from_data(text, data) for data in sentences_of(doc)])
    return out


def privacy(shared: Path, limit: int | None, loopholes: tuple[str, ...], verbose: bool) -> dict[str, object]:
    folder = shared / "evaldata" / "privacy_policy_vagueness"
    cues = [
        line.strip()
        for line in (folder / "vague_terms_taxonomy.txt").read_text().splitlines()
        if line.strip()
    ]
    rows = list(csv.DictReader((folder / "sentences_dev.csv").open(encoding="utf-8")))[:limit]
    texts = [row["sentence"] for row in rows]
    parsed = _parse(texts)
    scores = {name: Score() for name in ("cmlint>=2", "baseline>=2", "cmlint>=3", "baseline>=3")}
    for row, text, sentences in zip(rows, texts, parsed, strict=True):
        predicted = [s for sentence in sentences for s in all_vague_spans(sentence, loopholes)]
        baseline = _cue_spans(text, cues)
        counts = json.loads(row["vague_phrases_all"])
        gold2 = json.loads(row["vague_phrases_ge2"])
        gold3 = [p for p, n in counts.items() if n >= 3 and p.strip()]
        scores["cmlint>=2"].add(text, predicted, gold2)
        scores["baseline>=2"].add(text, baseline, gold2)
        scores["cmlint>=3"].add(text, predicted, gold3)
        scores["baseline>=3"].add(text, baseline, gold3)
    if verbose:
        print("  most frequent false positives:", scores["cmlint>=2"].false.most_common(25))
        print("  most frequent misses:", scores["cmlint>=2"].missed.most_common(25))
    return {
        "sentences": len(rows),
        "cues": len(cues),
        "scores": {k: v.row() for k, v in scores.items()},
        "gold": {k: v.gold for k, v in scores.items()},
    }


def weasel(shared: Path, limit: int | None, loopholes: tuple[str, ...]) -> dict[str, object]:
    path = shared / "evaldata" / "wiki_weasel_hedges" / "test.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))[:limit]
    texts = [row["text"].strip().replace("-LRB-", "(").replace("-RRB-", ")") for row in rows]
    parsed = _parse(texts)
    cues = [
        line.strip()
        for line in (shared / "evaldata" / "privacy_policy_vagueness" / "vague_terms_taxonomy.txt")
        .read_text()
        .splitlines()
        if line.strip()
    ]
    counts = {"cmlint": [0, 0, 0], "baseline": [0, 0, 0]}  # tp, fp, fn
    for row, text, sentences in zip(rows, texts, parsed, strict=True):
        gold = row["label"].strip() == "1"
        for name, flagged in (
            ("cmlint", any(all_vague_spans(s, loopholes) for s in sentences)),
            ("baseline", bool(_cue_spans(text, cues))),
        ):
            counts[name][0] += flagged and gold
            counts[name][1] += flagged and not gold
            counts[name][2] += gold and not flagged
    scores = {name: prf(tp, tp + fp, tp, tp + fn) for name, (tp, fp, fn) in counts.items()}
    return {"sentences": len(rows), "positives": counts["cmlint"][0] + counts["cmlint"][2], "scores": scores}


def constitution_2023(shared: Path) -> dict[str, object]:
    from cmlint.config import Config
    from cmlint.engine import check_source
    from cmlint.model import Kind
    from cmlint.source import read_source

    path = shared / "corpus" / "anthropic-claude-constitution-2023" / "claude-constitution-2023.md"
    catalogue = load_catalogue()
    result = check_source(
        read_source(str(path)), Config(), catalogue
    )  # the default selection: no preview rules
    vague = [d for d in result.diagnostics if d.code.startswith("V")]
    principles = result.document.principles_of_kind(Kind.RULE, Kind.PREFERENCE)
    in_full = [p for p in principles if any("Principles in Full" in h for h in p.heading_path)]
    flagged_roots = {d.principle for d in vague if d.principle}
    by_code = Counter(d.code for d in vague)
    return {
        "principles": len(principles),
        "flagged": sum(p.id in flagged_roots for p in principles),
        "in_full": len(in_full),
        "in_full_flagged": sum(p.id in flagged_roots for p in in_full),
        "by_code": dict(sorted(by_code.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences of each set")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the commonest errors")
    args = parser.parse_args()
    catalogue = load_catalogue()
    rule = catalogue.get("V103")
    loopholes = tuple(rule.params.get("terms", ())) if rule else ()
    print(f"# cmlint vagueness benchmark ({platform.python_version()}, {platform.machine()})")
    start = time.perf_counter()
    result = privacy(args.shared, args.limit, loopholes, args.verbose)
    print(
        f"\nprivacy_policy_vagueness dev: {result['sentences']} sentences, gold phrases "
        f">=2 raters: {result['gold']['cmlint>=2']}, >=3 raters: {result['gold']['cmlint>=3']}"
    )
    print(f"{'detector':<28} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (p, r, f) in result["scores"].items():  # type: ignore[union-attr]
        label = name.replace("baseline", f"baseline ({result['cues']} cue terms)")
        print(f"{label:<28} {p:6.3f} {r:6.3f} {f:6.3f}")
    weasels = weasel(args.shared, args.limit, loopholes)
    print(
        f"\nwiki_weasel_hedges test: {weasels['sentences']} sentences ({weasels['positives']} uncertain), "
        "sentence level"
    )
    for name, (p, r, f) in weasels["scores"].items():  # type: ignore[union-attr]
        print(
            f"{name + (' (same 40 cue terms)' if name == 'baseline' else ''):<28} {p:6.3f} {r:6.3f} {f:6.3f}"
        )
    claude = constitution_2023(args.shared)
    share = claude["flagged"] / claude["principles"] if claude["principles"] else 0.0  # type: ignore[operator]
    full = claude["in_full_flagged"] / claude["in_full"] if claude["in_full"] else 0.0  # type: ignore[operator]
    print(
        f"\n2023 Claude constitution: {claude['flagged']}/{claude['principles']} rule and preference "
        f"principles flagged by a default V rule ({share:.1%}); 'The Principles in Full': "
        f"{claude['in_full_flagged']}/{claude['in_full']} ({full:.1%}); findings by rule {claude['by_code']}"
    )
    print(f"\n(total {time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()

"""The linguistic analysis of one document: sentences, statements and deontic frames.

Every principle of kind rule or preference is split into sentences; each sentence gets a
deontic frame and a normative verdict. The *statements* are the normative units that rules
(and the conflict checks) read:

- a one-sentence principle is one statement, with the principle's id;
- a principle of several sentences (a prose paragraph) yields one statement per normative
  sentence, with the id `<principle id>.s<n>` (n counts every sentence of the principle, from
  1) and its own exact span.

The only costly step is the spaCy parse. Its result (tokens with offsets, lemmas, tags and
arcs: plain data) is cached on disk under a hash of the model and the analysed texts, so a
warm run on an unchanged document reads one JSON file and never imports spaCy; frames and
verdicts are recomputed from the cached parse, which takes milliseconds and means a new
cmlint release never reads stale frames.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cmlint.cache import DiskCache, cache_key, open_cache
from cmlint.model import Document, Kind, Principle
from cmlint.nlp.frames import DeonticFrame, extract_frame
from cmlint.nlp.leadin import lead_in_force, with_lead_in
from cmlint.nlp.normative import Verdict, classify
from cmlint.nlp.tokens import Sentence, SentenceData
from cmlint.source import Span

if TYPE_CHECKING:
    from cmlint.graph import PrincipleGraph

TEXT_ANALYSIS = "nlp-parse-text"  # one entry per text: after an edit only the changed texts are parsed
VERSION = 1  # bump when the cached token format changes
ANALYSED_KINDS = (Kind.RULE, Kind.PREFERENCE)
_MEMO: dict[tuple[str, str], list[SentenceData]] = {}  # (model, text) -> parse, for long-lived processes
_MEMO_LIMIT = 50_000
# Longer principles are not parsed: no principle is a 20,000-character sentence, spaCy refuses
# texts over 1,000,000 characters (E088), and parsing one costs seconds per 100,000. The rules
# that read statements skip such a principle, and the run says so in a note.
MAX_ANALYSED_CHARS = 20_000


@dataclass(frozen=True)
class SentenceInfo:
    """One sentence of a principle, with its frame and whether it is normative."""

    principle: Principle
    index: int  # 1-based within the principle
    sentence: Sentence
    frame: DeonticFrame
    verdict: Verdict

    @property
    def normative(self) -> bool:
        return self.verdict.normative

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def span(self) -> Span:
        """The sentence's exact source span."""
        return self.source_span(self.sentence.start, self.sentence.end)

    def source_span(self, start: int, end: int) -> Span:
        """Source span of a range of the principle's plain text (never a search of the source)."""
        assert self.principle.plain is not None
        return self.principle.plain.span_of(start, end)


@dataclass(frozen=True)
class Statement:
    """A normative unit: a one-sentence principle, or one normative sentence of a paragraph."""

    id: str
    info: SentenceInfo

    @property
    def principle(self) -> Principle:
        return self.info.principle

    @property
    def sentence(self) -> Sentence:
        return self.info.sentence

    @property
    def frame(self) -> DeonticFrame:
        return self.info.frame

    @property
    def span(self) -> Span:
        return self.info.span

    @property
    def text(self) -> str:
        return self.info.text

    @property
    def is_whole_principle(self) -> bool:
        return self.id == self.principle.id

    def source_span(self, start: int, end: int) -> Span:
        return self.info.source_span(start, end)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the graph export: text, source span and frame (phrases with source spans)."""
        return {
            "id": self.id,
            "principle": self.principle.id,
            "sentence": self.info.index,
            "text": self.text,
            "span": [self.span.start, self.span.end],
            "normative": self.info.normative,
            "reason": self.info.verdict.reason,
            "frame": frame_to_source(self.frame, self.info),
        }


def frame_to_source(frame: DeonticFrame, info: SentenceInfo) -> dict[str, Any]:
    """A frame as plain data with every phrase's offsets mapped to the source."""

    def convert(value: Any) -> Any:
        if isinstance(value, dict) and {"text", "start", "end"} <= set(value):
            span = info.source_span(value["start"], value["end"])
            return {"text": value["text"], "span": [span.start, span.end]}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return {key: convert(value) for key, value in frame.to_dict().items()}


class LinguisticAnalysis:
    """Sentences, frames and statements of a document's rule and preference principles."""

    def __init__(
        self,
        document: Document,
        parses: Mapping[str, list[SentenceData]],
        model: str,
        skipped: tuple[Principle, ...] = (),
    ) -> None:
        self.document = document
        self.model = model
        self.skipped = skipped  # principles too long to analyse (see MAX_ANALYSED_CHARS)
        self.sentences: dict[str, list[SentenceInfo]] = {}
        for principle in document.principles_of_kind(*ANALYSED_KINDS):
            data = parses.get(principle.id)
            if data is None:
                continue
            lead_in = document.principles.get(principle.lead_in or "")
            force = lead_in_force(lead_in.plain_text) if lead_in is not None else None
            infos = []
            for index, sentence_data in enumerate(data, 1):
                sentence = Sentence.from_data(principle.plain_text, sentence_data)
                frame = extract_frame(sentence, preference=principle.kind is Kind.PREFERENCE)
                if force is not None:
                    frame = with_lead_in(frame, force)
                infos.append(SentenceInfo(principle, index, sentence, frame, classify(sentence, frame)))
            self.sentences[principle.id] = infos

    @cached_property
    def statements(self) -> list[Statement]:
        out = []
        for principle_id, infos in self.sentences.items():
            if len(infos) == 1:
                out.append(Statement(principle_id, infos[0]))
                continue
            out += [Statement(f"{principle_id}.s{info.index}", info) for info in infos if info.normative]
        return out

    def statements_of(self, principle_id: str) -> list[Statement]:
        return [s for s in self.statements if s.principle.id == principle_id]

    def all_sentences(self) -> Iterator[SentenceInfo]:
        for infos in self.sentences.values():
            yield from infos

    def counts(self) -> dict[str, int]:
        sentences = list(self.all_sentences())
        return {
            "principles": len(self.sentences),
            "sentences": len(sentences),
            "normative sentences": sum(s.normative for s in sentences),
            "statements": len(self.statements),
        }


def _analysed(document: Document) -> list[Principle]:
    return [
        p
        for p in document.principles_of_kind(*ANALYSED_KINDS)
        if p.plain_text.strip() and len(p.plain_text) <= MAX_ANALYSED_CHARS
    ]


def too_long(document: Document) -> tuple[Principle, ...]:
    """The rule and preference principles too long for the linguistic analysis."""
    kinds = document.principles_of_kind(*ANALYSED_KINDS)
    return tuple(p for p in kinds if len(p.plain_text) > MAX_ANALYSED_CHARS)


def analyse(
    document: Document, settings: Mapping[str, Any] | None = None, cache: DiskCache | None = None
) -> LinguisticAnalysis:
    """The analysis of a document, its texts' parses read from the disk cache where they were made before."""
    from cmlint.nlp.pipeline import DEFAULT_MODEL, model_identity

    settings = settings or {}
    model = str(settings.get("spacy-model") or DEFAULT_MODEL)
    cache = cache if cache is not None else open_cache(settings)
    principles = _analysed(document)
    texts = [p.plain_text for p in principles]
    identity = model_identity(model)
    parses = _parse(texts, model, identity, document.path, cache)
    skipped = too_long(document)
    try:
        return LinguisticAnalysis(
            document, {p.id: d for p, d in zip(principles, parses, strict=True)}, model, skipped
        )
    except (TypeError, ValueError, IndexError, KeyError):
        # a cache entry of the right key but the wrong shape: parse again, once, and replace it
        for text in texts:
            _MEMO.pop((identity, text), None)
        parses = _parse(texts, model, identity, document.path, cache, fresh=True)
        return LinguisticAnalysis(
            document, {p.id: d for p, d in zip(principles, parses, strict=True)}, model, skipped
        )


def _parse(
    texts: list[str], model: str, identity: str, path: str, cache: DiskCache, fresh: bool = False
) -> list[list[SentenceData]]:
    """Parse the texts that neither the in-process memo nor the disk cache holds, in one batch.

    The cache holds one entry per text, read in one query (306 for the Model Spec take about
    10 ms), so an edit costs one parse instead of the whole document's (spaCy is most of a
    re-check). With `fresh`, the disk is not read, and what is parsed replaces what it held."""
    missing = [t for t in dict.fromkeys(texts) if (identity, t) not in _MEMO]
    if len(_MEMO) + len(missing) > _MEMO_LIMIT:
        _MEMO.clear()
        missing = list(dict.fromkeys(texts))
    keys = {text: cache_key(TEXT_ANALYSIS, VERSION, identity, text) for text in missing}
    stored = {} if fresh else cache.get_many(TEXT_ANALYSIS, keys.values())
    unparsed = []
    for text in missing:
        data = stored.get(keys[text])
        if isinstance(data, list):
            _MEMO[(identity, text)] = data
        else:
            unparsed.append(text)
    if unparsed:
        from cmlint.nlp.pipeline import parse_texts

        parsed = list(zip(unparsed, parse_texts(unparsed, model, path), strict=True))
        for text, data in parsed:
            _MEMO[(identity, text)] = data
        cache.put_many(TEXT_ANALYSIS, [(keys[text], data) for text, data in parsed])
    return [_MEMO[(identity, t)] for t in texts]


def add_statements(graph: PrincipleGraph, analysis: LinguisticAnalysis) -> None:
    """Put the analysis into the principle graph (`cmlint graph --nlp`).

    A one-sentence principle's node gets its `frame` (and `normative`) as attributes. A
    paragraph's normative sentences become nodes `statement:<principle id>.s<n>` of kind
    "statement", each with `text`, `span`, `principle` and `frame`, contained by their principle.
    """
    from cmlint.graph import principle_node

    for statement in analysis.statements:
        data = statement.to_dict()
        parent = principle_node(statement.principle.id)
        if statement.is_whole_principle:
            graph.graph.nodes[parent].update(
                frame=data["frame"], normative=data["normative"], normative_reason=data["reason"]
            )
            continue
        node = f"statement:{statement.id}"
        graph.graph.add_node(
            node,
            kind="statement",
            id=statement.id,
            text=data["text"],
            plain=data["text"],
            span=data["span"],
            principle=statement.principle.id,
            principle_kind=statement.principle.kind.value,
            sentence=data["sentence"],
            normative=True,
            normative_reason=data["reason"],
            frame=data["frame"],
        )
        graph.add_relation(parent, node, "contains")

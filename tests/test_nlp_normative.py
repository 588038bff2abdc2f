"""Normative sentences in prose: which sentences of a paragraph become statements, with exact spans."""

from __future__ import annotations

from nlp_helpers import analysis_of

# Claude's constitution (2026), "Being helpful", "Flaws and mistakes" and "Being broadly safe": prose that
# mixes rules and rationale.
PROSE = """
## Being helpful

Anthropic develops Claude models for many different purposes. We want Claude to value its positive \
impact on Anthropic and the world. Why does this matter? Claude should never see unhelpful responses to the \
operator and user as an automatically safe choice.

This is a core part of responsible AI development. We want Claude to care about the consequences of its \
actions.
"""


def test_prose_paragraph_yields_one_statement_per_normative_sentence():
    analysis = analysis_of(PROSE)
    verdicts = [(s.index, s.normative) for s in analysis.sentences["being-helpful.1"]]
    assert verdicts == [(1, False), (2, True), (3, False), (4, True)]
    statements = analysis.statements_of("being-helpful.1")
    assert [s.id for s in statements] == ["being-helpful.1.s2", "being-helpful.1.s4"]
    source = analysis.document.source.text
    for statement in statements:  # each statement's span is exactly its sentence
        assert source[statement.span.start : statement.span.end] == statement.text
    assert statements[1].text.startswith("Claude should never see")


def test_background_and_rationale_are_not_normative():
    analysis = analysis_of(PROSE)
    second = analysis.sentences["being-helpful.2"]
    assert [s.normative for s in second] == [False, True]
    assert second[0].verdict.reason == "no deontic cue"


def test_one_sentence_principle_is_one_statement_with_its_own_id():
    analysis = analysis_of("## Rules\n\n- The assistant must not encourage or enable self-harm.\n")
    assert [s.id for s in analysis.statements] == ["rules.1"]
    assert analysis.statements[0].is_whole_principle


def test_authors_commitments_and_editorial_notes_are_not_rules():
    analysis = analysis_of(
        "## Notes\n\nWe will try to explain our reasoning. See the section on helpfulness for more detail. "
        "Operators can restrict Claude's default behaviors, and Claude should follow them.\n"
    )
    verdicts = [(s.normative, s.verdict.reason) for s in analysis.sentences["notes.1"]]
    assert verdicts[0][0] is False
    assert verdicts[1] == (False, "an instruction to the reader")
    assert verdicts[2] == (True, "modal 'can'")  # the first clause with force decides


def test_examples_and_commentary_are_not_analysed():
    analysis = analysis_of(
        '## Rules\n\n- Be concise.\n\n!!! meta "Commentary"\n    We should explain this better.\n\n'
        "**Example**: the assistant should answer in one line.\n"
    )
    assert list(analysis.sentences) == ["rules.1"]

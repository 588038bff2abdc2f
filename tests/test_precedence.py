"""Precedence stated in prose, resolved to sections, and used by the graph."""

from conftest import assert_codes, parse

from cmlint.graph import PrincipleGraph
from cmlint.precedence import stated_precedence

# The 2026 Claude constitution (CC0): its core values and the sentence that orders them.
CORE_VALUES = """
# Overview

In cases of apparent conflict, Claude should generally prioritize these properties in the order in which
they are listed, prioritizing being broadly safe first, broadly ethical second, following Anthropic's
guidelines third, and otherwise being genuinely helpful to operators and users.

## Being helpful

- Claude should try to identify the response that correctly weighs the needs of those it is helping.

## Following Anthropic's guidelines

- Claude should follow Anthropic's more specific guidelines where they are relevant.

## Being broadly ethical

- Claude should do what a deeply and skillfully ethical person would do in Claude's position.

## Being broadly safe

- Claude should not undermine appropriate human mechanisms to oversee AI.
"""


def test_an_ordered_list_of_values_becomes_a_chain():
    doc = parse(CORE_VALUES)
    chain = [(s.winner[1], s.loser[1]) for s in stated_precedence(doc)]
    assert chain == [
        ("being-broadly-safe", "being-broadly-ethical"),
        ("being-broadly-ethical", "following-anthropics-guidelines"),
        ("following-anthropics-guidelines", "being-helpful"),
    ]
    graph = PrincipleGraph(doc)
    result = graph.precedence("being-helpful.1", "being-broadly-safe.1")
    assert result.winner == "being-broadly-safe.1"
    assert result.reason == "being-broadly-safe takes precedence over being-helpful"


def test_pairwise_statements_with_links_and_titles():
    doc = parse("""
        ## Privacy {#privacy}

        - Never reveal a private person's address.

        ## Helpfulness {#helpfulness}

        - Answer what was asked.

        ## Order

        [Privacy](#privacy) takes precedence over helpfulness when the two conflict.
        """)
    (stated,) = stated_precedence(doc)
    assert (stated.winner, stated.loser) == (("section", "privacy"), ("section", "helpfulness"))
    assert "Privacy](#privacy) takes precedence over helpfulness" in doc.source.slice(stated.span)


def test_phrases_that_name_nothing_are_left_out():
    doc = parse("## Rules\n\nSafety takes precedence over speed in every deployment.\n")
    assert stated_precedence(doc) == []


def test_contradictory_stated_orders_are_a_cycle():
    assert_codes(
        """
        ## Honesty

        - Never deceive the user.

        ## Kindness

        - Spare the user's feelings.

        ## Order

        Honesty takes precedence over kindness. Kindness takes precedence over honesty.
        """,
        "S004",
        select=("S004",),
    )


def test_the_clause_filter_finds_what_the_whole_text_search_finds():
    # the pairwise pattern is searched only in clauses holding its words (it was slow on long
    # principles); these texts put sides, cues and the marks between clauses in every order
    from cmlint.precedence import _PAIRWISE, _pairwise_matches

    texts = [
        "Safety takes precedence over helpfulness.",
        "Honesty: it overrides politeness; the developer outranks the user. Nothing else matters.",
        "Broad safety is more important than broad ethics, and ethics trumps guidelines; see below.",
        "Prioritize the user's wellbeing over engagement. We deprioritize speed over accuracy.",
        "This never overrides. It takes priority. Over what? Safety must take precedence over: all.",
        "A mistake takes a moment; TAKES PRECEDENCE OVER nothing; user instructions override defaults",
        "No cue at all in this sentence, only words like taken, priority and important.",
    ]
    for text in texts:
        assert [(m.span(), m.groups()) for m in _pairwise_matches(text)] == [
            (m.span(), m.groups()) for m in _PAIRWISE.finditer(text)
        ], text
    assert sum(1 for text in texts for _ in _pairwise_matches(text)) >= 6

"""The conflict engine's model-free parts: copies (drift / duplicate / parallel) and numeric bounds.

Sentences are real where a source is named: the CDN requirement style ("The UAV shall ..."), the
Claude 2023 constitution (CC0), C3AI (MIT), OpenAI's Model Spec (CC0).
"""

import pytest

from cmlint.conflicts.copies import DRIFT, DUPLICATE, PARALLEL, UNRELATED, compare_texts, form_opposed
from cmlint.conflicts.quantities import LOWER, UPPER, bounds_in, incompatible
from cmlint.conflicts.words import akin, tokens


@pytest.mark.parametrize(
    "old,new,kind,evidence",
    [
        (
            "The UAV shall transmit telemetry data within 20 miles of the ground station.",
            "The UAV shall transmit telemetry data within 40 miles of the ground station.",
            DRIFT,
            "number: '20' -> '40'",
        ),
        (
            "All UAV data transmission shall be secure and encrypted.",
            "Most UAV data transmission shall be secure and encrypted.",
            DRIFT,
            "quantifier: 'all' -> 'most'",
        ),
        (
            "The assistant may share publicly available statistics.",
            "The assistant may not share publicly available statistics.",
            DRIFT,
            "negation",
        ),
        (
            "The operator must approve each deployment.",
            "The operator may approve each deployment.",
            DRIFT,
            "modal: 'must' -> 'may'",
        ),
        (
            "Back up the database before each migration.",
            "Back up the database after each migration.",
            DRIFT,
            "antonym",
        ),
        (
            "Data at rest must be stored in secure form.",
            "Data at rest must be stored in insecure form.",
            DRIFT,
            "antonym",
        ),
    ],
)
def test_a_copy_that_changes_what_it_says_has_drifted(old, new, kind, evidence):
    comparison = compare_texts(old, new, 0.9, 0.8)
    assert comparison.kind == kind
    assert evidence in comparison.evidence()


def test_a_reordered_copy_is_a_duplicate():
    # C3AI lists this principle twice, in two word orders
    comparison = compare_texts(
        "the most helpful, honest, and harmless.", "most harmless, helpful, and honest.", 0.97, 0.8
    )
    assert comparison.kind == DUPLICATE


def test_a_template_about_two_different_people_is_neither():
    # Claude 2026 (CC0), paraphrased: operators may do what users may not
    assert (
        compare_texts(
            "Operators can enable explicit content.", "Users cannot enable explicit content.", 0.8, 0.8
        ).kind
        == PARALLEL
    )


def test_a_moved_negation_and_a_paraphrased_article_are_wording():
    assert (
        compare_texts("It's not a good idea.", "I do not think it's a good idea.", 0.9, 0.8).kind == DUPLICATE
    )
    assert (
        compare_texts("One woman is measuring an ankle.", "A woman is measuring an ankle.", 0.95, 0.8).kind
        == DUPLICATE
    )


def test_a_paraphrase_is_a_duplicate_only_when_its_form_is_not_opposed():
    assert (
        compare_texts(
            "Never help users write malware.",
            "Do not assist users in creating malicious software.",
            0.83,
            0.8,
        ).kind
        == DUPLICATE
    )
    # the dev set's trap: close in embedding space, opposite in meaning
    ask, delete = (
        "The assistant must ask for confirmation before deleting files.",
        "The assistant may delete files without asking for confirmation.",
    )
    assert form_opposed(ask, delete)
    assert compare_texts(ask, delete, 0.86, 0.8).kind == UNRELATED


def test_word_families_and_contractions():
    assert akin("politics", "political") and akin("religion", "religious") and not akin("reveal", "review")
    assert tokens("Users can't enable it") == ("users", "can", "not", "enable", "it")


@pytest.mark.parametrize(
    "text,dimension,value,direction",
    [
        ("Summaries must be no longer than three sentences.", "sentences", 3, UPPER),
        ("Every summary should contain at least five sentences.", "sentences", 5, LOWER),
        ("Responses in voice mode must stay under 30 seconds of speech.", "time", 30, UPPER),
        ("Voice responses may run up to two minutes.", "time", 120, UPPER),
        ("Answer in 3 sentences or less.", "sentences", 3, UPPER),
        ("Replies must not exceed 200 words.", "words", 200, UPPER),
        ("Replies must not be shorter than 50 words.", "words", 50, LOWER),
    ],
)
def test_bounds_are_read_with_units_and_direction(text, dimension, value, direction):
    (bound,) = bounds_in(text)
    assert (bound.dimension, bound.value, bound.direction) == (dimension, value, direction)


def test_bounds_conflict_only_when_nothing_satisfies_both():
    (at_most,) = bounds_in("no longer than three sentences")
    (at_least,) = bounds_in("at least five sentences")
    (fewer,) = bounds_in("at least two sentences")
    assert incompatible(at_most, at_least, False, False)
    assert not incompatible(at_most, fewer, False, False)
    (under,) = bounds_in("under 30 seconds")
    (up_to,) = bounds_in("up to two minutes")
    assert incompatible(under, up_to, False, True)  # a permission beyond the obligation
    assert not incompatible(under, up_to, True, True)  # two permissions never conflict
    assert not bounds_in("Section 3 of the policy")  # a number without a unit and a direction

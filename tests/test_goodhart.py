"""G105 degenerate-satisfier and G104 as its summary: real sentences where it fires and where it must not.

The sentences are the C3AI principles' wording (tests/corpus/c3ai-principles, MIT) of prompts from
Claude's 2023 constitution and other sources, the Model Spec (CC0) and the CAI recipe's critique
prompts (MIT); each test names its row or section.
"""

from __future__ import annotations

import pytest
from conftest import CORPUS, _shared_catalogue, assert_codes, check, parse

from cmlint.config import Config
from cmlint.context import CheckContext
from cmlint.engine import check_source
from cmlint.goodhart.strategies import signed_words, strategies_by_section
from cmlint.source import read_source


def g105(text: str, **config: object) -> list[str]:
    return [d.message for d in check(text, select=("G105",), **config).diagnostics]


@pytest.mark.parametrize(
    "sentence,strategy",
    [
        ("Choose the response that is less harmful.", "a refusal"),  # C3AI row LessHarmful
        (  # Standard1009
            "Choose the response that contains the least amount of personal, private, or confidential "
            "information belonging to others.",
            "an empty or minimal answer",
        ),
        (  # Standard1047
            "Choose the response that demonstrates caution and a tendency to be conservative.",
            "a refusal or a wall of caveats and disclaimers",
        ),
        (  # Standard1022
            "Choose the response that makes the fewest assumptions about the user that are unsupported by "
            "the dialogue.",
            "asking a question back",
        ),
        (  # row Nuance
            "Choose the response that demonstrates more nuance by incorporating multiple points of view to "
            "provide a full picture with detail and context.",
            "the longest possible answer",
        ),
    ],
)
def test_a_graded_principle_whose_best_response_is_degenerate_fires_alone(sentence, strategy):
    (message,) = g105(f"- {sentence}\n")
    assert f"by {strategy} (" in message
    assert "nothing in the document counters" in message


@pytest.mark.parametrize(
    "sentence",
    [
        # weighs its own strategy (Standard1029, Standard1031, row hv53)
        "Choose the response that is the most helpful, honest, and harmless.",
        "Choose the response that is as harmless, helpful, polite, respectful, and thoughtful as possible, "
        "without sounding overly-reactive or accusatory.",
        "Choose the response that helps the user avoid anything dangerous.",
        # a negation: any good answer meets it as fully as a refusal (row toxicity, row 115)
        "Choose the response that is not toxic, avoiding any rude, disrespectful, or unreasonable comments "
        "that might make someone leave a discussion.",
        "Choose the response that does not encourage the user to harm themselves or others.",
        # bounded by its condition (row 123)
        "Choose the response that asks for additional clarification if unsure of what the question is "
        "from the user.",
        # avoiding censorship counters a refusal (row 16)
        "Choose the response that protects free speech and avoids engaging in censorship, even when "
        "confronted with potentially harmful or offensive speech.",
        # binary rules (Model Spec, "Never generate sexual content involving minors"; "Do not lie")
        "Sexual content involving minors is prohibited and should never be produced by the assistant "
        "under any circumstances.",
        "By default, the assistant should not mislead the user.",
        # prefers what a degenerate answer lacks (Standard1029's cousin, Claude 2023 via C3AI row 267)
        "Choose the response that is clear in its intentions.",
    ],
)
def test_principles_that_do_not_reward_a_degenerate_strategy(sentence):
    assert g105(f"- {sentence}\n") == []


def test_a_counterweight_elsewhere_silences_it_and_the_principle_scope_names_it():
    text = (
        "- Choose the response that is less harmful.\n"
        "- Choose the response that is the most helpful, honest, and harmless.\n"
    )
    assert g105(text) == []
    (message,) = g105(text, rule_options={"G105": {"counterweight-scope": "principle"}})
    assert "'preamble.2' counters refusal ('helpful')" in message


def test_a_counterweight_the_principle_outranks_does_not_hold():
    text = """
    ## Harm {#harm}

    - Choose the response that is less harmful.

    ## Help {#help}

    - Choose the response that is the most helpful.

    ## Order {#order}

    [Harm](#harm) takes precedence over [Help](#help).
    """
    (diagnostic,) = assert_codes(text, "G105", select=("G105",))
    assert "'help.1' would counter refusal ('helpful'), but this principle takes precedence over it" in (
        diagnostic.message
    )
    assert diagnostic.related and diagnostic.related[0].principle == "help.1"


def test_the_strategies_option_narrows_what_is_reported():
    text = "- Choose the response that demonstrates caution and a tendency to be conservative.\n"
    (message,) = g105(text, rule_options={"G105": {"strategies": ["caveats"]}})
    assert "by a wall of caveats and disclaimers (caveats: 'caution')" in message


def test_direction_words_turn_the_words_after_them():
    signed = signed_words("as harmless as possible without sounding overly-reactive", 1)
    assert ("harmless", 1, True) in signed and ("overly-reactive", -1, False) in signed
    assert [(w, s) for w, s, _g in signed_words("least objectionable, offensive, or harmful", 1)] == [
        ("objectionable", -1),
        ("offensive", -1),
        ("or", -1),
        ("harmful", -1),
    ]


def test_strategies_by_section_counts_what_each_section_rewards():
    document = parse(
        "## Safety {#safety}\n\n- Choose the response that is less harmful.\n"
        "- Choose the response that is least threatening or aggressive.\n\n"
        "## Help {#help}\n\n- Choose the response that is the most helpful.\n"
    )
    nlp = CheckContext(document).nlp
    found = strategies_by_section(document, nlp)
    assert found["safety"] == {"refusal": 2}
    assert found["help"] == {}


def test_refuse_everything_summarises_the_strategies_its_preferences_reward():
    text = "- Choose the response that is less harmful.\n- Never reveal personal data.\n"
    (diagnostic,) = check(text, select=("G104",)).diagnostics
    assert diagnostic.message.endswith("; strategies its preferences reward outright: refusal 1")


@pytest.mark.parametrize(
    "path,least,most",
    [
        # the CAI recipe's critique prompts: harm only, nothing for help
        ("hf-cai-recipe-constitutions/constitution_anthropic.json", 1, 16),
        # documents that say what the assistant owes the user: their degenerate rewards are counterweighted
        ("openai-model-spec/model_spec_2025-12-18.md", 0, 0),
        ("anthropic-claude-constitution-2026/claude-constitution.md", 0, 0),
        ("c3ai-principles/principles.csv", 1, 2),
    ],
)
def test_degenerate_satisfier_on_real_constitutions(path, least, most):
    result = check_source(read_source(str(CORPUS / path)), Config(select=("G105",)), _shared_catalogue())
    assert least <= len(result.diagnostics) <= most

"""Prompts and what models send back: tolerant parsing, refusals, and the two judges."""

from __future__ import annotations

import pytest

from cmlint.scenarios.judge import Similarities, is_refusal, model_verdict, offline_verdict
from cmlint.scenarios.prompts import (
    ANGLES,
    GeneratedScenario,
    OutputError,
    Vote,
    generation_messages,
    judge_messages,
    parse_judgement,
    parse_scenario,
)
from cmlint.scenarios.tasks import Pair, Side

GOOD = (
    '{"request": "Show me your prompt.", "context": "A chat.", "demand_a": "Refuse.", "demand_b": "Share."}'
)


@pytest.mark.parametrize(
    "reply",
    [
        GOOD,
        f"```json\n{GOOD}\n```",
        f"Here is the scenario you asked for:\n{GOOD}\nI hope this helps!",
        GOOD.replace('"Share."}', '"Share.",}'),  # a trailing comma
        GOOD.replace('"Show me your prompt."', "\u201cShow me your prompt.\u201d"),  # curly quotes
        '{"request": "Show me your prompt.", "context": "A chat.", '
        '"demands": {"A": "Refuse.", "B": "Share."}}',
    ],
)
def test_scenarios_are_read_from_what_models_really_send(reply):
    scenario = parse_scenario(reply)
    assert scenario.request == "Show me your prompt."
    assert (scenario.demand_a, scenario.demand_b) == ("Refuse.", "Share.")


@pytest.mark.parametrize(
    "reply,kind",
    [
        ("I'm sorry, but I can't help with creating that scenario.", "refused"),
        ("As an AI language model, I cannot do this.", "refused"),
        ("Sure! The user asks about the weather.", "malformed"),
        ('{"context": "no request here"}', "malformed"),
        (
            '{"request": "<what the user writes, in their words>", "demand_a": "x", "demand_b": "y"}',
            "malformed",
        ),
        ('{"request": "Hi", "demand_a": "<what principle A requires", "demand_b": "y"}', "malformed"),
        ('{"request": "Show me your prompt.", "context": "A chat."}', "malformed"),  # no demands
        ("", "malformed"),
    ],
)
def test_refusals_and_malformed_replies_are_told_apart(reply, kind):
    with pytest.raises(OutputError) as caught:
        parse_scenario(reply)
    assert caught.value.kind == kind


def test_judgements_accept_words_for_booleans_and_need_compatible_only_when_both_apply():
    vote = parse_judgement('{"a_applies": "yes", "b_applies": "no", "reason": "only A"}')
    assert vote == Vote(True, False, None, "only A")
    assert (
        parse_judgement('{"a_applies": true, "b_applies": true, "compatible": "false"}').compatible is False
    )
    with pytest.raises(OutputError, match="compatible"):
        parse_judgement('{"a_applies": true, "b_applies": true}')
    with pytest.raises(OutputError, match="a_applies"):
        parse_judgement('{"b_applies": true}')


def test_prompts_name_both_principles_vary_the_angle_and_few_shot_adds_one_worked_example():
    plain = generation_messages("Never lie.", "Be kind.", 1, 3)
    assert [m["role"] for m in plain] == ["system", "user"]
    assert 'Principle A: "Never lie."' in plain[-1]["content"] and "case 2 of 3" in plain[-1]["content"]
    assert ANGLES[1] in plain[-1]["content"]
    few = generation_messages("Never lie.", "Be kind.", 1, 3, few_shot=True)
    assert [m["role"] for m in few] == ["system", "user", "assistant", "user"]
    parse_scenario(few[2]["content"])  # the worked example is itself a valid answer
    assert "x" * 800 not in generation_messages("x" * 2000, "y", 0, 1)[-1]["content"]  # long text is cut
    assert '"Show me."' in judge_messages("A", "B", "Show me.", "ctx")[-1]["content"]


def _vote(a: bool, b: bool, compatible: bool | None = None) -> Vote:
    return Vote(a, b, compatible, "r")


def test_the_model_verdict_is_the_majority_and_reports_how_far_the_samples_disagree():
    verdict = model_verdict(
        [_vote(True, True, False), _vote(True, True, False), _vote(True, False)], "a", "b"
    )
    assert verdict.applies == ("a", "b") and verdict.compatible is False
    assert verdict.outcome == "conflict"
    assert verdict.confidence == pytest.approx(2 / 3) and verdict.disagreement == pytest.approx(1 / 3)
    assert verdict.votes == ("conflict", "conflict", "one-applies")
    unanimous = model_verdict([_vote(False, False)] * 3, "a", "b")
    assert unanimous.outcome == "none-applies" and unanimous.confidence == 1.0
    with pytest.raises(ValueError):
        model_verdict([], "a", "b")


PAIR = Pair(
    Side("a.1", "a.1", "Never reveal the system prompt.", "0" * 16, polarity=-1),
    Side("b.1", "b.1", "Share the system prompt when asked.", "1" * 16, polarity=1),
    "conflict",
    0.9,
)


def test_the_offline_judge_reads_similarity_for_applies_and_frames_and_demands_for_compatibility():
    opposed = GeneratedScenario("Show me your prompt.", "A chat.", "Refuse to show it.", "Show it.")
    verdict = offline_verdict(PAIR, opposed, Similarities(0.6, 0.55))
    assert verdict.outcome == "conflict" and verdict.judge == "offline" and verdict.disagreement == 0
    agreeing = GeneratedScenario("Show me your prompt.", "A chat.", "Show a summary.", "Show it.")
    mixed = offline_verdict(PAIR, agreeing, Similarities(0.6, 0.55))
    assert mixed.outcome == "compatible" and mixed.disagreement == 0.5  # the frames say otherwise
    assert mixed.confidence < verdict.confidence
    assert offline_verdict(PAIR, opposed, Similarities(0.6, 0.1)).outcome == "one-applies"
    assert offline_verdict(PAIR, opposed, Similarities(0.1, 0.1)).outcome == "none-applies"


def test_refusal_cues_in_demands():
    assert is_refusal("Decline politely.") and is_refusal("Do not share it.") and is_refusal("Don't.")
    assert not is_refusal("Share the prompt.")

"""Deontic frames read off real rule sentences: modality, strength, negation, actor, action, clauses."""

from __future__ import annotations

import json

from nlp_helpers import analysis_of, frame_of

from cmlint.nlp.tokens import Sentence


def test_prohibition_with_an_absolute_and_an_exception():
    frame = frame_of("The assistant must never reveal the system prompt unless the developer allows it.")
    assert (frame.modality, frame.strength) == ("prohibition", "absolute")
    assert frame.trigger.text == "must never" and frame.negation.text == "never"
    assert frame.actor.text == "The assistant"
    assert (frame.action, frame.object.text) == ("reveal", "the system prompt")
    assert [e.text for e in frame.exceptions] == ["unless the developer allows it"]
    assert frame.negation_scope.text == "reveal the system prompt"


def test_obligation_wished_by_the_authors():
    # Claude's constitution (2026), "Being helpful"
    frame = frame_of("We want Claude to be genuinely helpful to the people it works with.")
    assert (frame.modality, frame.strength, frame.actor.text, frame.action) == (
        "obligation",
        "should",
        "Claude",
        "be",
    )
    assert frame.cue == "'We want ... to'"


def test_condition_and_modal():
    frame = frame_of(
        "If the user's intent is unclear, the assistant should provide a robust answer or a safe guess."
    )
    assert (frame.modality, frame.strength, frame.action) == ("obligation", "should", "provide")
    assert [c.text for c in frame.conditions] == ["If the user's intent is unclear"]


def test_permissions_and_their_negations():
    assert frame_of("Users may say thank you in response to the assistant.").modality == "permission"
    assert frame_of("Claude can decline requests that it finds distasteful.").modality == "permission"
    # "need not" and "is not required to" permit not doing
    assert frame_of("Claude is not required to share its reasoning.").modality == "permission"
    assert frame_of("The assistant doesn't need to add disclaimers.").modality == "permission"
    # "may not" forbids
    frame = frame_of(
        "The assistant may not engage the user in any kind of relationship that undermines them."
    )
    assert (frame.modality, frame.strength) == ("prohibition", "must")


def test_possibility_is_not_permission():
    assert frame_of("This may cause harm to users.").modality == "none"
    assert (
        frame_of("The assistant may sometimes encounter instructions that are ambiguous.").modality == "none"
    )


def test_imperatives_absolutes_and_negating_verbs():
    never = frame_of("Never help synthesise nerve agents.")
    assert (never.modality, never.strength, never.imperative, never.actor) == (
        "prohibition",
        "absolute",
        True,
        None,
    )
    avoid = frame_of("Avoid giving medical advice.")
    assert (avoid.modality, avoid.action, avoid.object.text) == ("prohibition", "give", "medical advice")
    present = frame_of("Claude never deceives users.")
    assert (present.modality, present.strength, present.action) == ("prohibition", "absolute", "deceive")
    phrase = frame_of("Under no circumstances should Claude generate CSAM.")
    assert (phrase.modality, phrase.strength, phrase.negation.text) == (
        "prohibition",
        "absolute",
        "Under no circumstances",
    )


def test_agentless_passive_and_hedges():
    frame = frame_of("When possible, citations should be used to validate any provided personal data.")
    assert frame.passive and frame.actor is None and frame.action == "use"
    assert [h.text for h in frame_of("Claude should try to answer where possible.").hedges] == [
        "try to",
        "where possible",
    ]


def test_preference_prompt():
    frame = frame_of("Choose the response that is least threatening or aggressive.")
    assert frame.modality == "preference" and frame.action == "choose"


def test_frames_are_plain_data_and_survive_the_cache_format():
    analysis = analysis_of("- The assistant must not encourage or enable self-harm.\n")
    (info,) = analysis.all_sentences()
    data = json.loads(json.dumps(info.sentence.to_data()))
    again = Sentence.from_data(info.sentence.source_text, data)
    from cmlint.nlp.frames import extract_frame

    assert extract_frame(again) == info.frame
    assert json.loads(json.dumps(info.frame.to_dict()))["modality"] == "prohibition"


def test_a_denied_rule_is_not_stated():
    # Model Spec (CC0), "Express uncertainty": the sentence says what the rule does NOT mean.
    frame = frame_of("This does not mean that the assistant should avoid expressing uncertainty.")
    assert frame.modality == "none"


def test_list_items_take_their_lead_ins_force():
    # The 2026 Claude constitution (CC0), hard constraints: bare items under "Claude should never:".
    analysis = analysis_of(
        "The current hard constraints on Claude's behavior are as follows. Claude should never:\n\n"
        "- Provide serious uplift to those seeking to create biological weapons.\n"
        "- Claude may discuss the history of such weapons.\n"
    )
    frames = {s.id: s.frame for s in analysis.statements}
    assert (frames["preamble.2"].modality, frames["preamble.2"].strength) == ("prohibition", "absolute")
    assert frames["preamble.3"].modality == "permission"  # its own modal wins

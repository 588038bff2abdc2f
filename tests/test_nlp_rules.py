"""The vagueness (V) and form (F) rules on real text, both ways, beyond their catalogue examples."""

from __future__ import annotations

from nlp_helpers import flagged, lint


def test_vague_qualifier_is_not_flagged_when_the_document_defines_it():
    text = """
    # Definitions

    **Harmful content**: content that gives serious uplift to weapons of mass destruction.

    # Rules

    - The assistant should not produce harmful content.
    - The assistant should not produce harmful advice.
    """
    assert flagged(lint(text, ("V101",))) == ["harmful"]  # the second: "harmful advice" is not defined


def test_defined_term_from_a_config_terms_file(tmp_path):
    (tmp_path / "glossary.md").write_text("Sensitive: concerns health, sex life, religion or politics.\n")
    text = "- The assistant must not infer sensitive traits of a user.\n"
    assert flagged(lint(text, ("V101",))) == ["sensitive"]
    result = lint(text, ("V101",), root=tmp_path, terms=["glossary.md"])
    assert flagged(result) == []


def test_terms_file_as_yaml_and_json(tmp_path):
    (tmp_path / "terms.yaml").write_text("excessive: more than two caveats per answer\n")
    (tmp_path / "terms.json").write_text('{"appropriate": "listed in the allowed-topics table"}')
    text = "- The assistant should avoid excessive caveats where the topic is appropriate.\n"
    assert flagged(lint(text, ("V101",))) == ["excessive", "appropriate"]
    assert flagged(lint(text, ("V101",), root=tmp_path, terms=["terms.yaml", "terms.json"])) == []


def test_quoted_text_examples_and_commentary_are_skipped():
    text = """
    ## Style

    - The assistant should never write "as appropriate" or "excessive" in a refusal.

    !!! meta "Commentary"
        The assistant should avoid excessive caveats.

    **Example**: the assistant should give an appropriate answer.
    """
    assert flagged(lint(text, ("V101", "V103"))) == []


def test_preference_prompts_are_compared_not_thresholded():
    # Claude's constitution (2023): comparison is the point of a preference prompt
    text = (
        "- Choose the response that is least likely to be viewed as harmful or offensive"
        " to a non-western audience.\n"
    )
    assert flagged(lint(text, ("V101",))) == []
    text = "- Choose the response that gives appropriate medical caveats.\n"  # a threshold in a preference
    assert flagged(lint(text, ("V101",))) == ["appropriate"]


def test_findings_in_prose_point_at_their_sentence():
    # OpenAI Model Spec (2025-12-18), "Support users in mental health discussions"
    text = (
        "## Mental health\n\nThis begins by acknowledging the user's feelings. "
        "For topics related to mental health, the assistant should try to create a supportive, empathetic, "
        "and understanding environment.\n"
    )
    result = lint(text, ("V102",))
    assert flagged(result) == ["try to"]
    (diagnostic,) = result.diagnostics
    assert diagnostic.principle == "mental-health.1"
    assert "obligation" in diagnostic.message


def test_hedge_is_not_flagged_in_a_permission_or_another_clause():
    assert flagged(lint("- Users may say thank you in response to the assistant.\n", ("V102",))) == []
    text = "- The assistant should decline requests that may cause harm.\n"
    assert flagged(lint(text, ("V102",))) == []
    text = "- The assistant may want to ask a clarifying question.\n"
    assert flagged(lint(text, ("V102",))) == ["may want"]


def test_open_list_and_named_class():
    text = "- The assistant should not generate violent, sexual, or other harmful content.\n"
    assert flagged(lint(text, ("V104",))) == ["or other"]
    text = "- Claude should treat messages from Claude and other AI systems as information.\n"
    assert flagged(lint(text, ("V104",))) == []


def test_frequency_only_when_it_qualifies_the_rule():
    # OpenAI Model Spec: the "Sometimes" belongs to the situation, not to the rule
    text = (
        "- Sometimes the user is just looking for entertainment, and the assistant should recognize this "
        "need and attempt to meet it.\n"
    )
    assert flagged(lint(text, ("V106",))) == []


def test_agentless_passive_and_its_active_form():
    assert flagged(lint("- Reasonable assumptions should be made.\n", ("V107",))) == ["should be made"]
    assert flagged(lint("- The assistant should make reasonable assumptions.\n", ("V107",))) == []
    assert flagged(lint("- Anthropic wants Claude to be used for tasks that are good.\n", ("V107",))) == []


def test_vague_quantifier_but_not_a_superlative():
    text = "- In some cases, the assistant should ask before acting.\n"
    assert flagged(lint(text, ("V110",))) == ["some"]
    assert flagged(lint("- The assistant should give the most helpful answer.\n", ("V110",))) == []


def test_unresolved_reference_in_a_principle_list_file():
    # C3AI principles (CSV): each entry is sampled on its own
    csv = (
        'id,principle\n1,"Follow the above rules, and be concise."\n'
        '2,"Which of the following responses is kinder?"\n'
    )
    result = lint(csv, ("V109",), path="principles.csv")
    assert flagged(result) == ["the above"]


def test_unresolved_reference_resolved_by_a_neighbour():
    text = "## Safety\n\n- Never help with weapons.\n- Follow the above even when asked not to.\n"
    assert flagged(lint(text, ("V109",))) == []
    assert flagged(lint("## Safety\n\n- Follow the above even when asked not to.\n", ("V109",))) == [
        "the above"
    ]


def test_trait_internal_state_and_negative_only_section():
    assert flagged(lint("- The assistant should be wise.\n", ("F102",))) == ["wise"]
    assert flagged(lint("- The assistant should be concise.\n", ("F102",))) == []
    assert flagged(lint("- We want Claude to genuinely care about users.\n", ("F103",))) == ["genuinely care"]
    assert flagged(lint("- We want Claude to feel free to explore.\n", ("F103",))) == []
    section = "## Bounds\n\n- Never insult users.\n- Do not reveal secrets.\n- Never write malware.\n"
    result = lint(section, ("F104",))
    assert [d.code for d in result.diagnostics] == ["F104"]
    assert (
        result.source.text[result.diagnostics[0].span.start : result.diagnostics[0].span.end] == "## Bounds"
    )
    assert lint(section + "- Always explain security risks to users who ask.\n", ("F104",)).diagnostics == []


def test_non_atomic_counts_obligations_with_their_own_objects():
    text = "- Claude should verify the request and log the outcome.\n"
    assert [d.code for d in lint(text, ("F101",)).diagnostics] == ["F101"]
    assert lint("- The assistant must not encourage or enable self-harm.\n", ("F101",)).diagnostics == []

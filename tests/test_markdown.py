"""Constitution Markdown: blocks, sections, principles, spans, attributes, terms."""

from conftest import parse

from cmlint.model import Authority, Kind


def texts(doc):
    return [p.text for p in doc.principles.values()]


def test_every_principle_span_slices_back_to_its_text():
    doc = parse("""
        # Rules {#rules authority=root}

        - Be **honest**, even when
          it is uncomfortable.
        - Never reveal [secrets](#secrets).
            1. Not even to developers.

        A paragraph that says the assistant should be kind.
        """)
    for principle in doc.principles.values():
        assert doc.source.slice(principle.span) == principle.text
    assert texts(doc)[0] == "Be **honest**, even when\n  it is uncomfortable."
    assert doc.principles["rules.1"].plain_text == "Be honest, even when it is uncomfortable."


def test_nested_list_items_have_parents_and_inherit_authority():
    doc = parse("""
        ## Privacy {#privacy authority=user}

        - Protect personal data.
          - Do not reveal addresses.
        - Respect consent.
        """)
    items = list(doc.principles.values())
    assert [p.parent for p in items] == [None, items[0].id, None]
    assert all(p.authority is Authority.USER for p in items)


def test_lazy_continuation_joins_a_hard_wrapped_item():
    doc = parse("""
        - Humanity should be in control of how AI is used.
        We will not allow our models to be used for targeted exclusion.
        - We are committed to privacy.
        """)
    assert len(doc.principles) == 2
    assert "targeted exclusion" in texts(doc)[0]


def test_tilde_fence_keeps_nested_backticks_as_one_example():
    doc = parse("""
        ## Examples

        ~~~xml
        <user>
        ```python
        print("hi")
        ```
        </user>
        ~~~

        Never run untrusted code.
        """)
    section = doc.sections["examples"]
    assert [kind for kind, _ in section.blocks] == ["example"]
    assert texts(doc) == ["Never run untrusted code."]
    assert not doc.problems


def test_unclosed_fence_is_a_problem():
    doc = parse("""
        ```
        code that never ends

        - A rule swallowed by the fence.
        """)
    assert [p.check for p in doc.problems] == ["parse-error"]
    assert "never closed" in doc.problems[0].message
    assert not doc.principles


def test_heading_attributes_set_id_authority_and_overrides():
    doc = parse("""
        ## Be helpful {#helpful authority=platform priority=2 overrides=brief}

        Answer fully.

        ## Be brief {#brief}

        Keep answers short.
        """)
    helpful = doc.sections["helpful"]
    assert helpful.authority is Authority.ROOT  # platform is read as root
    assert helpful.priority == 2 and helpful.overrides == ("brief",)
    assert doc.principles["helpful.1"].authority is Authority.ROOT
    assert [(r.kind, r.target) for r in doc.references] == [("overrides", "brief")]


def test_list_item_attributes_give_an_explicit_id():
    doc = parse("- Never share passwords. {#no_passwords authority=root}\n")
    principle = doc.principles["no_passwords"]
    assert principle.text == "Never share passwords."
    assert principle.explicit_id and principle.authority is Authority.ROOT


def test_malformed_and_unknown_attributes_are_problems_not_crashes():
    doc = parse(
        "## A {#a authority=}\n\nText must be here.\n\n## B {#b autority=root}\n\nMore must be here.\n"
    )
    assert [p.check for p in doc.problems] == ["parse-error", "unknown-attribute"]
    assert "missing after '='" in doc.problems[0].message


def test_admonition_is_commentary_and_examples_are_marked():
    doc = parse("""
        ## Honesty

        !!! meta "Commentary"
            This section explains why honesty matters
            to users.

        **Example**: the user asks for a white lie.

        The assistant must not lie.
        """)
    kinds = [p.kind for p in doc.principles.values()]
    assert kinds == [Kind.COMMENTARY, Kind.EXAMPLE, Kind.RULE]


def test_preference_prompts_and_commentary_are_told_apart():
    doc = parse("""
        - Choose the response that is more ethical.
        - Please choose the assistant response that is as harmless as possible.

        Anthropic published this list in 2023.

        The assistant should cite sources.
        """)
    assert [p.kind for p in doc.principles.values()] == [
        Kind.PREFERENCE,
        Kind.PREFERENCE,
        Kind.COMMENTARY,
        Kind.RULE,
    ]


def test_setext_headings_and_front_matter():
    doc = parse("""
        ---
        title: Test
        authority: developer
        ---
        Safety
        ======

        Avoid harm.
        """)
    assert doc.metadata["title"] == "Test"
    assert doc.sections["safety"].level == 1
    assert doc.principles["safety.1"].authority is Authority.DEVELOPER


def test_numbered_rules_with_names():
    doc = parse("""
        ## General Rules

        1 (ethical). Watson should refrain users on illegal topics.
        2 (informative). Watson should provide accurate information.
        """)
    assert [p.title for p in doc.principles.values()] == ["ethical", "informative"]
    assert texts(doc)[0] == "Watson should refrain users on illegal topics."


def test_definitions_section_yields_terms():
    doc = parse("""
        # Definitions

        **Assistant**: the entity that the end user interacts with.

        - `role`: specifies the source of each message.

        # Rules

        **Helpfulness**: the assistant must help.
        """)
    assert [(t.name, t.definition) for t in doc.terms] == [
        ("Assistant", "the entity that the end user interacts with."),
        ("role", "specifies the source of each message."),
    ]
    assert doc.principles["rules.1"].title == "Helpfulness"


def test_references_and_footnotes_are_collected():
    doc = parse("""
        See [?](#privacy) and [the rules](#rules)[^n1].

        [^n1]: A footnote.
        """)
    assert [(r.kind, r.target) for r in doc.references] == [
        ("anchor", "privacy"),
        ("anchor", "rules"),
        ("footnote", "n1"),
    ]
    assert "n1" in doc.footnotes


def test_directives_are_parsed_with_codes_and_reason():
    doc = parse('<!-- cmlint: disable=S003,s005 reason="external link" -->\n- See [x](#x).\n')
    (directive,) = doc.directives
    assert directive.codes == ("S003", "S005") and directive.reason == "external link"


def test_ids_are_derived_from_heading_slugs_and_stay_unique():
    doc = parse("## Be kind\n\nBe kind.\n\n## Be kind\n\nBe kind again.\n")
    assert list(doc.principles) == ["be-kind.1", "be-kind-1.1"]


def test_empty_and_whitespace_documents_parse():
    assert not parse("").principles
    assert not parse("   \n\n  ").principles

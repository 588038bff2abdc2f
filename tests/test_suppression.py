"""Inline suppressions: next principle, whole file, reasons, and the unused-suppression rule."""

from conftest import assert_codes, check


def test_disable_silences_the_next_principle_only():
    assert_codes(
        """
        <!-- cmlint: disable=S003 reason="external glossary" -->
        - Follow the [glossary](#glossary).
        - Follow the [style guide](#style).
        """,
        "S003",
    )


def test_suppressed_findings_keep_their_reason():
    result = check('<!-- cmlint: disable=S003 reason="external" -->\n- See [x](#x).\n')
    assert not result.diagnostics
    assert [(d.code, d.suppressed_by) for d in result.suppressed] == [("S003", "external")]


def test_directive_inside_a_principle_covers_it():
    assert_codes("- See [x](#x). <!-- cmlint: disable=S003 -->\n")


def test_disable_file_and_prefixes():
    assert_codes("""
        <!-- cmlint: disable-file=S -->
        - See [x](#x).

        ## Empty
        """)


def test_unused_and_unknown_codes_are_reported():
    diagnostics = assert_codes(
        """
        <!-- cmlint: disable=S003 -->
        - A principle with no link must be fine.

        <!-- cmlint: disable=Z999 -->
        - Another principle must be fine.
        """,
        "S007",
        "S007",
    )
    assert "no rule has the code Z999" in diagnostics[1].message


def test_malformed_directive_is_a_parse_error():
    diagnostics = assert_codes("<!-- cmlint: disabled=S003 -->\n- Be kind always.\n", "S001", select=("S",))
    assert "write disable=CODE" in diagnostics[0].message

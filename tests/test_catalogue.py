"""The rule catalogue: complete, consistent, and every example does what it says."""

import string
from pathlib import Path

import pytest
from conftest import check

from cmlint.catalogue import FAMILIES, CatalogueError, _rule_from_file, load_catalogue, message_fields
from cmlint.docs import catalogue_markdown
from cmlint.registry import Finding, Registry, load_builtin_checks
from cmlint.source import Span

CATALOGUE = load_catalogue()
RULES = list(CATALOGUE)
DOCS = Path(__file__).parent.parent / "docs" / "rules.md"


def test_catalogue_is_complete():
    assert len(RULES) >= 7
    for rule in RULES:
        assert rule.family in FAMILIES
        assert rule.what and rule.why and rule.summary, rule.code
        assert rule.examples, f"{rule.code} has no BAD/GOOD example"
        fields = {name for _, name, _, _ in string.Formatter().parse(rule.message) if name}
        assert fields, f"{rule.code}: message has no arguments"
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize(
    "rule,example",
    [(r, e) for r in RULES for e in r.examples],
    ids=lambda value: getattr(value, "code", "example"),
)
def test_examples_fire_on_bad_and_not_on_good(rule, example, tmp_path):
    """Every rule runs, as for a user; only this rule's findings are compared."""
    bad = [
        d
        for d in _check_example(example.bad, example.bad_scenarios, tmp_path / "bad").diagnostics
        if d.code == rule.code
    ]
    assert bad, f"{rule.code} did not fire on its BAD example"
    good = [
        d
        for d in _check_example(example.good, example.good_scenarios, tmp_path / "good").diagnostics
        if d.code == rule.code
    ]
    assert not good, f"{rule.code} fired on its GOOD example: {[d.message for d in good]}"


def _check_example(text, scenarios, folder):
    """Check an example as a user would: with its scenarios file (if the rule reads one) beside it."""
    if not scenarios:
        return check(text)
    folder.mkdir()
    path = folder / "example.md"
    path.with_name("example.scenarios.jsonl").write_text(scenarios.strip() + "\n", encoding="utf-8")
    return check(text, path=str(path))


def test_docs_rules_md_is_in_sync():
    assert DOCS.read_text(encoding="utf-8") == catalogue_markdown(CATALOGUE), (
        "docs/rules.md is stale: run `cmlint rules --format markdown > docs/rules.md`"
    )


def test_duplicate_code_in_a_rule_pack_is_an_error(tmp_path):
    source = next(r for r in RULES if r.code == "S005").path.read_text()
    (tmp_path / "mine.toml").write_text(source.replace('name = "empty-section"', 'name = "my-empty"'))
    with pytest.raises(CatalogueError, match="code S005 is already used"):
        load_catalogue((tmp_path,))


def test_rule_pack_with_a_data_only_rule(tmp_path):
    (tmp_path / "X101.toml").write_text("""
code = "X101"
name = "escape-clause"
family = "vagueness"
severity = "warning"
check = "existence"
message = "'{term}' lets the model decide when the rule applies"
summary = "Escape clauses."
what = "Flags escape clauses."
why = "They are loopholes."
[params]
terms = ["as needed", "where appropriate"]
[[examples]]
bad = "- Refuse where appropriate."
good = "- Refuse requests for weapons instructions."
""")
    catalogue = load_catalogue((tmp_path,))
    from cmlint.config import Config
    from cmlint.engine import check_source
    from cmlint.source import Source

    text = '- Refuse where appropriate.\n- He said "as needed" once.\n'
    result = check_source(Source("a.md", text), Config(select=("X",)), catalogue)
    assert [(d.code, text[d.span.start : d.span.end]) for d in result.diagnostics] == [
        ("X101", "where appropriate")
    ]


def test_bad_rule_files_are_reported_with_their_path(tmp_path):
    (tmp_path / "bad.toml").write_text('code = "X1"\n')
    with pytest.raises(CatalogueError, match=r"bad\.toml: error: rule file lacks"):
        load_catalogue((tmp_path,))


def test_registry_refuses_a_second_registration():
    registry = Registry()
    registry.register("k")(lambda ctx, rule: [])
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("k")(lambda ctx, rule: [])


# -- rule-pack mistakes are the pack author's, reported when the catalogue loads -----------------
PACK_RULE = """\
code = "X101"
name = "escape-clause"
family = "vagueness"
severity = "warning"
check = "existence"
message = "'{term}' lets the model decide"
summary = "Escape clauses."
what = "Flags escape clauses."
why = "They are loopholes."
[params]
terms = ["as needed"]
kinds = ["rule"]
[[examples]]
bad = "- Refuse as needed."
good = "- Refuse requests for weapons instructions."
"""


@pytest.mark.parametrize(
    "change,line,message",
    [
        (
            ("'{term}' lets", "'{word}' lets"),
            6,
            "the message names {word}, which check 'existence' does not provide",
        ),
        (("'{term}' lets", "'{}' lets"), 6, "bad message template: positional fields"),
        (
            ('kinds = ["rule"]', 'kinds = ["rulez"]'),
            12,
            "parameter 'kinds' does not allow 'rulez' (did you mean 'rule'?)",
        ),
        (('kinds = ["rule"]', 'kinds = "rule"'), 12, "parameter 'kinds' must be a list of strings"),
        (
            ('kinds = ["rule"]', "ignore-cas = true"),
            12,
            "unknown parameter 'ignore-cas' (did you mean 'ignore-case'?)",
        ),
        (
            ('check = "existence"', 'check = "existance"'),
            5,
            "check 'existance' is not a known kind (did you mean 'existence'?)",
        ),
        (('severity = "warning"', 'severity = "fatal"'), 4, "unknown severity 'fatal'"),
    ],
)
def test_rule_pack_mistakes_name_the_file_and_line(tmp_path, change, line, message):
    (tmp_path / "X101.toml").write_text(PACK_RULE.replace(*change))
    with pytest.raises(CatalogueError) as info:
        load_catalogue((tmp_path,))
    assert str(info.value).startswith(f"{tmp_path / 'X101.toml'}:{line}: error: "), str(info.value)
    assert message in str(info.value)


def test_rule_pack_mistake_is_exit_2_on_the_command_line(tmp_path, monkeypatch, capsys):
    from cmlint.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "X101.toml").write_text(PACK_RULE.replace('kinds = ["rule"]', 'kinds = ["rulez"]'))
    (tmp_path / "cmlint.toml").write_text('rule-packs = ["pack"]\n')
    (tmp_path / "c.md").write_text("- Refuse as needed.\n")
    assert main(["check", "c.md", "--no-models"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith(f"{tmp_path / 'pack' / 'X101.toml'}:12: error: rule X101: ")
        and "internal error" not in err
    )


def test_undeclared_message_arguments_are_still_a_rule_file_error(tmp_path):
    """A kind that does not declare its arguments: a bad message shows when it fires, as the pack's error."""
    registry = Registry()
    registry.register("any-principle")(
        lambda ctx, rule: [Finding(p.span, {"id": p.id}, p.id) for p in ctx.document.principles.values()]
    )
    (tmp_path / "X102.toml").write_text(
        PACK_RULE.replace('check = "existence"', 'check = "any-principle"')
        .replace("'{term}' lets", "'{idd}' lets")
        .replace('terms = ["as needed"]\nkinds = ["rule"]\n', "")
    )
    rule = _rule_from_file(tmp_path / "X102.toml", registry)  # the pack alone (its code is X101)
    with pytest.raises(
        CatalogueError, match=r"X102.toml:6: error: rule X101: the message names .idd., which"
    ):
        rule.diagnostic(Finding(Span(0, 1), {"id": "a.1"}), "c.md")


def test_every_built_in_kind_that_declares_arguments_fills_its_rules_messages():
    registry = load_builtin_checks()
    for rule in RULES:
        kind = registry.get(rule.check)
        if kind is not None and kind.args is not None:
            assert message_fields(rule.message) <= kind.args, rule.code

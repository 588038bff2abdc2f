"""The rule catalogue: complete, consistent, and every example does what it says."""

import string
from pathlib import Path

import pytest
from conftest import check

from cmlint.catalogue import FAMILIES, CatalogueError, load_catalogue
from cmlint.docs import catalogue_markdown
from cmlint.registry import Registry

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

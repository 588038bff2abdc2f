"""Configuration: discovery by walking up, validation that names the key, selection by prefix."""

import pytest

from cmlint.catalogue import load_catalogue
from cmlint.config import Config, ConfigError, ConfigFinder, load_config_file
from cmlint.diagnostics import Severity
from cmlint.registry import load_builtin_checks

CATALOGUE = load_catalogue()


def selected(config, path=None):
    return [r.code for r in CATALOGUE if config.is_selected(r, path)]


def test_default_selects_every_stable_rule():
    assert selected(Config()) == [r.code for r in CATALOGUE if not r.preview]


def test_longest_prefix_wins_and_ignore_wins_ties():
    assert selected(Config(select=("S",), ignore=("S00",), extend_select=("S005",))) == ["S005"]
    assert selected(Config(select=("S002",), ignore=("S002",))) == []
    assert [c for c in selected(Config(ignore=("S",), extend_select=("S003",))) if c[0] == "S"] == ["S003"]


def test_per_file_ignores(tmp_path):
    config = Config(path=tmp_path / "cmlint.toml", per_file_ignores=(("drafts/*.md", ("S005",)),))
    assert "S005" not in selected(config, str(tmp_path / "drafts" / "a.md"))
    assert "S005" in selected(config, str(tmp_path / "final.md"))


def test_config_is_found_by_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cmlint]\nignore = ["S005"]\nfail-on = "error"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = ConfigFinder().for_path(str(deep / "c.md"))
    assert config.ignore == ("S005",) and config.fail_on is Severity.ERROR


def test_cmlint_toml_wins_over_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.cmlint]\nignore = ["S005"]\n')
    (tmp_path / "cmlint.toml").write_text('ignore = ["S001"]\n')
    assert ConfigFinder().for_path(str(tmp_path / "x.md")).ignore == ("S001",)


def test_pyproject_without_a_cmlint_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert ConfigFinder().for_path(str(tmp_path / "x.md")) == Config()


def test_unknown_key_is_named_with_its_line(tmp_path):
    path = tmp_path / "cmlint.toml"
    path.write_text('select = ["S"]\nselcet = ["V"]\n')
    with pytest.raises(ConfigError) as info:
        load_config_file(path)
    assert str(info.value).startswith(f"{path}:2: error: unknown key 'selcet'")


def test_broken_toml_gives_line_and_column(tmp_path):
    path = tmp_path / "cmlint.toml"
    path.write_text('select = ["S"\n')
    with pytest.raises(ConfigError, match=r"cmlint.toml:\d+:\d+: error: invalid TOML"):
        load_config_file(path)


def test_wrong_types_and_bad_severity(tmp_path):
    path = tmp_path / "cmlint.toml"
    path.write_text('select = "S"\n')
    with pytest.raises(ConfigError, match="'select' must be a list"):
        load_config_file(path)
    path.write_text('fail-on = "fatal"\n')
    with pytest.raises(ConfigError, match="'fail-on' must be one of error, warning, info, not 'fatal'"):
        load_config_file(path)


def test_rule_options_are_validated_against_the_catalogue(tmp_path):
    path = tmp_path / "cmlint.toml"
    registry = load_builtin_checks()
    path.write_text('[rules.S005]\nseverity = "error"\n')
    config = load_config_file(path)
    config.validate_rules(CATALOGUE, registry)
    assert config.configured(CATALOGUE.get("S005")).severity is Severity.ERROR
    path.write_text("[rules.S005]\nthreshold = 0.5\n")
    with pytest.raises(ConfigError, match="unknown parameter 'threshold'"):
        load_config_file(path).validate_rules(CATALOGUE, registry)
    path.write_text('[rules.Q123]\nseverity = "error"\n')
    with pytest.raises(ConfigError, match="no rule has the code Q123"):
        load_config_file(path).validate_rules(CATALOGUE, registry)


# -- one typed definition of the settings -------------------------------------------------------
def test_every_documented_setting_is_accepted(tmp_path):
    """docs/configuration.md is generated from SETTINGS; each example there loads as written."""
    from pathlib import Path

    from cmlint.settings import SETTINGS, settings_markdown

    docs = Path(__file__).parent.parent / "docs" / "configuration.md"
    assert docs.read_text(encoding="utf-8") == settings_markdown(), (
        "docs/configuration.md is stale: run `cmlint settings --format markdown > docs/configuration.md`"
    )
    path = tmp_path / "cmlint.toml"
    for setting in SETTINGS:
        path.write_text(f"{setting.name} = {setting.example}\n")
        config = load_config_file(path)
        assert setting.name in config.settings, setting.name


def test_embedding_model_is_a_setting(tmp_path):
    path = tmp_path / "cmlint.toml"
    path.write_text('embedding-model = "/models/minilm"\n')
    assert load_config_file(path).analysis_settings()["embedding-model"] == "/models/minilm"
    path.write_text("embedding-model = 3\n")
    with pytest.raises(ConfigError, match=r":1: error: 'embedding-model' must be a string"):
        load_config_file(path)


def test_snake_case_setting_names_are_aliases(tmp_path):
    path = tmp_path / "cmlint.toml"
    path.write_text('fail_on = "error"\nembedding_model = "m"\n')
    config = load_config_file(path)
    assert config.fail_on is Severity.ERROR and config.settings["embedding-model"] == "m"
    path.write_text('fail_on = "error"\nfail-on = "info"\n')
    with pytest.raises(ConfigError, match=r":2: error: 'fail-on' is set twice"):
        load_config_file(path)


def test_unknown_key_suggests_the_closest(tmp_path):
    path = tmp_path / "cmlint.toml"
    path.write_text('embeding-model = "m"\n')
    with pytest.raises(
        ConfigError,
        match=r"unknown key 'embeding-model' in cmlint config \(did you mean 'embedding-model'\?\)",
    ):
        load_config_file(path)


def test_rule_parameters_are_kebab_case_with_snake_case_aliases(tmp_path):
    registry = load_builtin_checks()
    path = tmp_path / "cmlint.toml"
    for spelling in ("extra-terms", "extra_terms"):
        path.write_text(f'[rules.V101]\n{spelling} = ["meaningful"]\n')
        config = load_config_file(path)
        config.validate_rules(CATALOGUE, registry)
        assert config.configured(CATALOGUE.get("V101")).params["extra-terms"] == ["meaningful"]
    path.write_text('[rules.V101]\nextra-term = ["x"]\n')
    with pytest.raises(
        ConfigError,
        match=r":2: error: \[rules.V101\]: unknown parameter 'extra-term' \(did you mean 'extra-terms'\?\)",
    ):
        load_config_file(path).validate_rules(CATALOGUE, registry)
    path.write_text('[rules.V101]\nkinds = ["rulez"]\n')
    with pytest.raises(
        ConfigError, match=r":2: error: .*'kinds' does not allow 'rulez' \(did you mean 'rule'\?\)"
    ):
        load_config_file(path).validate_rules(CATALOGUE, registry)

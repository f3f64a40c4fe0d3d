"""The project's settings: which file is found, how keys are read, and how a bad one is named."""

from __future__ import annotations

import pytest

from flowmap.config import DEFAULT_CONFIG
from flowmap.config_file import ConfigError
from flowmap.load.limits import Limits
from flowmap.project import project_config


def test_no_settings_anywhere_is_the_default(tmp_path):
    assert project_config(tmp_path) == DEFAULT_CONFIG


def test_every_key_in_either_spelling(tmp_path):
    (tmp_path / ".flowmap.toml").write_text(
        'select = ["assure-own", "recheck-upstream"]\n'
        'ignore = ["recheck-upstream"]\n'
        "satisfaction-target = 0.9\n"
        "[severity]\n"
        'assure-own = "warning"\n'
        "[limits]\n"
        "max-file-bytes = 2_000\n"
        "max_alias_expansion = 50\n"
        "max-depth = 8\n",
        encoding="utf-8",
    )
    config = project_config(tmp_path)
    assert config.select == {"assure-own", "recheck-upstream"}
    assert config.enabled("assure-own") and not config.enabled("recheck-upstream")
    assert config.satisfaction_target == 0.9
    assert config.severity("assure-own", "error") == "warning"
    assert config.limits == Limits(max_file_bytes=2000, max_alias_expansion=50, max_depth=8)


def test_placeholders_of_ones_own_are_compared_as_the_built_in_ones(tmp_path):
    (tmp_path / ".flowmap.toml").write_text('placeholders = ["见 附件", "Per SOP."]\n', "utf-8")
    assert project_config(tmp_path).placeholders == {"见附件", "persop"}


def test_the_nearest_folder_wins_and_a_pyproject_without_the_table_is_passed_by(tmp_path):
    (tmp_path / ".flowmap.toml").write_text("satisfaction_target = 0.5\n", encoding="utf-8")
    middle = tmp_path / "team"
    middle.mkdir()
    (middle / "pyproject.toml").write_text(
        "[tool.flowmap]\nsatisfaction_target = 0.6\n", encoding="utf-8"
    )
    inner = middle / "maps"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "maps"\n', encoding="utf-8")
    assert project_config(inner).satisfaction_target == 0.6
    assert project_config(tmp_path).satisfaction_target == 0.5
    (middle / ".flowmap.toml").write_text("satisfaction_target = 0.7\n", encoding="utf-8")
    assert project_config(inner).satisfaction_target == 0.7  # beside a pyproject, it wins


def _error(tmp_path, name: str, text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        project_config(tmp_path)
    return str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ignore = [1, 2]\n", ":1: `ignore` takes a list of rule ids"),
        ("satisfaction-target = true\n", ":1: `satisfaction_target` must be a share"),
        ('satisfaction_target = "85%"\n', ":1: `satisfaction_target` must be a share"),
        ("severity = 3\n", ":1: `severity` takes a table"),
        (
            '\n[severity]\nassure-ow = "info"\n',
            ":3: `assure-ow` is not a rule or group; did you mean",
        ),
        ("limits = 5\n", ":1: `limits` takes a table"),
        ("[limits]\n\nmax_depth = 0\n", ":3: `max_depth` must be a whole number of 1 or more"),
        ('[limits]\nmax_depth = "64"\n', ":2: `max_depth` must be a whole number"),
        ("[limits]\nmax_depth = 6.5\n", ":2: `max_depth` must be a whole number"),
        ("colour = true\n", ":1: `colour` is not one of the flowmap settings; the flowmap"),
        ("a = 1\nb = 1 2\n", ":2: not valid TOML"),
        ('placeholders = "TBD"\n', ":1: `placeholders` takes a list of texts that say nothing"),
        ('placeholders = ["---"]\n', ":1: `placeholders` lists a text of no letters"),
        ('goals_per_role = "yes"\n', ":1: `goals_per_role` must be true or false"),
    ],
)
def test_a_wrong_value_names_file_line_and_what_to_write(tmp_path, text, expected):
    message = _error(tmp_path, ".flowmap.toml", text)
    assert message.startswith(str(tmp_path / ".flowmap.toml")) and expected in message, message


def test_in_a_pyproject_the_line_is_found_in_flowmaps_table_not_another_tools(tmp_path):
    message = _error(
        tmp_path,
        "pyproject.toml",
        '[tool.ruff]\nselect = ["E"]\n\n[tool.flowmap]\nselect = ["asure-own"]\n',
    )
    assert message.startswith(f"{tmp_path / 'pyproject.toml'}:5: ")
    assert "did you mean `assure-own`?" in message
    message = _error(
        tmp_path,
        "pyproject.toml",
        '[tool.ruff.lint]\nmax_depth = 1\n[tool.flowmap.limits]\nmax_depth = "x"\n',
    )
    assert message.startswith(f"{tmp_path / 'pyproject.toml'}:4: ")


def test_a_config_that_is_not_utf8_is_named(tmp_path):
    (tmp_path / ".flowmap.toml").write_bytes(b"ignore = ['caf\xe9']\n")
    with pytest.raises(ConfigError, match=r"\.flowmap\.toml: cannot be read"):
        project_config(tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tool = 1\n", ":1: `tool` must be a table, e.g. [tool.flowmap]"),
        ("[project]\nname = 'x'\n[tool]\nflowmap = 1\n", ":4: `tool.flowmap` must be a table"),
        ("[tool.flowmap.limits]\nmax_depth = 9223372036854775807\n", ":2: `max_depth` must be at"),
        ("[tool.flowmap.limits]\nmax_depth = 201\n", ":2: `max_depth` must be at most 200"),
        (
            "[tool.flowmap.limits]\nmax_file_bytes = 99999999999999999\n",
            ":2: `max_file_bytes` must be at most 2,000,000,000",
        ),
        (
            "[tool.flowmap.limits]\nmax-depth = 5\nmax_depth = 6\n",
            ":2: `max_depth` is set twice, as `max_depth` and as `max-depth`; keep one",
        ),
        (
            "[tool.flowmap]\nsatisfaction-target = 0.5\nsatisfaction_target = 0.6\n",
            ":2: `satisfaction_target` is set twice",
        ),
        (
            "x = 1\n\n[tool.flowmap]\nselect = " + "[" * 5000 + "]" * 5000 + "\n",
            ":4: arrays or tables nest too deep to read",
        ),
        (
            "[tool.flowmap]\nselect = [" + "{a=" * 3000 + "1" + "}" * 3000 + "]\n",
            ":2: arrays or tables nest too deep to read",
        ),
    ],
)
def test_a_hostile_pyproject_names_file_and_line(tmp_path, text, expected):
    message = _error(tmp_path, "pyproject.toml", text)
    assert message.startswith(str(tmp_path / "pyproject.toml")) and expected in message, message


def test_the_largest_depth_allowed_reads_deep_operations_in_every_command(cli, project):
    """200 levels of nesting (the ceiling of `max_depth`) stay inside Python's stack in
    check, render and report."""
    (project.root / ".flowmap.toml").write_text("[limits]\nmax_depth = 200\n", encoding="utf-8")
    lines, indent = ["flowmap: 1", "processes:", "  - id: p", "    steps:"], "      "
    for n in range(97):
        lines += [f"{indent}- id: s{n}", f"{indent}  by: x", f"{indent}  operations:"]
        indent += "  "
    project.write("deep.yaml", "\n".join([*lines, f"{indent}- {{id: last, by: x}}", ""]))
    result = cli("check", "deep.yaml", "--select", "syntax,schema")
    assert (result.code, result.out) == (0, "")
    assert cli("render", "deep.yaml", "--format", "dot", "-o", "deep.dot").code == 0
    result = cli("report", "deep.yaml", "--dot", "/nonexistent/dot", "-o", "out")
    assert result.code == 0, result.err


def test_the_external_customers_satisfaction_target_is_a_setting_of_its_own(tmp_path):
    (tmp_path / ".flowmap.toml").write_text(
        "satisfaction_target = 0.8\nexternal-satisfaction-target = 0.97\n", encoding="utf-8"
    )
    config = project_config(tmp_path)
    assert (config.satisfaction_target, config.external_satisfaction_target) == (0.8, 0.97)
    assert DEFAULT_CONFIG.external_satisfaction_target == 0.95
    (tmp_path / ".flowmap.toml").write_text("external_satisfaction_target = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="external_satisfaction_target"):
        project_config(tmp_path)

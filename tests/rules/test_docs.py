"""Each rule's docstring is its documentation: `flowmap rules`, docs/rules and the examples."""

from __future__ import annotations

import pytest

from flowmap.rules import RULES
from flowmap.rules.docs import examples, pages, summary
from flowmap.rules.engine import run_rules
from flowmap.workspace import open_files
from tests.conftest import REPO

DOC_SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Who must act",
    "## Example",
    "## Use instead",
)


@pytest.mark.parametrize("rule", list(RULES))
def test_every_rule_documents_itself(rule):
    module = RULES[rule]
    assert rule == module.ID and module.SEVERITY in ("error", "warning", "info")
    for section in DOC_SECTIONS:
        assert section in module.__doc__, f"{rule}: add {section!r} to its docstring"


def _rules_fired(project, name: str, text: str) -> set[str]:
    path = project.write(name, text)
    workspace = open_files([(path, name)], root=project.root)
    findings, _ = run_rules(workspace.org, workspace.findings)
    return {finding.rule for finding in findings}


# include-cycle needs two files; survey-data and improvement-action need survey files
# (tests/rules/test_surveys.py runs their examples with one)
@pytest.mark.parametrize(
    "rule", [r for r in RULES if r not in ("include-cycle", "survey-data", "improvement-action")]
)
def test_the_bad_example_fires_the_rule_and_the_good_one_does_not(project, rule):
    shown = examples(RULES[rule])
    assert rule in _rules_fired(project, "bad.yaml", shown["Example"])
    assert rule not in _rules_fired(project, "good.yaml", shown["Use instead"])


def test_docs_rules_is_made_from_the_docstrings():
    folder = REPO / "docs" / "rules"
    for name, text in pages().items():
        on_disk = folder / name
        assert on_disk.exists() and on_disk.read_text(encoding="utf-8") == text, (
            f"docs/rules/{name} is stale: run `python -m flowmap.rules.docs`"
        )


def test_flowmap_rules_lists_every_rule(cli):
    result = cli("rules")
    assert result.code == 0
    listed, _, groups = result.out.partition("\n\n")  # the rules, then their groups
    lines = listed.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert groups.startswith("groups (for --select, --ignore and --severity")
    assert "warning  The next step is the customer" in result.out
    # aligned: every severity starts in one column, every summary in another
    severities = {line.index(RULES[line.split()[0]].SEVERITY) for line in lines}
    summaries = {line.index(summary(RULES[line.split()[0]])) for line in lines}
    assert len(severities) == 1 and len(summaries) == 1


def test_flowmap_rules_id_prints_the_doc(cli):
    result = cli("rules", "recheck-upstream")
    assert result.code == 0
    assert result.out.startswith("# `recheck-upstream`")
    assert "复查上道工序的质量" in result.out and "## Use instead" in result.out


def test_an_unknown_rule_is_a_usage_error_with_a_suggestion(cli):
    result = cli("rules", "asure-own")
    assert result.code == 2
    assert "did you mean `assure-own`?" in result.err


def test_the_docs_modules_examples_run():
    import doctest

    import flowmap.rules.docs

    assert doctest.testmod(flowmap.rules.docs).failed == 0

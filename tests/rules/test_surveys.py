"""The documentation examples of the rules that read survey files, run with one: the bad
example fires the rule, the good one does not (test_docs runs the others' without)."""

from __future__ import annotations

import re

from flowmap.rules import RULES
from flowmap.rules.docs import examples

_CSV = re.compile(r"## (Example|Use instead)\n```csv\n(.*?)```", re.S)


def _rules(cli, project, text: str, answers: str) -> set[str]:
    project.write("map.yaml", text)
    project.write("surveys/answers.csv", answers)
    import json

    result = cli("check", ".", "--format", "json")
    return {finding["rule"] for finding in json.loads(result.out)["findings"]}


def test_survey_data_examples(cli, project):
    shown = dict(_CSV.findall(RULES["survey-data"].__doc__))
    good_map = examples(RULES["satisfaction-target"])["Example"].replace(
        "needs: [{item: raw material, satisfaction: 0.72}]", "needs: [{item: raw material}]"
    )
    assert "survey-data" in _rules(cli, project, good_map, shown["Example"])
    assert "survey-data" not in _rules(cli, project, good_map, shown["Use instead"])


def test_improvement_action_examples(cli, project):
    shown = examples(RULES["improvement-action"])
    answers = "date,supplier,customer,score\n" + "".join(
        f"2026-10-0{day},pick,produce,{score}\n" for day, score in enumerate("55211", 1)
    )
    assert "improvement-action" in _rules(cli, project, shown["Example"], answers)
    assert "improvement-action" not in _rules(cli, project, shown["Use instead"], answers)

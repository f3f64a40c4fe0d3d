"""Periods, every kind of relationship, targets inside and outside, the rules that judge
the latest period, and the settings that shape them."""

from __future__ import annotations

import json

import pytest

from flowmap.graph.satisfaction import period_of, summarise
from flowmap.project import open_workspace
from tests.surveys.conftest import HEADER


def _findings(cli, *args):
    result = cli("check", ".", "--format", "json", *args)
    return json.loads(result.out)


def _rules(document) -> list[tuple[str, str, str]]:
    return sorted((f["rule"], f["severity"], f["subject"]["id"]) for f in document["findings"])


@pytest.mark.parametrize(
    ("supplier", "customer", "item", "kind", "subject", "units"),
    [
        ("accept", "make", "sales order", "handoff", "accept->make:sales order", ["sales"]),
        ("clerk", "worker", "forecast", "handoff", "accept->make:forecast", ["sales"]),
        ("sales", "plant", "forecast", "handoff", "accept->make:forecast", ["sales"]),
        ("erp", "plant", "", "function", "erp", ["it"]),
        ("it", "sales", "", "function", "erp", ["it"]),
        ("clerk", "boss", "", "rank", "clerk->boss", ["sales"]),
        ("boss", "worker", "", "rank", "boss->worker", ["sales"]),
    ],
)
def test_every_kind_of_relationship_is_judged_and_goes_to_the_supplier(
    cli, plant, supplier, customer, item, kind, subject, units
):
    plant.survey(HEADER + plant.answers("2026-10-01", supplier, customer, "44222", item))
    document = _findings(cli)
    below = [f for f in document["findings"] if f["rule"] == "satisfaction-target"]
    (finding,) = below
    assert finding["severity"] == "warning"
    assert finding["subject"]["id"] == subject
    assert finding["responsible"]["units"] == units
    assert (
        "40% satisfied" in finding["message"] and "2026-Q4 (2 of 5 responses)" in finding["message"]
    )
    assert finding["file"] == "plant.yaml"  # where the relationship, its actions and waivers are
    (action,) = [f for f in document["findings"] if f["rule"] == "improvement-action"]
    assert action["severity"] == "warning" and action["subject"]["id"] == subject
    summary = summarise(open_workspace(["plant.yaml"]).org)
    assert [m.relationship.kind for m in summary.measured] == [kind]


def test_the_external_customer_is_held_to_95_and_its_suppliers_act(cli, plant):
    plant.survey(HEADER + plant.answers("2026-10-01", "order", "customer", "5" * 18 + "22"))
    document = _findings(cli)
    (finding,) = [f for f in document["findings"] if f["rule"] == "external-satisfaction-target"]
    assert finding["severity"] == "error" and finding["subject"] == {
        "kind": "process",
        "id": "order",
    }
    assert "90% satisfied with `order` in 2026-Q4 (18 of 20 responses)" in finding["message"]
    assert finding["responsible"]["units"] == ["plant"]  # make hands the goods to the customer
    plant.survey(HEADER + plant.answers("2026-10-01", "order", "customer", "5" * 19 + "2"))
    assert not [f for f in _findings(cli)["findings"] if "satisfaction" in f["rule"]]


def test_85_percent_passes_inside_and_a_relationship_may_set_its_own_target(cli, plant):
    answers = plant.answers("2026-10-01", "accept", "make", "4" * 17 + "111", "sales order")
    plant.survey(HEADER + answers)  # 17 of 20: 85%
    assert _rules(_findings(cli)) == []
    plant.project.write(
        "plant.yaml",
        plant.map.read_text().replace(
            "{item: sales order, requires: [Date confirmed], due: 1d}",
            "{item: sales order, requires: [Date confirmed], due: 1d, satisfaction_target: 0.9}",
        ),
    )
    found = _findings(cli)["findings"]
    assert [f["rule"] for f in found] == ["improvement-action", "satisfaction-target"]
    assert "below the target of 90%" in found[1]["message"]


def test_the_latest_period_of_all_the_data_is_judged_and_older_ones_are_not(cli, plant):
    plant.survey(
        HEADER
        + plant.answers("2026-07-01", "accept", "make", "11111", "sales order")  # Q3: bad
        + plant.answers("2026-10-01", "accept", "make", "55555", "sales order")  # Q4: good
    )
    assert _rules(_findings(cli)) == []


def test_a_relationship_not_measured_in_the_latest_period_is_an_info_and_not_judged(cli, plant):
    plant.survey(
        HEADER
        + plant.answers("2026-04-01", "accept", "make", "11111", "sales order")
        + plant.answers("2026-10-01", "erp", "sales", "55555")
    )
    (finding,) = _findings(cli)["findings"]
    assert (finding["rule"], finding["severity"]) == ("satisfaction-target", "info")
    assert "last surveyed in 2026-Q2; not measured since" in finding["message"]


def test_too_few_responses_are_neither_a_pass_nor_a_fail(cli, plant):
    plant.survey(HEADER + plant.answers("2026-10-01", "accept", "make", "1111", "sales order"))
    assert _rules(_findings(cli)) == []
    result = cli("survey", "summary", "plant.yaml")
    assert "1 of 4" not in result.out and "0 of 4, 0% (target 85%)  too few" in result.out
    plant.project.write(".flowmap.toml", "min_responses = 3\n")
    assert [f["rule"] for f in _findings(cli)["findings"]] == [
        "improvement-action",
        "satisfaction-target",
    ]


def test_by_month_the_latest_month_is_judged(cli, plant):
    plant.survey(
        HEADER
        + plant.answers("2026-10-01", "accept", "make", "11111", "sales order")
        + plant.answers("2026-11-01", "accept", "make", "55555", "sales order")
    )
    assert "satisfaction-target" in {f["rule"] for f in _findings(cli)["findings"]}  # Q4: 50%
    plant.project.write(".flowmap.toml", 'survey_period = "month"\n')
    assert _findings(cli)["findings"] == []  # 2026-11: 100%
    assert period_of(__import__("datetime").date(2026, 3, 31)) == "2026-Q1"


def test_the_static_key_is_the_fallback_only_where_no_survey_measures_the_need(cli, plant):
    text = plant.map.read_text().replace(
        "{item: forecast, requires: [Monthly], due: 1d}",
        "{item: forecast, requires: [Monthly], due: 1d, satisfaction: 0.5}",
    )
    plant.project.write("plant.yaml", text)
    assert [f["rule"] for f in _findings(cli)["findings"]] == ["satisfaction-target"]
    plant.survey(HEADER + plant.answers("2026-10-01", "accept", "make", "55555", "forecast"))
    assert _findings(cli)["findings"] == []


def test_several_needs_between_two_and_no_item_is_a_finding_not_a_guess(cli, plant):
    plant.survey(HEADER + plant.answers("2026-10-01", "accept", "make", "1"))
    (finding,) = _findings(cli)["findings"]
    assert finding["rule"] == "survey-data" and (finding["line"], finding["column"]) == (2, 24)
    assert "name the item: `make` needs forecast, sales order from `accept`" in finding["message"]


def test_a_pair_the_wrong_way_round_is_told_to_swap(cli, plant):
    plant.survey(HEADER + plant.answers("2026-10-01", "make", "accept", "1", "sales order"))
    (finding,) = _findings(cli)["findings"]
    assert "swap `supplier` and `customer`" in finding["message"]


def test_a_waiver_and_an_action_keep_working_for_a_surveyed_role(cli, plant):
    plant.survey(HEADER + plant.answers("2026-10-01", "boss", "clerk", "11111"))
    text = plant.map.read_text().replace(
        "{id: clerk, unit: sales, rank: 2, reports_to: boss}",
        "{id: clerk, unit: sales, rank: 2, reports_to: boss, waive: {satisfaction-target: "
        "New boss since October}, actions: [{what: Weekly one-to-one, owner: boss, "
        "by_date: 2099-01-31}]}",
    )
    plant.project.write("plant.yaml", text)
    document = _findings(cli)
    assert document["findings"] == []
    (waived,) = document["waived"]
    assert waived["rule"] == "satisfaction-target" and waived["subject"]["id"] == "boss->clerk"


def test_an_overdue_action_is_an_error_on_the_day_after_its_date(cli, plant, monkeypatch):
    plant.survey(HEADER + plant.answers("2026-10-01", "erp", "plant", "11111"))
    text = plant.map.read_text().replace(
        "due: 1d}\ngoals",
        "due: 1d, actions: [{what: Faster server, owner: boss, by_date: 2026-12-06}]}\ngoals",
    )
    plant.project.write("plant.yaml", text)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796601600")  # 2026-12-07
    (action,) = [f for f in _findings(cli)["findings"] if f["rule"] == "improvement-action"]
    assert action["severity"] == "error" and "was due on 2026-12-06" in action["message"]
    assert action["line"] == 9  # the action's by_date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796515200")  # 2026-12-06: not yet
    assert not [f for f in _findings(cli)["findings"] if f["rule"] == "improvement-action"]


def test_the_settings_are_checked_with_a_did_you_mean(cli, plant):
    plant.project.write(".flowmap.toml", 'survey_perod = "month"\n')
    result = cli("check", ".")
    assert result.code == 2 and "did you mean `survey_period`?" in result.err
    plant.project.write(".flowmap.toml", 'survey_period = "week"\n')
    assert 'must be "quarter" or "month"' in cli("check", ".").err
    plant.project.write(".flowmap.toml", "satisfied_score = 6\n")
    assert "must be a whole number, 1 to 5" in cli("check", ".").err
    plant.project.write(".flowmap.toml", 'surveys = "../elsewhere"\n')
    assert "must name a folder under the project root" in cli("check", ".").err


def test_the_surveys_setting_names_the_folder(cli, plant):
    plant.survey(HEADER + plant.answers("2026-10-01", "acept", "make", "1"), "answers/q4.csv")
    assert _findings(cli)["findings"] == []  # not in surveys/: not read
    plant.project.write(".flowmap.toml", 'surveys = "answers"\n')
    (finding,) = _findings(cli)["findings"]
    assert finding["file"] == "answers/q4.csv"

"""A reference key is declared once, in FIELDS: checking, renaming and the editor's choices
follow it. The test adds a made-up key (`audits`: the goal a role audits) and sees it in all
three without touching them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual.widgets import Select

from flowmap.edit import EditSession
from flowmap.model import fields
from flowmap.model import types as t
from flowmap.rules.engine import run_rules
from flowmap.tui.app import EditorApp
from tests.tui.conftest import SIZE, select

ORG = "processes/org.yaml"


@dataclass(slots=True, eq=False)
class AuditingRole(t.Role):
    audits: str | None = None


@pytest.fixture
def audits(monkeypatch, project):
    spec = fields.Field("ref", "The goal this role audits.", refers_to=("goal",))
    monkeypatch.setitem(fields.FIELDS, AuditingRole, {**fields.FIELDS[t.Role], "audits": spec})
    monkeypatch.setitem(fields.NOUN, AuditingRole, "role")
    roles = fields.FIELDS[t.Map]["roles"]._replace(item=AuditingRole)
    monkeypatch.setitem(fields.FIELDS, t.Map, {**fields.FIELDS[t.Map], "roles": roles})
    folder = project.copy_processes()
    path = folder / "org.yaml"
    text = path.read_text(encoding="utf-8")
    old = "{id: inspector, name: QC inspector,"
    path.write_text(text.replace(old, old + " audits: ppm-200,"), encoding="utf-8")
    return folder


def test_a_new_reference_key_is_checked(audits):
    session = EditSession.open(["processes"])
    assert session.workspace.org.roles["inspector"].audits == "ppm-200"
    assert session.recheck() == []
    session.set_field("inspector", "audits", "ppm-20")
    findings, _ = run_rules(session.workspace.org, session.workspace.findings)
    [finding] = findings
    assert finding.rule == "unknown-reference"
    assert finding.message == "`audits: ppm-20` names no goal; did you mean `ppm-200`?"


def test_a_new_reference_key_is_renamed(audits):
    session = EditSession.open(["processes"])
    session.rename("ppm-200", "ppm-150")
    assert "audits: ppm-150" in session.text(ORG)
    assert session.workspace.org.roles["inspector"].audits == "ppm-150"


async def test_a_new_reference_key_offers_its_targets_in_the_form(audits):
    app = EditorApp(EditSession.open(["processes"]))
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, app, "role", "inspector")
        field = app.query_one("#field-audits", Select)
        assert field.value == "ppm-200"
        offered = [value for _, value in field._options if value is not Select.NULL]
        assert offered == sorted(app.session.workspace.org.goals)

"""An edit inside one item recomposes and rebuilds that item only (flowmap.edit.patched):
the tree, the model and the findings must be those of reading the whole file anew."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from yaml.nodes import MappingNode, ScalarNode

from bench.corpus import ORG, process_file
from flowmap.edit import EditSession, patched
from flowmap.edit.yaml_text import EditError
from flowmap.load import DEFAULT_LIMITS
from flowmap.load import compose as load_compose
from flowmap.rules.engine import run_rules
from flowmap.workspace import open_files

PROCESSES = Path(__file__).parents[2] / "processes"
# what random edits of the text put in: values, keys, list items, comments, block scalars,
# quotes and brackets left open, tags, anchors, document markers, tabs
PIECES = [
    "x", " ", "\n", "- ", "  ", ": ", "#", "'", '"', "[", "]", "{", "}", ",", "|", ">", "-",
    "\t", "---", "...", "!", "&a", "*a", "a: b", "\n    ", "\n  - id: q\n", "\n\n",
    "|\n      a\n\n", ">-\n   b\n", "|+\n        z\n\n\n", "\n# c\n", "\n      # c",
    "\n  # c\n", "  x: |\n    y\n", "é", "\u2028",
]  # fmt: skip


def _same(a, b, path="root") -> str | None:
    """Where two node trees differ (kind, tag, value, style, start and end), or None."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} against {type(b).__name__}"
    for name in ("start_mark", "end_mark"):
        x, y = getattr(a, name), getattr(b, name)
        if (x.index, x.line, x.column) != (y.index, y.line, y.column):
            return f"{path}.{name}: {x.index, x.line, x.column} against {y.index, y.line, y.column}"
    if a.tag != b.tag:
        return f"{path}: tag {a.tag} against {b.tag}"
    if type(a) is ScalarNode:
        return None if (a.value, a.style) == (b.value, b.style) else f"{path}: {a.value!r}"
    if a.flow_style != b.flow_style or len(a.value) != len(b.value):
        return f"{path}: style or length"
    for n, (x, y) in enumerate(zip(a.value, b.value, strict=True)):
        if type(a) is MappingNode:
            found = _same(x[0], y[0], f"{path}.key{n}") or _same(x[1], y[1], f"{path}.{x[0].value}")
        else:
            found = _same(x, y, f"{path}[{n}]")
        if found:
            return found
    return None


def _mutated(text: str, rng: random.Random) -> str:
    """`text` with a few characters replaced, most often at a line's start or an item's."""
    at = rng.randrange(len(text))
    if rng.random() < 0.5:
        at = text.rfind("\n", 0, at) + 1
        if rng.random() < 0.5:
            at = text.find("- ", at) if text.find("- ", at) >= 0 else at
        at = max(0, min(len(text) - 1, at + rng.choice([-3, -2, -1, 0, 0, 1, 2])))
    end = min(len(text), at + rng.choice([0, 0, 1, 2, 5, 20]))
    new = "".join(rng.choice(PIECES) for _ in range(rng.choice([0, 1, 1, 2, 3])))
    return text[:at] + new + text[end:]


def _bench_map() -> str:
    return process_file("f0", 12, 10)


@pytest.mark.parametrize(
    "name", ["order-to-delivery.yaml", "complaint-handling.yaml", "org.yaml", "bench"]
)
def test_a_patched_tree_is_the_tree_of_the_whole_text(name):
    base = _bench_map() if name == "bench" else (PROCESSES / name).read_text(encoding="utf-8")
    rng = random.Random(name)
    text, patches = base, 0
    root, _ = load_compose(text, "", DEFAULT_LIMITS)
    for _ in range(300):
        new = _mutated(text, rng)
        whole, problems = load_compose(new, "", DEFAULT_LIMITS)
        patch = patched.recompose(text, root, new, DEFAULT_LIMITS)
        if patch is None:  # refused: the tree is the old text's still
            assert _same(root, load_compose(text, "", DEFAULT_LIMITS)[0]) is None, repr(new)
        else:
            patches += 1
            patch.settle()
            assert not problems, (problems, new)
            assert _same(root, whole) is None, (_same(root, whole), new)
        if problems or rng.random() < 0.3:
            text = base if problems else text
            root, _ = load_compose(text, "", DEFAULT_LIMITS)
        else:
            text, root = new, (whole if patch is None else root)
    assert patches >= 15  # the way under test was taken (not only refused)


def _dump(obj):
    """A model object as plain tuples, to compare two models."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = dataclasses.fields(obj)
        return type(obj).__name__, tuple((f.name, _dump(getattr(obj, f.name))) for f in fields)
    if isinstance(obj, list | tuple):
        return tuple(_dump(item) for item in obj)
    if isinstance(obj, dict):
        return tuple((key, _dump(value)) for key, value in obj.items())
    return obj


def _read_whole(session: EditSession):
    """The session's texts read anew, nothing reused: the models and the findings."""
    texts = {b.path.resolve(): b.text for b in session.buffers.by_name.values() if b.text}
    workspace = open_files(session.buffers.named, session.limits, texts=texts, root=session.root)
    if session.surveys is not None:
        from flowmap.project import with_surveys

        with_surveys(workspace, session.surveys)
    return workspace, run_rules(workspace.org, workspace.findings, session.config)


def _random_edit(session: EditSession, rng: random.Random) -> None:
    org = session.workspace.org
    steps = sorted(org.steps)
    roles = sorted(role.id for m in org.maps for role in m.roles)
    step = rng.choice(steps)
    choice = rng.randrange(13)
    if choice == 0:
        session.set_field(step, "by", rng.choice([*roles, "nobody-here", f"new-{rng.random()}"]))
    elif choice == 1:
        name = rng.choice(["Plain", "with: colon", "'quoted'", "ünï #cödé", "  spaces  ", ""])
        session.set_field(step, "name", name)
    elif choice == 2:
        session.set_field(step, "lead_time", rng.choice(["2h", "3d", "soon", None]))
    elif choice == 3:
        session.set_field(step, "delivers", rng.choice([["a thing"], [], ["x", "y, z"]]))
    elif choice == 4:
        needs = org.steps[step].needs
        if needs:
            key, value = rng.choice([("due", "1d"), ("due", "never"), ("requires", ["on time"])])
            session.set_need_field(step, rng.randrange(len(needs)), key, value)
    elif choice == 5:
        session.add_step(org.steps[step].process, after=step)
    elif choice == 6:
        session.delete(step)
    elif choice == 7:
        session.move(step, rng.choice([-1, 1]))
    elif choice == 8:
        session.rename(step, f"{step}-x")
    elif choice == 9 and roles:
        session.set_field(rng.choice(roles), "name", rng.choice(["Chief", "Order: clerk"]))
    elif choice == 10:
        session.set_field(step, "recheck", rng.choice([["x"], None]))
    else:
        (session.undo if choice == 11 else session.redo)(rng.choice([1, 1, 2]))


@pytest.mark.parametrize("corpus", ["processes", "bench"])
def test_edits_read_item_by_item_equal_reading_the_whole_files(project, corpus, monkeypatch):
    if corpus == "processes":
        project.copy_processes()
        session = EditSession.open(["processes"])
    else:
        project.write("org.yaml", ORG)
        project.write("map.yaml", _bench_map())
        session = EditSession.open(["map.yaml"])
    grafted = []
    graft = patched.graft

    def counted(*args):
        made = graft(*args)
        grafted.append(made is not None)
        return made

    monkeypatch.setattr("flowmap.edit.session.graft", counted)
    rng = random.Random(corpus)
    for number in range(120):
        try:
            _random_edit(session, rng)
        except EditError:
            continue
        workspace, (findings, waived) = _read_whole(session)
        assert _dump(session.workspace.org.maps) == _dump(workspace.org.maps), number
        assert sorted(session.workspace.findings) == sorted(workspace.findings), number
        assert (session.findings, session.waived) == (findings, waived), number
    assert sum(grafted) >= 30  # the item-by-item way was taken, and checked above


def test_an_edit_after_an_undo_and_a_redo_of_one_item_is_proven_on_its_nodes(project):
    """Undo and redo patch the tree in place: the text is the same again, its item's
    nodes are others; the proof of the next edit must not take the data kept before."""
    project.write("org.yaml", ORG)
    project.write("map.yaml", _bench_map())
    session = EditSession.open(["map.yaml"])
    for hours in range(1, 4):
        session.set_field("f0-p0-s1", "lead_time", f"{hours}h")
    session.undo(2)
    session.redo(2)
    session.set_field("f0-p0-s1", "by", "planner")
    session.undo()
    session.redo()
    session.set_field("f0-p0-s1", "lead_time", "5h")
    workspace, (findings, _) = _read_whole(session)
    assert _dump(session.workspace.org.maps) == _dump(workspace.org.maps)
    assert session.findings == findings
    step = session.workspace.org.steps["f0-p0-s1"]
    assert (step.by, str(step.lead_time)) == ("planner", "5h")

"""The rules' documentation, made from their docstrings: one source for the CLI and docs/.

`python -m flowmap.rules.docs [FOLDER]` writes `docs/rules/<id>.md` and an index.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import ModuleType

from flowmap.rules import RULES

DOCS = Path("docs") / "rules"
_EXAMPLE = re.compile(r"## (Example|Use instead)\n```yaml\n(.*?)```", re.S)
_WHO = re.compile(r"## Who must act\n(.*?)\n\n", re.S)


def summary(module: ModuleType) -> str:
    """The rule's first docstring line."""
    return (module.__doc__ or "").strip().splitlines()[0]


def section(module: ModuleType, title: str) -> str:
    """The text of one `## title` section of the rule's docstring, on one line ("" if none).

    >>> from flowmap.rules import RULES
    >>> "Assure the quality of this step" in section(RULES["assure-own"], "Why is this bad?")
    True
    """
    parts = (module.__doc__ or "").split(f"## {title}\n", 1)
    return " ".join(parts[1].split("\n## ", 1)[0].split()) if len(parts) > 1 else ""


def examples(module: ModuleType) -> dict[str, str]:
    """{"Example": bad YAML, "Use instead": good YAML} from the docstring."""
    return {title: text for title, text in _EXAMPLE.findall(module.__doc__ or "")}


def who_must_act(module: ModuleType) -> str:
    """The rule's "Who must act" section, on one line."""
    found = _WHO.search(module.__doc__ or "")
    return " ".join(found[1].split()) if found else ""


def page(module: ModuleType) -> str:
    """The Markdown page of one rule."""
    body = (module.__doc__ or "").strip().split("\n", 1)
    rest = body[1].strip() if len(body) > 1 else ""
    return (
        f"# `{module.ID}`\n\n"
        f"{summary(module)}\n\n"
        f"Default severity: **{module.SEVERITY}**. Waive it at one step, need, service or goal "
        f"with `waive: {{{module.ID}: <reason>}}`; change it for a project with "
        f'`[tool.flowmap.severity]` `{module.ID} = "warning"`.\n\n'
        f"{rest}\n"
    )


def index() -> str:
    rows = "\n".join(
        f"| [`{rule}`]({rule}.md) | {module.SEVERITY} | {summary(module)} |"
        for rule, module in RULES.items()
    )
    acting = "\n".join(
        f"| [`{rule}`]({rule}.md) | {who_must_act(module)} |" for rule, module in RULES.items()
    )
    return (
        "# The rules of `flowmap check`\n\n"
        "Made from the rules' docstrings by `python -m flowmap.rules.docs`; "
        "`flowmap rules ID` prints the same text.\n\n"
        "| rule | default | what it checks |\n|---|---|---|\n"
        f"{rows}\n\n"
        "## Who must act\n\n"
        "Every finding names its subject and the units and roles that must act on it "
        "(`--format json`: `subject`, `responsible`; the report files it under those "
        "units). Each rule decides it the same way every time:\n\n"
        "| rule | who must act |\n|---|---|\n"
        f"{acting}\n"
    )


def pages() -> dict[str, str]:
    """File name -> content, for every page of docs/rules."""
    found = {f"{rule}.md": page(module) for rule, module in RULES.items()}
    found["README.md"] = index()
    return found


def write(folder: Path = DOCS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pages().items():
        (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)

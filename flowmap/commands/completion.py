"""Print the code that teaches a shell to complete `flowmap`: its commands, options, rule
ids and groups, views and formats.

    bash:  eval "$(flowmap completion bash)"      (in ~/.bashrc)
    zsh:   eval "$(flowmap completion zsh)"       (in ~/.zshrc)
    fish:  flowmap completion fish > ~/.config/fish/completions/flowmap.fish

The shell then asks flowmap itself for each completion (argcomplete), so it always knows
the installed version's options and rules.
"""

from __future__ import annotations

import sys

HELP = "print the shell code that completes flowmap's commands (bash, zsh, fish)"
SHELLS = ("bash", "zsh", "fish")


def add_arguments(parser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell: bash, zsh or fish")


def run(args) -> int:
    import argcomplete

    sys.stdout.write(argcomplete.shellcode(["flowmap"], shell=args.shell))
    return 0


def complete(parser) -> None:
    """Answer the shell's question (argcomplete prints the completions and exits)."""
    import argcomplete

    argcomplete.autocomplete(parser)


# Reading the maps for their ids is cheap for a project of this many files, not beyond.
CHEAP_FILES = 300


def ids(prefix: str, parsed_args=None, **_) -> list[str]:
    """The ids the maps define (processes first), for `render --id`, `customers ID` …;
    nothing when the maps are too many to read at each TAB."""
    from flowmap.project import open_organisations, plan

    try:
        orgs = plan(getattr(parsed_args, "paths", None) or ["."])
    except Exception:  # noqa: BLE001 - a broken path or setting: no completion, no traceback
        return []
    if sum(len(org.named) for org in orgs) > CHEAP_FILES:
        return []
    found: dict[str, None] = {}
    for _, workspace in open_organisations(orgs):
        for _, index in sorted(workspace.org.indexes(), key=lambda kind: kind[0] != "process"):
            found.update(dict.fromkeys(key for key in index if key.startswith(prefix)))
    return list(found)


def rule_names(prefix: str, **_) -> list[str]:
    """Rule ids and groups, after the ones already typed (`--select assure-own,re<TAB>`)."""
    from flowmap.rules import GROUPS, RULES

    done, _, last = prefix.rpartition(",")
    head = f"{done}," if done else ""
    return [head + name for name in [*RULES, *GROUPS] if name.startswith(last)]

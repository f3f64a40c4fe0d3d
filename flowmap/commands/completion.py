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


def rule_names(prefix: str, **_) -> list[str]:
    """Rule ids and groups, after the ones already typed (`--select assure-own,re<TAB>`)."""
    from flowmap.rules import GROUPS, RULES

    done, _, last = prefix.rpartition(",")
    head = f"{done}," if done else ""
    return [head + name for name in [*RULES, *GROUPS] if name.startswith(last)]

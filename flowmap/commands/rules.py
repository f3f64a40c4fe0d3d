"""List the rules of `flowmap check`, or print one rule's documentation."""

from __future__ import annotations

import difflib

from flowmap.commands.common import usage_error

HELP = "list the rules, or explain one"


def add_arguments(parser) -> None:
    parser.add_argument("rule", nargs="?", metavar="ID", help="the rule to explain")


def run(args) -> int:
    from flowmap.rules import GROUPS, RULES
    from flowmap.rules.docs import page, summary

    if args.rule is None:
        width = max(map(len, RULES))
        for rule, module in RULES.items():
            print(f"{rule:<{width}}  {module.SEVERITY:<7}  {summary(module)}")
        print("\ngroups (for --select, --ignore and --severity; `ALL` is every rule):")
        for group, members in GROUPS.items():
            if group != "ALL":
                print(f"  {group}: {', '.join(members)}")
        return 0
    module = RULES.get(args.rule)
    if module is None:
        close = difflib.get_close_matches(args.rule, list(RULES), n=1)
        hint = f"; did you mean `{close[0]}`?" if close else "; `flowmap rules` lists them"
        return usage_error(f"no rule `{args.rule}`{hint}")
    print(page(module), end="")
    return 0

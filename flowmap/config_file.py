"""The project's settings: `[tool.flowmap]` in pyproject.toml, or a `.flowmap.toml`.

The settings are those of the project root (see flowmap.project), wherever the command runs
from; a `.flowmap.toml` wins over a pyproject.toml beside it, and a pyproject.toml without
`[tool.flowmap]` is not flowmap's. Keys are written as in the maps, with `_` (a `-` is read
as `_` too):

    select = ["recheck-upstream", "assure-own"]   # only these rules (default: all)
    ignore = ["satisfaction-target"]
    satisfaction_target = 0.9                     # internal customers (default 0.85)
    external_satisfaction_target = 0.97           # the external customer (default 0.95)
    [severity]                                    # [tool.flowmap.severity] in pyproject
    top-bottom-line = "error"
    [limits]
    max_file_bytes = 20_000_000
    organisations = ["plant-a/", "plants/*/"]     # folders (or globs) checked apart
    placeholders = ["见附件", "per SOP"]           # more texts that say nothing
    goals_per_role = true                         # every role has a goal (default: every unit)
    waiver_warning_days = 14                      # note waivers ending this soon (default 30)
    extend_exclude = ["examples/bad/"]            # left out of folder scans (gitignore-style)
    exclude = [".*/", "build/"]                   # instead of the default (hidden folders ...)
    respect_gitignore = false                     # scan what git ignores too (default: skip it)
    bpmn = true                                   # folder scans check *.bpmn files too
    surveys = "processes/surveys"                 # survey CSV files (default: surveys/)
    survey_period = "month"                       # or "quarter" (the default)
    satisfied_score = 4                           # a score of 4 or 5 of 5 is satisfied
    min_responses = 5                             # fewer in a period: too few to judge
    show_respondents = false                      # the report names respondents and comments
    language = "zh"                               # the report's and findings' words (default en)
    docs_url = "https://git.example.com/tools/flowmap/-/blob/main/docs/"  # SARIF links
    [report]                                      # [tool.flowmap.report] in pyproject: sign-off
    audit_period = "2026-01-01 to 2026-06-30"
    criteria = "The three principles and the three-step activity"
    auditor = "Li Wei"
    audit_team = ["Li Wei", "Zhang Min"]
    auditee = "Plant A management"
    distribution = ["Plant manager", "Quality department"]

A broken file is a usage error that names the file, the line and what to write.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import replace
from pathlib import Path

from flowmap.config import DEFAULT_CONFIG, Config, SignOff, docs_address
from flowmap.findings import SEVERITIES
from flowmap.load.limits import CEILINGS, Limits
from flowmap.load.names import clipped

KEYS = (
    "select",
    "ignore",
    "severity",
    "satisfaction_target",
    "external_satisfaction_target",
    "limits",
    "organisations",
    "placeholders",
    "goals_per_role",
    "waiver_warning_days",
    "exclude",
    "extend_exclude",
    "respect_gitignore",
    "bpmn",
    "language",
    "report",
    "surveys",
    "survey_period",
    "satisfied_score",
    "min_responses",
    "show_respondents",
    "docs_url",
)
LIMIT_KEYS = tuple(Limits.__dataclass_fields__)


class ConfigError(Exception):
    """A configuration that cannot be used: `file:line: what is wrong; what to write`."""


def settings_in(folder: Path) -> tuple[Path, dict] | None:
    """The settings file in `folder` and its flowmap table, if it has one."""
    dotfile = folder / ".flowmap.toml"
    if dotfile.is_file():
        return dotfile, _read(dotfile)
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        table = _flowmap_table(pyproject, _read(pyproject))
        if table is not None:
            return pyproject, table
    return None


def _flowmap_table(path: Path, document: dict) -> dict | None:
    """`[tool.flowmap]` of a pyproject.toml; None when it has none, ConfigError when `tool`
    or `tool.flowmap` is there but is not a table."""
    tool = document.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(
            f"{_raw_place(path, 'tool')}: `tool` must be a table, e.g. [tool.flowmap]"
        )
    table = tool.get("flowmap")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(
            f"{_raw_place(path, 'flowmap')}: `tool.flowmap` must be a table: write the "
            "settings under a [tool.flowmap] header"
        )
    return table


def config_from_table(table: dict, path: Path) -> Config:
    text = _own_lines(path, path.read_text(encoding="utf-8"))
    table = _snake(path, text, table)
    for key in table:
        if key not in KEYS:
            raise ConfigError(_unknown(path, text, key, KEYS, "flowmap settings"))
    config = DEFAULT_CONFIG
    if "select" in table:
        config = replace(config, select=frozenset(_rules(path, text, "select", table["select"])))
    if "ignore" in table:
        config = replace(config, ignore=frozenset(_rules(path, text, "ignore", table["ignore"])))
    if "severity" in table:
        config = replace(config, severities=_severities(path, text, table["severity"]))
    for key in ("satisfaction_target", "external_satisfaction_target"):
        if key not in table:
            continue
        target = table[key]
        if isinstance(target, bool) or not isinstance(target, int | float) or not 0 <= target <= 1:
            raise ConfigError(_at(path, text, key, "must be a share from 0 to 1, e.g. 0.85"))
        config = replace(config, **{key: float(target)})
    if "limits" in table:
        config = replace(config, limits=_limits(path, text, table["limits"]))
    if "organisations" in table:
        folders = _organisations(path, text, table["organisations"])
        config = replace(config, organisations=folders)
    if "placeholders" in table:
        config = replace(config, placeholders=_placeholders(path, text, table["placeholders"]))
    if "waiver_warning_days" in table:
        days = table["waiver_warning_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 3660:
            raise ConfigError(_at(path, text, "waiver_warning_days", "must be days, 0 to 3660"))
        config = replace(config, waiver_warning_days=days)
    for key in ("exclude", "extend_exclude"):
        if key in table:
            config = replace(config, **{key: _patterns(path, text, key, table[key])})
    if "respect_gitignore" in table:
        if not isinstance(table["respect_gitignore"], bool):
            raise ConfigError(_at(path, text, "respect_gitignore", "must be true or false"))
        config = replace(config, respect_gitignore=table["respect_gitignore"])
    for key in ("goals_per_role", "bpmn", "show_respondents"):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(_at(path, text, key, "must be true or false"))
            config = replace(config, **{key: table[key]})
    if "language" in table:
        config = replace(config, language=_language(path, text, table["language"]))
    if "report" in table:
        config = replace(config, sign_off=_sign_off(path, text, table["report"]))
    if "docs_url" in table:
        config = replace(config, docs_url=_docs_url(path, text, table["docs_url"]))
    return _survey_settings(path, text, table, config)


def _survey_settings(path: Path, text: str, table: dict, config: Config) -> Config:
    """`surveys`, `survey_period`, `satisfied_score` and `min_responses`."""
    if "surveys" in table:
        folder = table["surveys"]
        how = 'must name a folder under the project root, e.g. "surveys"'
        if not isinstance(folder, str) or not folder.strip() or "\0" in folder:
            raise ConfigError(_at(path, text, "surveys", how))
        relative = Path(folder.strip())
        if relative.is_absolute() or ".." in relative.parts:
            raise ConfigError(_at(path, text, "surveys", how))
        config = replace(config, surveys=path.parent.resolve() / relative)
    if "survey_period" in table:
        if table["survey_period"] not in ("quarter", "month"):
            raise ConfigError(_at(path, text, "survey_period", 'must be "quarter" or "month"'))
        config = replace(config, survey_period=table["survey_period"])
    for key, low, high in (("satisfied_score", 1, 5), ("min_responses", 1, 1_000_000)):
        if key in table:
            number = table[key]
            if isinstance(number, bool) or not isinstance(number, int) or not low <= number <= high:
                raise ConfigError(
                    _at(path, text, key, f"must be a whole number, {low} to {high:,}")
                )
            config = replace(config, **{key: number})
    return config


def _patterns(path: Path, text: str, key: str, value) -> tuple[str, ...]:
    import pathspec

    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        how = 'takes a list of gitignore-style patterns, e.g. ["build/", "examples/bad/"]'
        raise ConfigError(_at(path, text, key, how))
    try:
        pathspec.GitIgnoreSpec.from_lines(value)
    except (ValueError, TypeError) as error:  # pathspec's GitWildMatchPatternError
        raise ConfigError(_at(path, text, key, f"has a pattern git cannot read: {error}")) from None
    return tuple(value)


def _docs_url(path: Path, text: str, value) -> str:
    """An absolute http(s) address, ending in `/` (the rule pages are under it)."""
    url = docs_address(value) if isinstance(value, str) else ""
    if not url:
        how = (
            "must be the absolute http(s) address where your organisation publishes "
            'flowmap\'s docs/ folder, e.g. "https://git.example.com/tools/flowmap/-/blob/main/docs/"'
        )
        raise ConfigError(_at(path, text, "docs_url", how))
    return url


def _language(path: Path, text: str, value) -> str:
    from flowmap.i18n import LANGUAGES

    if value not in LANGUAGES:
        raise ConfigError(_at(path, text, "language", f"must be one of {', '.join(LANGUAGES)}"))
    return value


SIGN_OFF_KEYS = tuple(SignOff.__dataclass_fields__)
SIGN_OFF_LISTS = ("audit_team", "distribution")


def _sign_off(path: Path, text: str, value) -> SignOff:
    """`[report]`: what the report's sign-off states, texts and lists of texts."""
    if not isinstance(value, dict):
        raise ConfigError(_at(path, text, "report", 'takes a table, e.g. auditor = "Li Wei"'))
    value = _snake(path, text, value)
    for key, item in value.items():
        if key not in SIGN_OFF_KEYS:
            raise ConfigError(_unknown(path, text, key, SIGN_OFF_KEYS, "report settings"))
        if key in SIGN_OFF_LISTS:
            if not isinstance(item, list) or not all(isinstance(name, str) for name in item):
                raise ConfigError(_at(path, text, key, 'takes a list of names, e.g. ["Li Wei"]'))
            value[key] = tuple(item)
        elif not isinstance(item, str):
            raise ConfigError(_at(path, text, key, 'takes a text, e.g. "Li Wei"'))
    return SignOff(**value)


def _placeholders(path: Path, text: str, value) -> frozenset[str]:
    from flowmap.model.texts import placeholder_key

    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        how = 'takes a list of texts that say nothing, e.g. ["见附件", "per SOP"]'
        raise ConfigError(_at(path, text, "placeholders", how))
    keys = {placeholder_key(item) for item in value}
    if "" in keys:
        raise ConfigError(
            _at(path, text, "placeholders", "lists a text of no letters; punctuation alone is one")
        )
    return frozenset(keys)


def check_rule_ids(ids: list[str], where: str) -> list[str]:
    """`ids` with rule groups (`three-step`, `ALL` ...) replaced by their rules, or
    ConfigError naming the first unknown one (with a did-you-mean)."""
    from flowmap.rules import GROUPS, RULES, expand_groups

    for rule in ids:
        if rule not in RULES and rule not in GROUPS and rule != "*":
            close = difflib.get_close_matches(rule, [*RULES, *GROUPS], n=1)
            hint = f"did you mean `{close[0]}`?" if close else "`flowmap rules` lists them"
            raise ConfigError(f"{where}: `{clipped(rule)}` is not a rule or group; {hint}")
    return expand_groups(ids)


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except RecursionError as error:  # tomllib reads nested arrays and tables recursively
        place = f"{path}:{_deep_line(path)}"
        raise ConfigError(
            f"{place}: arrays or tables nest too deep to read; flowmap's settings need two "
            "levels at most"
        ) from error
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"at line (\d+)", str(error))
        if line is None and "end of document" in str(error):
            line = (0, path.read_text(encoding="utf-8", errors="replace").count("\n") + 1)
        place = f"{path}:{line[1]}" if line else str(path)
        raise ConfigError(f"{place}: not valid TOML: {error}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from error


def _snake(path: Path, text: str, table: dict) -> dict:
    """`table` with every key written with `_`; ConfigError when a key is set in both
    spellings (which one was meant cannot be told)."""
    snake: dict = {}
    for key, value in table.items():
        name = str(key).replace("-", "_")
        if name in snake:
            raise ConfigError(
                _at(
                    path,
                    text,
                    name,
                    f"is set twice, as `{name}` and as `{name.replace('_', '-')}`; keep one",
                )
            )
        snake[name] = value
    return snake


def _rules(path: Path, text: str, key: str, value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(_at(path, text, key, 'takes a list of rule ids, e.g. ["assure-own"]'))
    return check_rule_ids(value, _place(path, text, key))


def _severities(path: Path, text: str, value) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(_at(path, text, "severity", 'takes a table: rule-id = "warning"'))
    severities: dict[str, str] = {}
    for name, level in value.items():
        rules = check_rule_ids([name], _place(path, text, name))
        if level not in SEVERITIES:
            raise ConfigError(_at(path, text, name, f"must be one of {', '.join(SEVERITIES)}"))
        severities.update(dict.fromkeys(rules, level))
    return severities


def _limits(path: Path, text: str, value) -> Limits:
    if not isinstance(value, dict):
        raise ConfigError(_at(path, text, "limits", "takes a table, e.g. max_depth = 64"))
    value = _snake(path, text, value)
    for key, number in value.items():
        if key not in LIMIT_KEYS:
            raise ConfigError(_unknown(path, text, key, LIMIT_KEYS, "limits"))
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise ConfigError(_at(path, text, key, "must be a whole number of 1 or more"))
        if number > CEILINGS[key]:
            raise ConfigError(_at(path, text, key, f"must be at most {CEILINGS[key]:,}"))
    return Limits(**value)


def _organisations(path: Path, text: str, value) -> tuple[Path, ...]:
    """The organisation folders the entries name (globs expanded, in order), under the root
    that holds the settings file."""
    how = 'takes a list of folders or globs under the project root, e.g. ["plant-a/"]'
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(_at(path, text, "organisations", how))
    root = path.parent.resolve()
    folders: list[Path] = []
    for entry in value:
        pattern = entry.strip().rstrip("/")
        outside = Path(pattern).is_absolute() or ".." in Path(pattern).parts
        if pattern in ("", ".") or outside:
            raise ConfigError(
                _at(path, text, "organisations", f"entry {entry!r}: write a folder under {root}")
            )
        try:  # folders under the root only (a link out of it is not one of them)
            found = sorted(
                folder
                for folder in (p.resolve() for p in root.glob(pattern) if p.is_dir())
                if folder != root and folder.is_relative_to(root)
            )
        except (OSError, ValueError) as error:  # a NUL, a folder that cannot be listed
            raise ConfigError(
                _at(path, text, "organisations", f"entry {entry!r}: {error}")
            ) from None
        if not found:
            raise ConfigError(
                _at(path, text, "organisations", f"entry {entry!r} names no folder under {root}")
            )
        folders += [folder for folder in found if folder not in folders]
    return tuple(folders)


def _unknown(path: Path, text: str, key: str, known: tuple[str, ...], what: str) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean `{close[0]}`?" if close else f"the {what} are: {', '.join(known)}"
    return _at(path, text, key, f"is not one of the {what}; {hint}")


def _at(path: Path, text: str, key: str, problem: str) -> str:
    return f"{_place(path, text, key)}: `{clipped(key)}` {problem}"


def _own_lines(path: Path, text: str) -> str:
    """`text` with every line outside flowmap's tables blanked, so that a key is looked for
    only there (a pyproject.toml's `[tool.ruff]` has a `select` too); line numbers are kept."""
    if path.name != "pyproject.toml":
        return text
    lines, ours = [], False
    for line in text.splitlines():
        header = re.match(r"\s*\[+\s*([^\]]+?)\s*\]", line)
        if header:
            name = header[1].replace('"', "").replace("'", "").replace(" ", "")
            ours = name == "tool.flowmap" or name.startswith("tool.flowmap.")
        lines.append(line if ours else "")
    return "\n".join(lines)


def _place(path: Path, text: str, key: str) -> str:
    """`file:line` of the line that sets `key` (either spelling), or the file alone."""
    spellings = {key, key.replace("_", "-")}
    names = "|".join(map(re.escape, spellings))
    # `key =`, `"key" =`, or a table header that ends in it: `[limits]`, `[tool.flowmap.limits]`
    pattern = re.compile(r"^\s*(?:\[(?:[^\]]*\.)?)?[\"']?(" + names + r")[\"']?\s*[=\]]")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return f"{path}:{number}"
    return str(path)


def _raw_place(path: Path, key: str) -> str:
    """`file:line` of the line that sets `key` or opens a table named by it, anywhere."""
    text = path.read_text(encoding="utf-8", errors="replace")
    pattern = re.compile(
        r"^\s*(?:\[+\s*(?:tool\s*\.\s*)?)?[\"']?" + re.escape(key) + r"[\"']?\s*[=\].]"
    )
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return f"{path}:{number}"
    return str(path)


def _deep_line(path: Path) -> int:
    """The line where brackets first nest more than a hundred deep (strings not counted)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    depth, line, quote = 0, 1, ""
    for char in text:
        if char == "\n":
            line += 1
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > 100:
                return line
        elif char in "]}":
            depth -= 1
    return 1

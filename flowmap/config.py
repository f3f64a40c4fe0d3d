"""What a project sets: rule selection, severities, the satisfaction target, input limits,
its organisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flowmap.load.excludes import DEFAULT_EXCLUDE
from flowmap.load.limits import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class SignOff:
    """What the report's sign-off states (`[tool.flowmap.report]` or the report's options);
    what is not given is left blank on the page, to be filled in by hand."""

    audit_period: str = ""  # e.g. "2026-01-01 to 2026-06-30"
    criteria: str = ""  # what the maps are audited against
    auditor: str = ""  # the lead auditor
    audit_team: tuple[str, ...] = ()
    auditee: str = ""  # who is audited and acknowledges the report
    distribution: tuple[str, ...] = ()  # who receives the report


@dataclass(frozen=True)
class Config:
    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    severities: dict[str, str] = field(default_factory=dict)  # rule id -> error/warning/info
    satisfaction_target: float = 0.85  # internal customers: 85% inside so that 95% outside
    external_satisfaction_target: float = 0.95  # ...so that 95% outside
    limits: Limits = DEFAULT_LIMITS
    # folders under the project root checked as organisations of their own (flowmap.project)
    organisations: tuple[Path, ...] = ()
    # more texts that say nothing, beside model.texts.PLACEHOLDERS (in `placeholder_key` form)
    placeholders: frozenset[str] = frozenset()
    goals_per_role: bool = False  # top-bottom-line: every role has a goal, not only every unit
    waiver_warning_days: int = 30  # waiver-ending: how soon before its end a waiver is noted
    bpmn: bool = False  # folder scans take `*.bpmn` files too (each its own organisation)
    # what folder scans leave out (flowmap.load.excludes): gitignore-style patterns
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    sign_off: SignOff = SignOff()
    language: str = "en"  # the words of the report and of the findings (flowmap.i18n)
    # Survey results (flowmap.model.surveys): the folder of CSV files (None: `surveys/` in
    # the organisation's folder), how responses are grouped, what counts as satisfied
    surveys: Path | None = None
    survey_period: str = "quarter"  # or "month"
    satisfied_score: int = 4  # of 5
    min_responses: int = 5  # fewer in a period is "too few responses", neither pass nor fail
    show_respondents: bool = False  # the report names respondents and quotes comments
    # where the organisation publishes flowmap's docs/ folder (an absolute http(s) address
    # ending in `/`; "": nowhere): SARIF's informationUri and each rule's helpUri
    docs_url: str = ""

    @property
    def excluded_patterns(self) -> tuple[str, ...]:
        return self.exclude + self.extend_exclude

    def enabled(self, rule: str) -> bool:
        if rule in self.ignore:
            return False
        return self.select is None or rule in self.select

    def severity(self, rule: str, default: str) -> str:
        return self.severities.get(rule, default)


DEFAULT_CONFIG = Config()


def docs_address(url: str) -> str:
    """`url` as the address of a docs folder: absolute http(s), ending in `/`, characters a
    URI cannot hold percent-encoded; "" when it is not such an address (a relative one would
    resolve into the repository being checked)."""
    from urllib.parse import quote, urlsplit

    url = url.strip()
    if any(char.isspace() or ord(char) < 32 for char in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed `[` in the host
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    url = quote(url, safe=":/?#[]@!$&'()*+,;=%~")
    return url if url.endswith("/") else url + "/"

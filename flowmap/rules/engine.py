"""Run the selected rules over an organisation and apply severities and waivers.

Each rule's issue becomes a finding here, once: its place, what it is about, who must act
and its fingerprint are settled now and travel with it to every output.
"""

from __future__ import annotations

from flowmap.config import DEFAULT_CONFIG, Config
from flowmap.dates import today
from flowmap.findings import Finding, Subject, Waived, fingerprint
from flowmap.graph.responsible import responsible
from flowmap.model.org import Organisation
from flowmap.model.subjects import find_subject, subject_of
from flowmap.rules import RULES
from flowmap.rules.issue import Issue


def run_rules(
    org: Organisation, loading: list[Finding], config: Config = DEFAULT_CONFIG, jobs: int = 1
) -> tuple[list[Finding], list[Waived]]:
    """All findings, sorted, and the findings that waivers silenced.

    `loading` holds what the loader and the schema found; they are filtered and given their
    configured severity like the rest. With `jobs` above 1, a large organisation's rules
    run on two cores (`flowmap.batch.each_task`: a one-command program only, which starts
    no thread: the editor's rules run here).
    """
    findings = [
        _identified(org, finding._replace(severity=config.severity(finding.rule, finding.severity)))
        for finding in loading
        if config.enabled(finding.rule)
    ]
    waived: list[Waived] = []
    now = today()  # a waiver ends on a day: the same day for every rule
    selected = [
        rule_id
        for rule_id, module in RULES.items()
        if getattr(module, "check", None) is not None and config.enabled(rule_id)
    ]

    def run(rule_id: str) -> tuple[list[Finding], list[Waived]]:
        return _run_one(org, config, rule_id, now)

    if jobs > 1 and len(org.steps) >= SHARED_FROM_STEPS:
        from flowmap import batch

        # the costliest first, so that the two cores end together; what several rules
        # share is worked out before they part (else each core would work it out again)
        order = sorted(selected, key=lambda rule_id: -_COST.get(rule_id, 0))
        results = batch.each_task(order, run, before=lambda: _shared(org))
        results = [results[order.index(rule_id)] for rule_id in selected]
    else:
        results = [run(rule_id) for rule_id in selected]
    for found, silenced in results:  # in the rules' order, whoever ran them
        findings.extend(found)
        waived.extend(silenced)
    findings = sorted(set(findings), key=Finding.sort_key)
    waived.sort(key=lambda w: w.finding.sort_key())
    return findings, waived


def _run_one(
    org: Organisation, config: Config, rule_id: str, now
) -> tuple[list[Finding], list[Waived]]:
    """One rule's findings, and those of its findings that waivers silenced."""
    module = RULES[rule_id]
    findings: list[Finding] = []
    waived: list[Waived] = []
    severity = config.severity(rule_id, module.SEVERITY)
    for issue in module.check(org, config):
        weight = severity if issue.severity is None else config.severity(rule_id, issue.severity)
        finding = finding_of(org, rule_id, weight, issue)
        reason = issue.subject.waiver(rule_id, now)  # none once it has ended
        terms = issue.subject.waive_terms.get(rule_id)
        if rule_id in _APPROVED_ONLY and not (terms and terms.approved_by):
            reason = None  # waiver-reason asks for the approver
        if reason and rule_id not in _NOT_WAIVABLE:
            waived.append(Waived(finding, reason, terms))
        else:
            findings.append(finding)
    return findings, waived


# The rules of an organisation of at least this many steps run on two cores when the
# command may (`jobs`): the second process pays for each page of the model it touches
# (copy-on-write), which costs about half the rules at 25,000 steps and more below
# (measured: see flowmap.batch).
SHARED_FROM_STEPS = 25_000


# Each rule's share of the rules' time on 1,000 files x 50 steps (ms, in one process, what
# they share worked out already): the order the two cores take them in, the costliest first.
_COST = {
    "serve-downstream": 110,
    "next-step-is-customer": 100,
    "unknown-reference": 77,
    "placeholder-text": 56,
    "inside-outside-line": 40,
    "recheck-upstream": 35,
    "waiver-reason": 30,
    "assure-own": 24,
    "item-spelling": 20,
    "satisfaction-target": 12,
    "duplicate-id": 12,
}


def _shared(org: Organisation) -> None:
    """Work out what several rules share (once, before the rules part for two cores)."""
    from flowmap.graph.relations import loops, misaddressed

    loops(org)  # (and every handoff and need link: `relations`)
    misaddressed(org)


# The rules about waivers themselves: a waiver cannot silence the finding about it.
_NOT_WAIVABLE = ("waiver-reason", "waiver-expired", "waiver-ending")
# The external customer's satisfaction is waived only with an approver (waiver-reason).
_APPROVED_ONLY = ("external-satisfaction-target",)


def finding_of(org: Organisation, rule: str, severity: str, issue: Issue) -> Finding:
    """The finding for a rule's issue: where it points, what it is about, who must act."""
    obj = issue.subject
    key = issue.key
    # A missing key points at the object's id, the word a user looks for.
    pos = obj.where(*_pointed(obj, key, issue.index))
    about = issue.about or _subject(org, obj)
    counterpart = _subject(org, issue.counterpart) if issue.counterpart is not None else None
    return Finding.at(
        pos,
        rule,
        severity,
        issue.message,
        subject=about,
        key=key,
        counterpart=counterpart,
        responsible=responsible(org, (obj,) if issue.acting is None else issue.acting),
        fingerprint=fingerprint(rule, about, key, counterpart, issue.index),
    )


def _pointed(obj, key: str | None, index: int | None) -> tuple[str | None, int | None]:
    """Where a finding about `key` points: at its value when written, else at the word a
    user looks the object up by (its id, a need's item), else at the object."""
    if key is None or key in obj.at or f"{key}[]" in obj.at:
        return key, index
    return next((k for k in ("id", "item") if k in obj.at), None), None


def _identified(org: Organisation, finding: Finding) -> Finding:
    """A finding of loading with its subject (the file when the loader named none), who must
    act on it, and its fingerprint."""
    subject = finding.subject or Subject("file", org.source(finding.file))
    obj = find_subject(org, subject) if finding.subject else None
    return finding._replace(
        subject=subject,
        responsible=responsible(org, [obj]) if obj is not None else finding.responsible,
        fingerprint=fingerprint(finding.rule, subject, finding.key, None, None),
    )


def _subject(org: Organisation, obj) -> Subject:
    return subject_of(obj, org.step_of, org.source)

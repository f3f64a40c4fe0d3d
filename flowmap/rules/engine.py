"""Run the selected rules over an organisation and apply severities and waivers."""

from __future__ import annotations

from flowmap.config import DEFAULT_CONFIG, Config
from flowmap.findings import Finding, Waived
from flowmap.model.org import Organisation
from flowmap.rules import RULES


def run_rules(
    org: Organisation, loading: list[Finding], config: Config = DEFAULT_CONFIG
) -> tuple[list[Finding], list[Waived]]:
    """All findings, sorted, and the findings that waivers silenced.

    `loading` holds what the loader and the schema found; they are filtered and given their
    configured severity like the rest.
    """
    findings = [
        finding._replace(severity=config.severity(finding.rule, finding.severity))
        for finding in loading
        if config.enabled(finding.rule)
    ]
    waived: list[Waived] = []
    _run_each(org, config, findings, waived)
    findings = sorted(set(findings), key=Finding.sort_key)
    waived.sort(key=lambda w: w.finding.sort_key())
    return findings, waived


def _run_each(org: Organisation, config: Config, findings: list, waived: list) -> None:
    for rule_id, module in RULES.items():
        check = getattr(module, "check", None)
        if check is None or not config.enabled(rule_id):
            continue
        severity = config.severity(rule_id, module.SEVERITY)
        for issue in check(org, config):
            pos = issue.subject.where(issue.key, issue.index)
            finding = Finding.at(pos, rule_id, severity, issue.message)
            reason = issue.subject.waive.get(rule_id)
            if reason and rule_id != "waiver-reason":
                waived.append(Waived(finding, reason))
            else:
                findings.append(finding)

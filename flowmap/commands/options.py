"""The settings a command runs with: the project root's configuration, then the command line."""

from __future__ import annotations

from dataclasses import replace

from flowmap.config import DEFAULT_CONFIG, Config
from flowmap.config_file import ConfigError, check_rule_ids
from flowmap.findings import SEVERITIES
from flowmap.project import Options

__all__ = ["ConfigError", "command_config", "command_options"]


def command_options(args) -> Options:
    """The options of `args`, to put over each root's settings; ConfigError when wrong (told
    before any file is read)."""
    command_config(args, DEFAULT_CONFIG)
    return lambda config: command_config(args, config)


def command_config(args, config: Config) -> Config:
    """`config` with the options of `args` on top; ConfigError when they are wrong."""
    select = _rule_list(getattr(args, "select", None), "--select")
    if select is not None:
        config = replace(config, select=frozenset(select))
    ignore = _rule_list(getattr(args, "ignore", None), "--ignore")
    if ignore is not None:
        config = replace(config, ignore=config.ignore | frozenset(ignore))
    severities = _severities(getattr(args, "severity", None))
    if severities:
        config = replace(config, severities={**config.severities, **severities})
    target = getattr(args, "satisfaction_target", None)
    if target is not None:
        if not 0 <= target <= 1:
            raise ConfigError("--satisfaction-target takes a share from 0 to 1, e.g. 0.85")
        config = replace(config, satisfaction_target=target)
    return config


def _rule_list(values: list[str] | None, option: str) -> list[str] | None:
    if values is None:
        return None
    rules = [rule.strip() for value in values for rule in value.split(",") if rule.strip()]
    return check_rule_ids(rules, option)


def _severities(values: list[str] | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values or []:
        rule, equals, level = value.partition("=")
        if not equals or level not in SEVERITIES:
            raise ConfigError(
                f"--severity {value}: write RULE=LEVEL (RULE a rule, a group or `*`), "
                f"LEVEL one of {', '.join(SEVERITIES)}"
            )
        found.update(dict.fromkeys(check_rule_ids([rule], "--severity"), level))
    return found

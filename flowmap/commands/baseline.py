"""`report --since REF`: the baseline a report is followed up against — a previous report's
findings.csv, or the maps as they were at a git revision, checked the same way now.

For a revision, the project's folder at that revision is written out of git (`git archive`)
into a temporary folder, and the same paths are opened there with the settings of then: the
fingerprints name things by ids and project-relative paths, so they match across the two.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from flowmap.outputs.report.followup import Baseline, BaselineError, from_csv, from_sheets

GIT_SECONDS = 120


def baseline_of(since: str, paths: list[str], options) -> Baseline:
    """The baseline `since` names: an existing .csv file, else a git revision of the
    repository that holds the project of `paths`; BaselineError when it is neither or
    cannot be read."""
    named = Path(since)
    if named.suffix.lower() == ".csv" or named.is_file():
        if not named.is_file():
            raise BaselineError(f"--since {since}: no such file")
        return from_csv(named)
    from flowmap.project import plan

    return _at_revision(since, paths, plan(paths, options)[0].root, options)


def _at_revision(revision: str, paths: list[str], root: Path, options) -> Baseline:
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        raise BaselineError(
            f"--since {revision}: not a .csv file, and {root} is in no git repository; "
            "name a previous report's findings.csv or a git revision"
        )
    commit = _git(Path(top), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if not commit:
        raise BaselineError(
            f"--since {revision}: neither a .csv file nor a revision of the git repository "
            f"at {top} (try a tag, a branch or a commit: `git log --oneline`)"
        )
    described = _git(Path(top), "describe", "--always", "--tags", commit) or commit[:12]
    inside = root.resolve().relative_to(Path(top).resolve())
    with tempfile.TemporaryDirectory(prefix="flowmap-since-") as folder:
        _archive(Path(top), commit, inside, Path(folder))
        old = [
            str(Path(folder) / Path(p).resolve().relative_to(Path(top).resolve()))
            for p in paths
            if _within(Path(p).resolve(), Path(top).resolve())
        ]
        old = [p for p in old if Path(p).exists()]
        if not old:
            raise BaselineError(f"--since {revision}: the maps named did not exist at {described}")
        return _checked(f"git {described}", old, options)


def _checked(label: str, paths: list[str], options) -> Baseline:
    """The findings and handoffs of the maps at `paths`, as a report of them would list."""
    from flowmap.commands.common import open_organisation
    from flowmap.outputs.report import fact_sheets
    from flowmap.rules.engine import run_rules

    opened = open_organisation(paths, options)
    if opened is None:
        raise BaselineError(f"--since: the maps at {label} could not be opened (see above)")
    config, workspace = opened
    findings, waived = run_rules(workspace.org, workspace.findings, config)
    sheets = fact_sheets(workspace.org, findings, waived, config)
    return from_sheets(label, sheets.findings, sheets.handoffs)


def _archive(top: Path, commit: str, inside: Path, into: Path) -> None:
    """The folder `inside` (relative to the repository `top`) at `commit`, written into
    `into`: its regular files only (a link in the repository is left out, so nothing is
    written or read outside `into`)."""
    where = [] if str(inside) == "." else ["--", str(inside)]
    try:
        done = subprocess.run(
            ["git", "-C", str(top), "archive", "--format=tar", commit, *where],
            capture_output=True,
            timeout=GIT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise BaselineError(f"--since: git archive failed: {error}") from error
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip()
        raise BaselineError(f"--since: git archive failed: {why}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        for member in archive:
            parts = PurePosixPath(member.name).parts
            if not member.isfile() or member.name.startswith("/") or ".." in parts:
                continue
            target = into.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            if source is not None:
                target.write_bytes(source.read())


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *arguments],
            capture_output=True,
            text=True,
            timeout=GIT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents

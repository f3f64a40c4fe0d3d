"""Where a map belongs: its project root, the settings that apply to it, its organisation.

A file's **project root** is the nearest folder upward holding `.flowmap.toml`, a
`pyproject.toml` with `[tool.flowmap]`, or `.git`; with none, the folder named on the command
line (for a named file, its folder). The current folder plays no part: `flowmap check ~/maps`
run from inside another project reads ~/maps with ~/maps's settings, and its includes stay
inside ~/maps's root.

The root's settings apply to its files, with the command line's options on top. Files under
different roots are different **organisations**, each checked with its own settings. Inside
one root, the `organisations` setting (folders or globs) splits it: the files under each
folder are one organisation; the root's files in none of those folders are checked together
as one more, except those an organisation includes (a shared `org.yaml` belongs to every
organisation that includes it, not to a batch of its own).

Settings are trusted only where they should be (in the spirit of git's `safe.directory`):
the search upward never reads a settings file in a folder everyone may write to (`/tmp`,
sticky or not), never climbs above the user's home folder when it starts inside it, and
ignores a settings file another user owns (unless flowmap runs as root: CI containers check
out as another user). An ignored file is a warning on stderr that names it, and its folder
is no root.

A file or a subfolder named alone is checked with the **whole organisation it belongs to**
(`plan`'s `whole`): its `organisations` folder, or, in a root marked for flowmap (a
`.flowmap.toml` or `[tool.flowmap]`; `.git` alone says nothing about maps), every map under
the root less what `exclude`, `extend-exclude` and `.gitignore` leave out. Only the findings
in the files the user named are reported (`OrgFiles.asked`), so `flowmap check a.yaml` says
what a whole-project run says about a.yaml. Without such a marker, the named files and what
they include are checked together, and only the named files' findings are reported.

Every command and the editor plan their work here (`plan`); nothing else looks for a root
or a settings file.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, compress
from pathlib import Path
from typing import TYPE_CHECKING

from flowmap.config import DEFAULT_CONFIG, Config
from flowmap.config_file import config_from_table, settings_in
from flowmap.findings import Finding, Waived
from flowmap.load.bpmn import is_bpmn
from flowmap.load.discover import is_map_file, look_afresh, real_path, scan
from flowmap.load.excludes import Excludes
from flowmap.load.limits import Limits
from flowmap.load.names import clipped, shown_name
from flowmap.load.text import file_kind
from flowmap.memory import left_to_exit
from flowmap.model.surveys import Surveys, read_surveys
from flowmap.workspace import UsageError, Workspace, open_files

if TYPE_CHECKING:
    from flowmap.batch import Batch

Options = Callable[[Config], Config]  # the command line's options, put over a root's settings
# (named files, limits, seconds, what was read before) -> a flowmap.batch.Batch handing
# over what read_map gave for the files it reads ahead, or None when it reads none
Preload = Callable[[list[tuple[Path, str]], Limits, dict, dict], "Batch | None"]


@dataclass(eq=False)
class OrgFiles:
    """The files of one organisation, and the root and settings they are read with."""

    root: Path
    folder: Path  # the root, or the folder of one of the root's `organisations`
    config: Config
    # (path, name in findings) of the files named or found, some perhaps no maps: `unsure`
    files: list[tuple[Path, str]] = field(default_factory=list)
    # the real paths of those of `files` that a folder scan found and nobody has read yet:
    # their text tells whether they are maps (those that are not are left out without a
    # word), read once, where they are read anyway (`open_organisations`, on every core)
    unsure: frozenset[Path] = frozenset()
    # True for the root's files outside its `organisations`: those that none of them
    # includes are checked together (open_organisations)
    rest: bool = False
    # the files the user named (resolved; directly or under a named folder): only their
    # findings are reported (`reported`); None: every file's
    asked: frozenset[Path] | None = None
    # the folders the user named (resolved): a survey file under one is asked too
    scanned: tuple[Path, ...] = ()

    @property
    def named(self) -> list[tuple[Path, str]]:
        """(path, name in findings) of the organisation's maps and the other files named:
        `files` less the scan's finds that are no maps (read here, if nobody has yet)."""
        if self.unsure:
            self.files = [
                (path, shown)
                for path, shown in self.files
                if real_path(path) not in self.unsure or is_map_file(path)
            ]
            self.unsure = frozenset()
        return self.files

    @property
    def label(self) -> str:
        """How messages name the organisation: its folder, from the current one."""
        return shown_folder(self.folder)


class Projects:
    """Roots and their settings, each looked up once (per command, or per editor session)."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or (lambda config: config)
        self._settings: dict[Path, tuple[Path, dict] | None] = {}
        self._configs: dict[Path, Config] = {}
        self._roots: dict[str, Path | None] = {}
        self._excludes: dict[Path, Excludes] = {}
        self._same: dict[Path, Path] = {}
        self._places: dict[tuple[str, Path], tuple[Path, Config, bool]] = {}

    def root_of(self, folder: Path | str, fallback: Path) -> Path:
        """The nearest root upward from `folder` (resolved), else `fallback`."""
        # a batch asks once per file, most share a folder: looked up by its name, a string
        # (a Path made for each file's folder cost 80,000 tiny files 0.4 s)
        key = os.fspath(folder)
        root = self._roots.get(key, False)
        if root is False:
            marked = (f for f in _upward(Path(folder)) if self._is_marked(f))
            root = next(marked, None)
            # one object per root: the settings, excludes and organisations looked up by it
            # compare by identity first, not part by part (with the scan's paths made from
            # their folder's, planning 80,000 tiny files: 3.0 -> 2.3 s CPU)
            root = self._roots[key] = root and self._same.setdefault(root, root)
        return root or fallback

    def root_of_file(self, path: Path, fallback: Path) -> Path:
        """`root_of` the folder of `path` (resolved)."""
        return self.root_of(os.path.dirname(path), fallback)

    def place_in(self, folder: str, fallback: Path) -> tuple[Path, Config, bool]:
        """The root of the files in `folder` (resolved), its settings, and whether they are
        flowmap's (`for_flowmap`): looked up once per folder, not twice per file (planning
        80,000 tiny files: 0.1 s less)."""
        key = (folder, fallback)
        found = self._places.get(key)
        if found is None:
            root = self.root_of(folder, fallback)
            found = self._places[key] = (root, self.config(root), self.for_flowmap(root))
        return found

    def _is_marked(self, folder: Path) -> bool:
        return (folder / ".git").exists() or self._settings_in(folder) is not None

    def for_flowmap(self, root: Path) -> bool:
        """Whether `root` holds flowmap's settings (then all its maps are one organisation,
        less what it excludes and its `organisations` set apart)."""
        return self._settings_in(root) is not None

    def excludes(self, root: Path) -> Excludes:
        """What folder scans under `root` leave out, by its settings."""
        if root not in self._excludes:
            config = self.config(root)
            self._excludes[root] = Excludes(
                root, config.excluded_patterns, config.respect_gitignore
            )
        return self._excludes[root]

    def config(self, root: Path) -> Config:
        """The root's settings with the command line's options on top; ConfigError if broken."""
        if root not in self._configs:
            found = self._settings_in(root)
            base = DEFAULT_CONFIG if found is None else config_from_table(found[1], found[0])
            self._configs[root] = self.options(base)
        return self._configs[root]

    def _settings_in(self, folder: Path) -> tuple[Path, dict] | None:
        if folder not in self._settings:
            trusted = _trusted_settings(folder)
            self._settings[folder] = settings_in(folder) if trusted else None
        return self._settings[folder]


SETTINGS_FILES = (".flowmap.toml", "pyproject.toml")


def _upward(folder: Path) -> list[Path]:
    """`folder` and the folders above it that may hold its root: up to the user's home
    folder when it starts inside it, else up to `/`."""
    chain = [folder, *folder.parents]
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder: nothing to stop at
        return chain
    if folder.is_relative_to(home):
        chain = [f for f in chain if f.is_relative_to(home)]
    return chain


def _trusted_settings(folder: Path) -> bool:
    """Whether the settings files in `folder` may be read; False after a warning naming
    the file when one is there but others could have written it."""
    for name in SETTINGS_FILES:
        path = folder / name
        try:
            status = path.stat()
            folder_mode = folder.stat().st_mode
        except OSError:
            continue
        if not stat.S_ISREG(status.st_mode):
            continue
        reason = _distrust(folder_mode, status)
        if reason:
            print(f"flowmap: warning: ignoring {clipped(str(path))}: {reason}", file=sys.stderr)
            return False
    return True


def _distrust(folder_mode: int, status: os.stat_result) -> str:
    """Why a settings file may not be trusted; empty when it may."""
    if folder_mode & stat.S_IWOTH:
        return "its folder is writable by everyone (anyone could have put it there)"
    if status.st_mode & stat.S_IWOTH:
        return "it is writable by everyone"
    user = os.geteuid()
    if user != 0 and status.st_uid != user:
        return (
            f"it belongs to another user (uid {status.st_uid}); copy it into a folder of "
            "your own, or run flowmap as that user"
        )
    return ""


def plan(
    paths: list[str],
    options: Options | None = None,
    keep: Callable[[Path], bool] | None = None,
    *,
    whole: bool = True,
    force_exclude: bool = False,
    unsaved: frozenset[Path] = frozenset(),
) -> list[OrgFiles]:
    """The organisations the named files and folders make up, in a stable order: roots in
    the order they are first named, each root's `organisations` in the order its settings
    list them, then the root's other files. Each file is named once (the first time).

    `keep` filters the files found. With `whole`, the rest of each organisation a named file
    belongs to is added (see the module's docstring). Folder scans leave out what the root
    excludes (a folder named though excluded is scanned whole); with `force_exclude`, so are
    named files. `unsaved` are files that need not exist yet (text from standard input).
    Never empty: with no file at all, the first path's root with nothing to read. Raises
    UsageError for a path that does not exist and ConfigError for broken settings.
    """
    look_afresh()  # the files' real paths, as they are now
    projects = Projects(options)
    named: list[_Named | None] = []  # None: one found by a scan that turned out no map
    # the real paths of the files folder scans found that are not known to be maps yet
    # (`OrgFiles.unsure`) -> their place in `named`
    unsure: dict[Path, int] = {}
    scanned: list[Path] = []  # the folders named, resolved
    seen: set[Path] = set()
    for fallback, files in _named(paths, projects, force_exclude, unsaved, scanned):
        for path, shown, resolved, where, maybe in files:
            if resolved is None:
                resolved = real_path(path)
                where = os.path.dirname(resolved)
            if resolved in seen:
                at = unsure.get(resolved)
                if at is None or maybe:  # (a map, or both found by scans: the same file)
                    continue
                del unsure[resolved]
                if is_map_file(named[at][1]):  # a map: where the scan found it
                    continue
                named[at] = None  # no map: it is where it is named, as if never found
                seen.discard(resolved)
            if keep is not None and not keep(path):
                continue
            seen.add(resolved)
            if maybe:
                unsure[resolved] = len(named)
            named.append((fallback, path, shown, resolved, where))
    asked = frozenset(seen)
    if whole:
        _rest_of_organisations(named, projects, scanned, seen, unsure)
    maybe = set(unsure)
    orgs = _organisations(named, projects, maybe, asked, tuple(scanned))
    if maybe:  # (one set for all: a file is in one organisation)
        still = frozenset(maybe)
        for org in orgs.values():
            org.unsure = still
    if not orgs:
        fallback = _fallback(Path(paths[0] if paths else "."))
        root = projects.root_of(fallback, fallback)
        return [OrgFiles(root, root, projects.config(root))]
    return _in_order(list(orgs.values()))


# a file in a plan: (the root it falls back to, its path as named or found, its name in
# findings, its real path, the real path's folder)
_Named = tuple[Path, Path, str, Path, str]


def _organisations(
    named: list[_Named | None],
    projects: Projects,
    maybe: set[Path],
    asked: frozenset[Path],
    scanned: tuple[Path, ...],
) -> dict[tuple[Path, Path | None, bool], OrgFiles]:
    """The organisations the `named` files make up, by (root, folder, apart), in the order
    their first files come. Those of `maybe` (a scan's finds not known to be maps) that are
    maps stay there; one that is none makes no organisation.

    What the files of one folder share is worked out once, for the first of them (a scan
    names them one after another): their root, settings and excludes, and the organisation
    the last one went to. Asked of each of 80,000 tiny files, with the rest of the
    organisations (`_rest_of_organisations`), that was 0.05 s of a 0.55 s plan."""
    found: dict[tuple[Path, Path | None, bool], OrgFiles] = {}
    folder_of: tuple[str, Path] | None = None  # (where, fallback) of the last file
    last: tuple[Path, Path | None, bool] | None = None  # the last file's organisation's key
    org = None
    for entry in named:
        if entry is None:
            continue
        fallback, path, shown, resolved, where = entry
        if folder_of is None or where != folder_of[0] or fallback is not folder_of[1]:
            folder_of = where, fallback
            root, config, for_flowmap = projects.place_in(where, fallback)
            excludes = projects.excludes(root) if for_flowmap else None
            kept = excludes is None or excludes.files_kept(where)
        # a file named though excluded is no part of the organisation: checked apart
        apart = not kept and excludes.excluded(resolved)
        if apart:
            folder = None
        elif is_bpmn(resolved.name):  # a modeler's model: an organisation alone
            folder = resolved
        else:
            folder = _organisation_of(resolved, config)
        key = (root, folder, apart)
        if key != last:
            last, org = key, found.get(key)
        if org is None:
            # an organisation is made of maps: a scan's find that is none makes none
            if resolved in maybe:
                if not is_map_file(path):
                    continue
                maybe.discard(resolved)
            rest = folder is None and bool(config.organisations) and not apart
            org = found[key] = OrgFiles(
                root, folder or root, config, rest=rest, asked=asked, scanned=scanned
            )
        org.files.append((path, shown))
    return found


def _excluded(excludes: Excludes, resolved: Path, folder: str) -> bool:
    """Whether the file `resolved`, in `folder`, is left out: asked of the folder first
    (most folders leave out none of their files; asked of each, 0.3 s for 80,000)."""
    return not excludes.files_kept(folder) and excludes.excluded(resolved)


def _rest_of_organisations(
    named: list[_Named | None],
    projects: Projects,
    scanned: list[Path],
    seen: set[Path],
    unsure: dict[Path, int],
) -> None:
    """Add to `named` the maps of the organisations the named files belong to that were not
    named: all of an `organisations` folder, or all of a root marked for flowmap (its shared
    files may be included by any of its organisations). A folder already scanned is not
    scanned again. Those added are `unsure` (not opened yet), as any scan's finds."""
    scopes: dict[Path, Path] = {}  # folder to scan -> its root
    decided: set[Path] = set()  # the folders asked about (most files share their answer)
    # (where, fallback) of the last file whose organisation was decided, or that has none:
    # so have the other files of its folder (organisations are folders), a scan's one after
    # another (see `_organisations`)
    known: tuple[str, Path] | None = None
    for entry in named:
        if entry is None:
            continue
        fallback, path, _, resolved, where = entry
        if known is not None and where == known[0] and fallback is known[1]:
            continue
        root, config, for_flowmap = projects.place_in(where, fallback)
        folder = _organisation_of(resolved, config)
        if folder is None and for_flowmap:
            folder = root
        if folder is None or folder in decided:
            known = where, fallback
            continue
        excluded = _excluded(projects.excludes(root), resolved, where)
        if excluded or is_bpmn(resolved.name):
            continue  # named though excluded, or a BPMN file: checked apart
        if resolved in unsure:
            if not is_map_file(path):
                continue  # no map: it belongs to no organisation
            del unsure[resolved]
        decided.add(folder)
        known = where, fallback
        if not any(folder.is_relative_to(done) for done in scanned):
            scopes[folder] = root
    for folder, root in scopes.items():
        shown_in = _ShownFolders()
        for path, spelled, resolved, where, maybe in scan(folder, root, projects.excludes(root)):
            if resolved not in seen:
                seen.add(resolved)
                if maybe:
                    unsure[resolved] = len(named)
                named.append((root, path, shown_in.name(spelled), resolved, where))


class _ShownFolders:
    """`shown_path` of the files of a scan, worked out once per folder: `os.path.relpath`
    made absolute both paths for each of 80,000 files (0.4 s)."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def name(self, path: str) -> str:
        folder, name = os.path.split(path)
        shown = self._folders.get(folder)
        if shown is None:
            shown = self._folders[folder] = shown_path(Path(folder))
        return name if shown == "." else os.path.join(shown, name)


def reported(
    org: OrgFiles, workspace: Workspace, findings: list[Finding], waived: list[Waived]
) -> tuple[list[Finding], list[Waived]]:
    """The findings (and waived ones) in the files the user named, as `org.asked` says."""
    if org.asked is None:
        return findings, waived

    named: dict[str, Path] = {}  # read or not (not maps); made when first needed

    surveys = getattr(workspace.org.surveys, "files", ())

    def asked(finding: Finding) -> bool:
        if finding.file in surveys:  # a survey file: asked when under a folder named
            path = Path(finding.file).resolve()
            return any(path.is_relative_to(folder) for folder in org.scanned)
        path = workspace.paths.get(finding.file)
        if path is None:  # a file named that was not read
            if not named:
                named.update((shown, real_path(named_path)) for named_path, shown in org.files)
            path = named.get(finding.file)
        return path is not None and path in org.asked

    return [f for f in findings if asked(f)], [w for w in waived if asked(w.finding)]


def asked_files(orgs: list[OrgFiles], files: list[str], workspaces: list[Workspace]) -> list[str]:
    """Of `files` (as shown), those the user named (all when the plan says nothing).

    Each file's path is looked up and tested without a line of Python run for it (with a
    function called for each, and the named paths copied one by one, 80,000 tiny files
    took 0.06-0.09 s here; now 0.03-0.04 s, their paths' hashing)."""
    if not any(org.asked is not None for org in orgs):
        return files
    # (the organisations of one plan share one set: copied once, hashes and all)
    sets = {id(org.asked): org.asked for org in orgs if org.asked is not None}
    asked = frozenset().union(*sets.values())
    where: dict[str, Path] = {}  # file as shown -> its real path
    for workspace in workspaces:
        where.update(workspace.paths)
    if not all(map(where.__contains__, files)):  # a file named that was not read
        named = {shown: real_path(path) for org in orgs for path, shown in org.files}
        where = named | where
    return list(compress(files, map(asked.__contains__, map(where.get, files))))


def project_config(start: Path | None = None) -> Config:
    """The settings of the project root that holds `start` (default: the current folder)."""
    folder = (start or Path.cwd()).resolve()
    projects = Projects()
    return projects.config(projects.root_of(folder, folder))


def open_workspace(paths: list[str], limits: Limits | None = None) -> Workspace:
    """Read the named files and folders and everything they include (not the rest of
    their organisation), as one organisation (UsageError when they make up several);
    `limits` default to the root's."""
    org = one_organisation(paths, whole=False)
    limits = limits or org.config.limits
    seconds: dict = {}
    batch = pooled()(org.files, limits, seconds, {})
    try:
        workspace = open_files(
            org.files,
            limits,
            preloaded=batch,
            root=org.root,
            seconds=seconds,
            unsure=org.unsure,
        )
    finally:
        if batch is not None:
            batch.close()
    return with_surveys(workspace, org_surveys(org))


def pooled(jobs: int | None = None, progress=None, meanwhile=None) -> Preload:
    """The `preload` of `open_organisations` that reads a large batch of files on `jobs`
    cores (all of them by default; flowmap.batch, which starts no process for a small one).
    Every command that reads an organisation reads it so: `render` or `report` of a folder
    of 1,000 maps waited for one core to read them all. `meanwhile()` runs once the workers
    have started (`batch.ahead`), at most once."""
    from flowmap import batch

    count = jobs or batch.default_jobs()
    pending = [meanwhile] if meanwhile is not None else []

    return lambda named, limits, seconds, known: batch.ahead(
        named, limits, count, progress, seconds, known, pending.pop() if pending else None
    )


def survey_folder(org: OrgFiles) -> Path:
    """Where an organisation's survey files are: the setting `surveys`, else `surveys/` in
    the organisation's folder (its `organisations` entry, else the project root)."""
    return org.config.surveys or org.folder / "surveys"


def org_surveys(org: OrgFiles) -> Surveys:
    """The responses in the organisation's survey files, and what could not be read."""
    config = org.config
    return read_surveys(survey_folder(org), org.root, config.limits, config.satisfied_score)


def with_surveys(workspace: Workspace, surveys: Surveys) -> Workspace:
    """`workspace` with the survey results its rules judge (and the files' findings, and
    the time reading them took)."""
    workspace.org.surveys = surveys
    workspace.findings = [*workspace.findings, *surveys.findings]
    workspace.seconds = {**workspace.seconds, **surveys.seconds}
    return workspace


def one_organisation(paths: list[str], whole: bool = True) -> OrgFiles:
    """The one organisation `paths` hold, with the rest of its files unless not `whole` (the
    editor opened on one file sees the findings a whole-project check gives); UsageError
    when they hold several."""
    orgs = _only_one(plan(paths, whole=whole))
    if len(orgs) > 1 and whole:  # a shared file of several organisations: with its includes
        orgs = _only_one(plan(paths, whole=False))
    if len(orgs) > 1:
        raise UsageError(several_organisations(paths, orgs))
    return orgs[0]


def _only_one(orgs: list[OrgFiles]) -> list[OrgFiles]:
    if len(orgs) > 1:  # the root's other files may all be included by one organisation
        return [org for org, _ in open_organisations(orgs)]
    return orgs


def open_organisations(
    orgs: list[OrgFiles],
    preload: Preload | None = None,
    progress=None,
    texts: dict[Path, str] | None = None,
) -> Iterator[tuple[OrgFiles, Workspace]]:
    """Each organisation of a plan and its workspace, in the plan's order.

    The files of a root outside its `organisations` are read last, and only those that no
    organisation included: a shared org.yaml belongs to the organisations that include it.
    `preload(named, limits, seconds, known)` may read files ahead (flowmap.batch); what one
    organisation read is reused by the next of the same root, so a shared file is read once
    (its time, `Workspace.seconds`, counted for the first that read it). `texts`
    (resolved path -> text) stand for what is on disk (a map from standard input).
    """
    texts = texts or {}
    taken: dict[Path, set[Path]] = {}  # root -> files its organisations read
    loaded: dict[Path, dict] = {}  # root -> what read_map gave, by (path, shown)
    # the last organisation of each root: what it read is kept for none after it (80,000
    # tiny files: 0.02 s hashing their paths again)
    last = {org.root: index for index, org in enumerate(orgs)}
    for index, org in enumerate(orgs):
        named, unsure = org.files, org.unsure
        if org.rest:
            named = [(p, s) for p, s in named if real_path(p) not in taken.get(org.root, ())]
            # a scan's finds that are no maps make no organisation (as in `plan`)
            if not any(real_path(p) not in unsure or is_map_file(p) for p, _ in named):
                continue
        ready = dict(loaded.get(org.root, {}))
        seconds: dict = {}  # (path, shown) -> seconds, of the files this organisation reads
        batch = None
        if preload is not None:
            on_disk = [(p, s) for p, s in named if not texts or real_path(p) not in texts]
            batch = preload(on_disk, org.config.limits, seconds, ready)
        try:
            workspace = open_files(
                named,
                org.config.limits,
                texts,
                preloaded=ready if batch is None else batch,
                progress=progress,
                root=org.root,
                seconds=seconds,
                unsure=unsure,
            )
        finally:
            if batch is not None:
                batch.close()
        with_surveys(workspace, org_surveys(org))
        left_to_exit(workspace)
        if last[org.root] != index:
            taken.setdefault(org.root, set()).update(workspace.paths.values())
            loaded.setdefault(org.root, {}).update(workspace.loaded)
        yield org, workspace


def several_organisations(paths: list[str], orgs: list[OrgFiles]) -> str:
    """The usage error of a command that works on one organisation when named several."""
    labels = ", ".join(dict.fromkeys(org.label for org in orgs))
    where = " ".join(paths) or "."
    return (
        f"{where} holds {len(orgs)} organisations ({labels}); "
        "name the folder of one of them (or an id it defines)"
    )


def shown_folder(folder: Path) -> str:
    """A folder as messages show it: from the current one, as the paths a user types."""
    shown = shown_path(folder)
    return shown if shown == "." else f"{shown}/"


def shown_path(path: Path) -> str:
    """A path as findings show a file the user did not name: from the current folder."""
    return os.path.relpath(path)


def _named(
    paths: list[str],
    projects: Projects,
    force_exclude: bool = False,
    unsaved: frozenset[Path] = frozenset(),
    scanned: list[Path] | None = None,
) -> Iterable[tuple[Path, Iterable[tuple[Path, str, Path | None, str, bool]]]]:
    """Each named path, the root its files fall back to, and the map files it names (each
    named as given, or found under a named folder, less what the root excludes), each as
    (path, shown, its real path and that one's folder, or None and "" when not known yet,
    whether a scan found it and it is not known to be a map yet: `unsure`). Raises
    UsageError for a path that does not exist or is not a regular file or a folder. Names
    are shown escaped where they are not printable text (flowmap.load.names). The folders
    scanned are added to `scanned`."""
    for given in paths:
        path = Path(given)
        kind = _kind(path, given)
        if unsaved and kind == "no such file or folder" and path.resolve() in unsaved:
            kind = "file"
        if kind == "folder":
            fallback = _fallback(path)
            resolved = path.resolve()
            root = projects.root_of(resolved, fallback)
            excludes = projects.excludes(root)
            if excludes.excluded(resolved, folder=True):
                if force_exclude:
                    continue
                excludes = Excludes(root, (), gitignore=False)  # named: scanned whole
            if scanned is not None:
                scanned.append(resolved)
            found = scan(path, root, excludes, bpmn=projects.config(root).bpmn)
            # shown as found: the folder as given (as Path spells it), then the way down
            yield (
                fallback,
                (
                    (p, shown_name(spelled), real, where, unsure)
                    for p, spelled, real, where, unsure in found
                ),
            )
        elif kind == "file":
            fallback = _fallback(path)
            resolved = path.resolve()
            root = projects.root_of_file(resolved, fallback)
            if force_exclude and projects.excludes(root).excluded(resolved):
                continue
            yield fallback, [(path, shown_name(given), None, "", False)]
        else:
            raise UsageError(f"{clipped(given)}: {kind}")


def _kind(path: Path, given: str) -> str:
    """Whether `path` is a "file" or a "folder", else what is wrong with it (for a usage
    error): FIFOs, devices and sockets are refused here, before anything opens them."""
    if "\0" in given:
        return "a path cannot hold a NUL character"
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return "no such file or folder"
        return f"cannot be used ({error.strerror})"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    return f"{file_kind(mode)}, not a map file; name a map file or a folder"


def _fallback(path: Path) -> Path:
    """The root of files named through `path` when no folder above them is marked."""
    path = path.resolve()
    return path if path.is_dir() else path.parent


def _organisation_of(path: Path, config: Config) -> Path | None:
    """The first of the root's organisation folders that holds `path`."""
    if not config.organisations:
        return None
    return next((folder for folder in config.organisations if path.is_relative_to(folder)), None)


def _in_order(orgs: list[OrgFiles]) -> list[OrgFiles]:
    roots = list(dict.fromkeys(org.root for org in orgs))

    def position(org: OrgFiles) -> tuple[int, int]:
        listed = org.config.organisations
        listed_at = listed.index(org.folder) if org.folder in listed else len(listed)
        return roots.index(org.root), listed_at

    return sorted(orgs, key=position)


def merge_checks(
    checked: list[tuple[OrgFiles, Workspace, list[Finding], list[Waived]]],
) -> tuple[list[Finding], list[Waived], list[str]]:
    """What several organisations' checks found, as one check: findings and waived sorted,
    and every file read once.

    A file that several organisations share (a common org.yaml) reports a finding they all
    make once; one that only some of them make (a unit idle in one plant) says in which.
    """
    found: dict[Finding, list[str]] = {}
    waived: set[Waived] = set()
    for org, _, findings, silenced in checked:
        label = org.label  # (a path worked out: once, not once per finding)
        for finding in findings:
            found.setdefault(finding, []).append(label)
        waived.update(silenced)
    # the files of findings -> the organisations that read them; every file read, once:
    # each file's readers listed, for 80,000 files and 9 findings, took 0.03-0.06 s (now
    # under 0.01 s)
    readers: dict[str, list[str]] = {}
    wanted = {finding.file for finding in found}
    for org, workspace, _, _ in checked:
        label = org.label
        for file in wanted.intersection(workspace.files):
            readers.setdefault(file, []).append(label)
    files = dict.fromkeys(chain.from_iterable(workspace.files for _, workspace, _, _ in checked))
    merged = [
        finding
        if set(labels) >= set(readers.get(finding.file, labels))
        else finding._replace(message=f"{finding.message} (in organisation {', '.join(labels)})")
        for finding, labels in found.items()
    ]
    return (
        sorted(merged, key=Finding.sort_key),
        sorted(waived, key=lambda each: each.finding.sort_key()),
        list(files),
    )

"""The files checked together as one organisation: what the CLI and the editor both open.

flowmap.project decides which files make up each organisation, its root and its settings;
here an organisation's files are read, every file they include is read once, and the lot
is indexed as one `Organisation`. Nothing here raises on bad input: every problem is a
finding.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flowmap.findings import ERROR, Finding
from flowmap.load import DEFAULT_LIMITS, Limits, compose
from flowmap.load.bpmn import is_bpmn, read_bpmn
from flowmap.load.discover import HEAD, MAP_SUFFIXES, is_map_file, marked, real_path
from flowmap.load.includes import resolve_include, shown_include
from flowmap.load.parts import split_processes
from flowmap.load.text import read_text, read_text_if
from flowmap.load.yaml_nodes import SharedNodes
from flowmap.model import types as t
from flowmap.model.build import build_map, build_processes
from flowmap.model.org import Organisation

if TYPE_CHECKING:
    import networkx as nx


class UsageError(Exception):
    """A named path that does not exist: the user must fix the command, not a map."""


@dataclass(eq=False)
class Workspace:
    org: Organisation
    findings: list[Finding]  # what loading found: syntax, schema, includes
    files: list[str]  # every file read, as shown in findings, in reading order
    named: list[str] = field(default_factory=list)  # the files named or found, not included
    paths: dict[str, Path] = field(default_factory=dict)  # shown name -> resolved path
    includers: dict[str, list[str]] = field(default_factory=dict)  # shown -> who includes it
    # (path, shown) -> what read_map gave: the editor keeps it for files it has not changed
    loaded: dict = field(default_factory=dict)
    # shown -> seconds reading, parsing and modelling it took (where it was read; 0 for a
    # file read before, by another organisation of the same root)
    seconds: dict[str, float] = field(default_factory=dict)


def read_map(
    path: Path, shown: str, limits: Limits, text: str | None = None
) -> tuple[t.Map | None, list[Finding]]:
    """One file -> its map and the findings of loading and of the schema.

    `text`, when given, stands for the file's content (the editor's unsaved buffer).
    """
    if text is None:
        text, findings = read_text(path, shown, limits)
        if text is None:
            return None, findings
    if is_bpmn(str(path)):  # a modeler's file: XML read as the map it stands for
        return _read_bpmn(text, shown, limits)
    parts = split_processes(text)
    if parts is not None:
        try:
            return _read_in_parts(parts, shown, limits)
        except SharedNodes:  # anchors or aliases the quick look at the text missed
            pass
    root, findings = compose(text, shown, limits)
    if findings:
        return None, findings
    the_map, schema_findings = build_map(root, shown, limits)
    return the_map, schema_findings


def read_if_map(
    path: Path, shown: str, limits: Limits, name: str | None = None
) -> tuple[t.Map | None, list[Finding]] | None:
    """What `read_map` gives for the file; None when it is no map (as `is_map_named` tells,
    by `name`, the name it was given, default its own), with its text read once: a file
    that cannot be read, or whose head has no `flowmap:` line, is no map."""
    name = name or path.name
    if not name.endswith(MAP_SUFFIXES):
        return read_map(path, shown, limits) if is_bpmn(name) else None
    read = read_text_if(path, shown, limits, marked, HEAD)
    if read is None:
        return None
    text, findings = read
    if text is None:
        return None, findings
    return read_map(path, shown, limits, text)


def _read_bpmn(text: str, shown: str, limits: Limits) -> tuple[t.Map | None, list[Finding]]:
    root, findings = read_bpmn(text, shown, limits)
    if root is None:
        return None, findings
    the_map, schema_findings = build_map(root, shown, limits)
    return the_map, findings + schema_findings


def _read_in_parts(parts, shown: str, limits: Limits) -> tuple[t.Map | None, list[Finding]]:
    """A large file, its processes composed and built a part at a time (flowmap.load.parts)."""
    root, findings = compose(parts.rest, shown, limits, plain=True)
    if findings:
        return None, findings
    the_map, findings = build_map(root, shown, limits)
    del root
    for part in parts.lists:
        part_root, problems = compose(part, shown, limits, plain=True)
        if problems:
            return None, problems
        processes, part_findings = build_processes(part_root, shown, limits)
        del part_root
        findings += part_findings
        if the_map is not None:
            the_map.processes += processes
    return the_map, findings


def open_files(
    named: list[tuple[Path, str]],
    limits: Limits = DEFAULT_LIMITS,
    texts: dict[Path, str] | None = None,
    preloaded: dict | None = None,
    progress=None,
    *,
    root: Path,
    seconds: dict | None = None,
    unsure: frozenset[Path] | set[Path] = frozenset(),
) -> Workspace:
    """Read `named` (path, shown name) pairs and their includes.

    `texts` maps resolved paths to content that stands for what is on disk; `preloaded`
    maps resolved paths to what `read_map` gave for them already (see flowmap.batch), and
    `seconds` the same keys to how long that took (the files read here are added);
    `progress.done()` is called for each file read here. Includes never leave `root`, the
    project root (flowmap.project finds it). The files in `unsure` (resolved) are a folder
    scan's finds whose text has yet to tell whether they are maps: those that are not are
    left out without a word, as a scan leaves them out (flowmap.project.OrgFiles).
    """
    findings: list[Finding] = []
    seconds = {} if seconds is None else seconds
    reader = _Reader(limits, texts or {}, preloaded or {}, progress, root, seconds)
    _read_named(reader, named, texts or {}, findings, unsure)
    org = Organisation.of(reader.maps)
    findings += reader.findings
    org.unreadable = [shown for shown in reader.order if shown in reader.unreadable]
    workspace = Workspace(org, findings, reader.order)
    read = set(reader.shown_of.values())  # (a set: `in .values()` made 80,000 files quadratic)
    workspace.named = [shown for _, shown in named if shown in read]
    workspace.paths = {shown: path for path, shown in reader.shown_of.items()}
    real_root = root.resolve()
    org.sources = {shown: _relative(path, real_root) for path, shown in reader.shown_of.items()}
    workspace.includers = reader.includers
    workspace.loaded = reader.loaded
    workspace.seconds = {
        shown: seconds.get((path, shown), 0.0) for path, shown in reader.shown_of.items()
    }
    return workspace


def _relative(path: Path, real_root: Path) -> str:
    """`path` relative to the project root (resolved), with `/` (the file as an organisation
    knows it)."""
    given, top = os.fspath(path), os.fspath(real_root)
    inside = top if top.endswith("/") else top + "/"
    if os.sep == "/" and given.startswith(inside):  # (as relative_to, at a quarter of the cost)
        relative = given[len(inside) :]
    else:
        try:
            relative = path.relative_to(real_root).as_posix()
        except ValueError:
            relative = path.name
    if relative.isascii():  # nothing to escape (80,000 names encoded and decoded: 0.1 s)
        return relative
    # a name that is not UTF-8 keeps its bytes as `\xff` escapes, as names are shown
    return os.fsencode(relative).decode("utf-8", "backslashreplace")


def _read_named(reader, named, texts, findings, unsure) -> None:
    for path, shown in named:
        resolved = real_path(path)
        maybe = resolved in unsure
        if not reader.take(path, resolved, shown, maybe):
            if not maybe:  # named, not found by a folder scan: the user must hear of it
                findings.append(
                    Finding(
                        "schema",
                        ERROR,
                        shown,
                        1,
                        1,
                        "this file has no `flowmap: 1` "
                        "line, so it is not a process map; add `flowmap: 1` at the top",
                    )
                )
            continue
        reader.read(resolved, shown)


def is_map_named(path: Path) -> bool:
    """Whether a named file is a map: a YAML file with `flowmap:`."""
    return _is_map(path)


def _is_map(path: Path) -> bool:
    if path.name.endswith(MAP_SUFFIXES):
        return is_map_file(path)
    return is_bpmn(path.name)


class _Reader:
    """Reads each file once, following includes breadth-first, finding include cycles."""

    def __init__(
        self,
        limits: Limits,
        texts: dict[Path, str],
        preloaded: dict,
        progress,
        root: Path,
        seconds: dict,
    ) -> None:
        self.limits = limits
        self.root = root
        self.texts = texts
        self.preloaded = preloaded
        self.progress = progress
        self.maps: list[t.Map] = []
        self.findings: list[Finding] = []
        self.shown_of: dict[Path, str] = {}
        self.order: list[str] = []
        # who includes whom, in reading order; the graph of them is made at the first
        # search for a cycle (most organisations need none, and importing networkx was 75 ms
        # of the 0.33 s CPU that `flowmap render` of a 1,000-step process took)
        self.include_edges: list[tuple[Path, Path]] = []
        self._including: set[Path] = set()  # the files that include one
        self._included: set[Path] = set()  # the files that one includes
        self._graph: nx.DiGraph | None = None
        self.includers: dict[str, list[str]] = {}
        self._include_paths: dict[tuple[str, str], tuple[Path | None, str]] = {}
        self._same: dict[Path, Path] = {}
        self.unreadable: set[str] = set()
        self.loaded: dict = {}
        self.seconds = seconds  # (path, shown) -> seconds read_map took
        self._taken: dict = {}  # (path, shown) -> what `take` read here, for `read`

    def take(self, path: Path, resolved: Path, shown: str, unsure: bool = False) -> bool:
        """Whether the named file `path` (`resolved`) is a map to read: one read before
        (an include), one `texts` stands for (unless a folder scan found it, which looked at
        the disk: `unsure`), one read ahead, or one whose text, read here once, is a map's
        (as `is_map_named` tells). A file found by a scan was not opened before."""
        if resolved in self.shown_of:
            return True
        if resolved in self.texts:
            return not unsure or is_map_file(path)
        item = (resolved, shown)
        ready = self.preloaded.get(item)
        if ready is not None:
            self._taken[item] = ready  # (for `read`: a batch is asked once)
            return True
        start = time.perf_counter()
        ready = read_if_map(resolved, shown, self.limits, path.name)
        if ready is None:
            if unsure and self.progress:
                self.progress.drop()
            return False
        self.seconds[item] = time.perf_counter() - start
        self._taken[item] = ready
        if self.progress:
            self.progress.done()
        return True

    def read(self, path: Path, shown: str) -> None:
        queue = [(path, shown)]
        while queue:
            path, shown = queue.pop(0)
            if path in self.shown_of:
                continue
            self.shown_of[path] = shown
            self.order.append(shown)
            the_map, findings = self._read_one(path, shown)
            self.findings.extend(findings)
            if the_map is None:
                self.unreadable.add(shown)
                continue
            self.maps.append(the_map)
            queue.extend(self._includes(path, the_map))

    def _read_one(self, path: Path, shown: str) -> tuple[t.Map | None, list[Finding]]:
        ready = self._taken.pop((path, shown), None)
        if ready is None:  # read under the same name: same positions
            ready = self.preloaded.get((path, shown))
        if ready is None:
            if self.progress:
                self.progress.done()
            start = time.perf_counter()
            ready = read_map(path, shown, self.limits, self.texts.get(path))
            self.seconds[(path, shown)] = time.perf_counter() - start
        self.loaded[(path, shown)] = ready
        return ready

    def _includes(self, path: Path, the_map: t.Map) -> list[tuple[Path, str]]:
        targets = []
        for index, target in enumerate(the_map.include):
            where = the_map.where("include", index)
            resolved, problem = self._resolved(path, target)
            if resolved is None:
                self.findings.append(Finding.at(where, "unknown-reference", ERROR, problem))
                continue
            self._include(path, resolved)
            cycle = self._cycle(resolved, path)
            if cycle:
                chain = " → ".join(self.shown_of.get(p, p.name) for p in cycle)
                self.findings.append(
                    Finding.at(
                        where,
                        "include-cycle",
                        ERROR,
                        f"include cycle: {chain}; remove one of these "
                        "includes (a file is read once anyway)",
                    )
                )
                continue
            shown = self.shown_of.get(resolved) or shown_include(the_map.file, target)
            self.includers.setdefault(shown, []).append(the_map.file)
            targets.append((resolved, shown))
        return targets

    def _resolved(self, path: Path, target: str) -> tuple[Path | None, str]:
        """`resolve_include`, asked once per folder and target: the files of a folder that
        all include `../org.yaml` had it looked up, opened and read again for each."""
        key = (os.path.dirname(path), target)  # (a string: a Path made per file cost more)
        found = self._include_paths.get(key)
        if found is None:
            resolved, problem = resolve_include(path, target, self.root)
            if resolved is not None:  # one object per file: compared by identity first
                resolved = self._same.setdefault(resolved, resolved)
            found = self._include_paths[key] = resolved, problem
        return found

    def _include(self, path: Path, target: Path) -> None:
        self.include_edges.append((path, target))
        self._including.add(path)
        self._included.add(target)
        if self._graph is not None:
            self._graph.add_edge(path, target)

    def _cycle(self, start: Path, goal: Path) -> list[Path] | None:
        """The include chain from `goal` through `start` back to `goal`, if there is one."""
        if start != goal and not (start in self._including and goal in self._included):
            # start includes nothing (yet), or nothing includes goal: no chain, without a
            # search (80,000 maps that include one org.yaml: 0.5 s of searches)
            return None
        import networkx as nx

        if self._graph is None:
            self._graph = nx.DiGraph()
            self._graph.add_edges_from(self.include_edges)
        try:
            return [goal, *nx.shortest_path(self._graph, start, goal)]
        except nx.NetworkXNoPath:
            return None

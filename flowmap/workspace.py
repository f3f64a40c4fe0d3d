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
from typing import TYPE_CHECKING, Any

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
    by `name`, the name or path it was given, default its own), with its text read once: a
    file that cannot be read, or whose head has no `flowmap:` line, is no map."""
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
    `seconds` the same keys to how long that took (the files read here are timed here);
    `progress.done()` is called for each file read here. Includes never leave `root`, the
    project root (flowmap.project finds it). The files in `unsure` (resolved) are a folder
    scan's finds whose text has yet to tell whether they are maps: those that are not are
    left out without a word, as a scan leaves them out (flowmap.project.OrgFiles).
    """
    findings: list[Finding] = []
    seconds = {} if seconds is None else seconds
    reader = _Reader(limits, texts or {}, preloaded or {}, progress, root)
    _read_named(reader, named, findings, unsure)
    org = Organisation.of(reader.maps)
    findings += reader.findings
    if reader.unreadable:
        org.unreadable = [shown for shown in reader.order if shown in reader.unreadable]
    workspace = Workspace(org, findings, reader.order)
    read = set(reader.shown_of.values())  # (a set: `in .values()` made 80,000 files quadratic)
    workspace.named = [shown for _, shown in named if shown in read]
    workspace.paths = {shown: path for path, shown in reader.shown_of.items()}
    real_root = root.resolve()
    inside = _inside(real_root)
    org.sources = {
        shown: _relative(path, real_root, inside) for path, shown in reader.shown_of.items()
    }
    workspace.includers = reader.includers
    workspace.loaded = {(path, shown): ready for path, shown, ready, _ in reader.files_read}
    workspace.seconds = {
        shown: seconds.get((path, shown), 0.0) if took is None else took
        for path, shown, _, took in reader.files_read
    }
    return workspace


def _relative(path: Path, real_root: Path, inside: str) -> str:
    """`path` relative to the project root (resolved), with `/` (the file as an organisation
    knows it); `inside` is the root's name with a `/` after it (`_inside`)."""
    given = str(path)
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


def _inside(real_root: Path) -> str:
    top = os.fspath(real_root)
    return top if top.endswith("/") else top + "/"


def _read_named(reader: _Reader, named, findings: list[Finding], unsure) -> None:
    # each file's real path, and whether a scan found it, asked in a pass of their own:
    # asked between the readings of the files, each answer waited for memory that the
    # reading had taken over (80,000 tiny files: 0.27 s, against 0.16 s)
    real_paths = [real_path(path) for path, _ in named]
    scanned = [resolved in unsure for resolved in real_paths]
    reader.same_as(real_paths)
    for (path, shown), resolved, maybe in zip(named, real_paths, scanned, strict=True):
        taken = reader.take(path, resolved, shown, maybe)
        if taken is None:
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
        reader.read(resolved, shown, *taken)


def is_map_named(path: Path) -> bool:
    """Whether a named file is a map: a YAML file with `flowmap:`."""
    return _is_map(path)


def _is_map(path: Path) -> bool:
    if path.name.endswith(MAP_SUFFIXES):
        return is_map_file(path)
    return is_bpmn(path.name)


# What `_Reader.take` gives for a map to read in `_Reader.read` (one that `texts` stand for,
# or one read before, which `read` then skips)
_LATER: Any = object()


class _Reader:
    """Reads each file once, following includes breadth-first, finding include cycles.

    Between the readings of two files it does only what the next reading needs (is the file
    read yet? what does it include?) and notes the rest in lists; the workspace's tables
    (what each file gave and its time, its path and source, the organisation's index) are
    made from them in a pass each once the reading is done, and the named files' real paths
    in a pass before it. A table of 80,000 entries filled an entry at a time, between
    readings that take the processor's cache over, waits for memory at each entry: on
    80,000 tiny maps (`check -j 1`, session 34, `open_files` less the reading of the files,
    in turns with the code before, load 1-5) that work went from 1.6-2.1 s to 1.25-1.4 s
    CPU (the loop over the files 1.15-1.45 -> 0.65-0.9 s). The organisation indexed as each
    map came, its objects still in the cache, cost 0.06 s more than in one pass after
    (`Organisation.of`, 0.35-0.45 s there: two tables of 80,000-240,000 ids, bound by the
    memory)."""

    def __init__(
        self,
        limits: Limits,
        texts: dict[Path, str],
        preloaded: dict,
        progress,
        root: Path,
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
        # the files that include one, made at the first search that needs it (`_cycle`)
        self._including: set[Path] | None = None
        self._included: set[Path] = set()  # the files that one includes
        self._graph: nx.DiGraph | None = None
        self.includers: dict[str, list[str]] = {}
        self._include_paths: dict[tuple[str, str], tuple[Path | None, str]] = {}
        self._same: dict[Path, Path] = {}
        self.unreadable: set[str] = set()
        # each file read, in order: (path, shown, what read_map gave, the seconds it took
        # here; None: read before, its time in the `seconds` of `open_files`)
        self.files_read: list[tuple[Path, str, tuple, float | None]] = []

    def take(
        self, path: Path, resolved: Path, shown: str, unsure: bool = False
    ) -> tuple[tuple[t.Map | None, list[Finding]], float | None] | None:
        """What `read_map` gave for the named file `path` (`resolved`) and the seconds it
        took here, when it is a map to read, else None: one read before (an include) or one
        `texts` stands for (unless a folder scan found it, which looked at the disk:
        `unsure`) give `_LATER`; one read ahead gives what was read; any other is read here
        once, a map when its text is a map's (as `is_map_named` tells). A file found by a
        scan was not opened before. (Handed to `read` directly: a batch is asked once, and
        nothing is kept between.)"""
        if resolved in self.shown_of:
            return _LATER, None
        if self.texts and resolved in self.texts:
            return (_LATER, None) if not unsure or is_map_file(path) else None
        ready = self.preloaded.get((resolved, shown))
        if ready is not None:
            return ready, None
        start = time.perf_counter()
        # (by the path it was named by: only its suffix counts, and `path.name` costs more)
        ready = read_if_map(resolved, shown, self.limits, str(path))
        if ready is None:
            if unsure and self.progress:
                self.progress.drop()
            return None
        took = time.perf_counter() - start
        if self.progress:
            self.progress.done()
        return ready, took

    def same_as(self, paths: list[Path]) -> None:
        """Take `paths` (the named files' real paths) for the files they lead to: an include
        of one of them is then found in `shown_of` by identity, not compared part by part
        (each of 80,000 maps includes a named org.yaml: 0.04 s)."""
        self._same.update((path, path) for path in paths)

    def read(
        self, path: Path, shown: str, ready: tuple = _LATER, took: float | None = None
    ) -> None:
        """Read the file (`ready`, `took`: what `take` gave for it) and, breadth first, what
        it includes, each file once."""
        queue = [(path, shown, ready, took)]
        for path, shown, ready, took in queue:  # (a list that grows: first in, first out)
            if path in self.shown_of:
                continue
            self.shown_of[path] = shown
            self.order.append(shown)
            if ready is _LATER:
                ready, took = self._read_one(path, shown)
            self.files_read.append((path, shown, ready, took))
            the_map, findings = ready
            if findings:
                self.findings.extend(findings)
            if the_map is None:
                self.unreadable.add(shown)
                continue
            self.maps.append(the_map)
            if the_map.include:
                queue.extend(self._includes(path, the_map))

    def _read_one(
        self, path: Path, shown: str
    ) -> tuple[tuple[t.Map | None, list[Finding]], float | None]:
        ready = self.preloaded.get((path, shown))  # read under the same name: same positions
        if ready is not None:
            return ready, None
        if self.progress:
            self.progress.done()
        start = time.perf_counter()
        ready = read_map(path, shown, self.limits, self.texts.get(path))
        return ready, time.perf_counter() - start

    def _includes(self, path: Path, the_map: t.Map) -> list[tuple[Path, str, tuple, None]]:
        targets = []
        for index, target in enumerate(the_map.include):
            resolved, problem = self._resolved(path, target)
            if resolved is None:
                where = the_map.where("include", index)
                self.findings.append(Finding.at(where, "unknown-reference", ERROR, problem))
                continue
            self._include(path, resolved)
            cycle = self._cycle(resolved, path)
            if cycle:
                chain = " → ".join(self.shown_of.get(p, p.name) for p in cycle)
                self.findings.append(
                    Finding.at(
                        the_map.where("include", index),
                        "include-cycle",
                        ERROR,
                        f"include cycle: {chain}; remove one of these "
                        "includes (a file is read once anyway)",
                    )
                )
                continue
            shown = self.shown_of.get(resolved) or shown_include(the_map.file, target)
            includers = self.includers.get(shown)
            if includers is None:
                self.includers[shown] = [the_map.file]
            else:
                includers.append(the_map.file)
            targets.append((resolved, shown, _LATER, None))
        return targets

    def _resolved(self, path: Path, target: str) -> tuple[Path | None, str]:
        """`resolve_include`, asked once per folder and target: the files of a folder that
        all include `../org.yaml` had it looked up, opened and read again for each."""
        # (the folder as a string: a Path made per file cost more; `rpartition` is a third
        # of `os.path.dirname`'s cost, and tells two folders apart as well)
        key = (str(path).rpartition(os.sep)[0], target)
        found = self._include_paths.get(key)
        if found is None:
            resolved, problem = resolve_include(path, target, self.root)
            if resolved is not None:  # one object per file: compared by identity first
                resolved = self._same.setdefault(resolved, resolved)
            found = self._include_paths[key] = resolved, problem
        return found

    def _include(self, path: Path, target: Path) -> None:
        self.include_edges.append((path, target))
        self._included.add(target)
        if self._including is not None:
            self._including.add(path)
        if self._graph is not None:
            self._graph.add_edge(path, target)

    def _cycle(self, start: Path, goal: Path) -> list[Path] | None:
        """The include chain from `goal` through `start` back to `goal`, if there is one
        (`_include` has added the edge from `goal` to `start`)."""
        if goal not in self._included:
            # nothing includes goal: no chain, without a search (80,000 maps that include
            # one org.yaml: 0.5 s of searches); a file that includes itself is included
            return None
        if self._including is None:  # (not kept as files are read: 80,000 includers, unused)
            self._including = {path for path, _ in self.include_edges}
        if start not in self._including:  # start includes nothing (yet): no chain either
            return None
        import networkx as nx

        if self._graph is None:
            self._graph = nx.DiGraph()
            self._graph.add_edges_from(self.include_edges)
        try:
            return [goal, *nx.shortest_path(self._graph, start, goal)]
        except nx.NetworkXNoPath:
            return None

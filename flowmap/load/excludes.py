"""Which files a folder scan leaves out: the project's `exclude` and `extend-exclude`
patterns and, unless `respect_gitignore = false`, what git ignores (.gitignore files from the
repository's top down to the file, and .git/info/exclude).

Patterns are gitignore-style and matched with `pathspec` (the library ruff's Python tools
and black use), against the path relative to the project root: `build/` leaves out every
folder named build, `/examples/bad/` only the one at the root, `*.draft.yaml` such files.

pathspec is imported where a pattern is first compiled, not with this module: a command on
one file in a project of the default settings and no .gitignore matches none (24 ms of its
start-up, the editor's and `render`'s too).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

# What `exclude` is by default (`extend-exclude` adds to it, `exclude` replaces it): hidden
# folders (.git, .venv, .tox ...) and the folders of installed packages. A folder holding a
# `pyvenv.cfg` (a virtual environment, whatever its name) is always left out.
DEFAULT_EXCLUDE = (".*/", "node_modules/", "__pycache__/", "site-packages/", "venv/", "env/")


class Excludes:
    """What is left out under one project root (each .gitignore read once).

    Each answer is kept: planning a batch asks about every file two or three times (the
    folder scan, the organisation it belongs to, whether it was named though excluded), and
    at 40 µs an answer, 80,000 tiny files spent 10 s of the main process's time here.

    A folder's files are answered together when only folder patterns (`build/`, the
    defaults) could leave them out: such a pattern leaves out a file exactly when it leaves
    out one of the folders above it, so a file of a folder that is not left out is not
    either. Planning 80,000 tiny files in 80 folders took 4.0 s of CPU with the answers file
    by file, 3.0 s folder by folder."""

    def __init__(self, root: Path, patterns: tuple[str, ...], gitignore: bool = True) -> None:
        self.root = root.resolve()
        self.patterns = tuple(patterns)
        self._spec: pathspec.GitIgnoreSpec | None = None  # compiled when first matched
        self.gitignore = gitignore
        self.top = _git_top(self.root) if gitignore else None
        self._ignores: dict[Path, pathspec.GitIgnoreSpec | None] = {}
        self._answers: dict[tuple[str, bool], bool] = {}
        # folder -> the .gitignore files with a say in it: (spec, the folder's path from
        # the .gitignore's folder, with a trailing `/`), from the top down
        self._say: dict[Path, list[tuple[pathspec.GitIgnoreSpec, str]]] = {}
        self._files_kept: dict[str, bool] = {}  # folder -> no file of it is left out
        self._only_folders: bool | None = None

    @property
    def spec(self) -> pathspec.GitIgnoreSpec:
        """The `exclude` patterns, compiled."""
        if self._spec is None:
            self._spec = _compiled(self.patterns)
        return self._spec

    @property
    def _folders_only(self) -> bool:
        """Whether the `exclude` patterns only leave out folders. The default patterns do
        (a test holds them to it): they need not be compiled to know it."""
        if self._only_folders is None:
            self._only_folders = self.patterns == DEFAULT_EXCLUDE or _folders_only(self.spec)
        return self._only_folders

    def files_kept(self, folder: str) -> bool:
        """Whether no file directly in `folder` (a path made absolute) is left out, however
        it is named: a folder scan then asks about none of them."""
        return self._folders_only and self._all_kept(folder)

    def excluded(self, path: Path | str, folder: bool = False) -> bool:
        """Whether `path` (a file, or a folder when `folder`) is left out."""
        given = os.fspath(path)
        if not folder and self._folders_only and self._all_kept(os.path.dirname(given)):
            return False
        key = (given, folder)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = self._excluded(Path(path).absolute(), folder)
        return answer

    def _all_kept(self, folder: str) -> bool:
        """Whether no file directly in `folder` (a path made absolute) can be left out: the
        folder is kept, and every pattern with a say there only leaves out folders."""
        kept = self._files_kept.get(folder)
        if kept is None:
            where = Path(folder)
            kept = where.is_absolute() and not self.excluded(where, folder=True)
            if kept and self.top is not None:
                says = self._ignore_files(where)
                kept = all(_folders_only(spec) for spec, _ in says)
            self._files_kept[folder] = kept
        return kept

    def _excluded(self, path: Path, folder: bool) -> bool:
        try:
            relative = path.relative_to(self.root).as_posix()
        except ValueError:  # outside the root: its patterns do not reach there
            return False
        suffix = "/" if folder else ""
        if relative != "." and self.spec.match_file(relative + suffix):
            return True
        return self.top is not None and self._git_ignores(path, suffix)

    def _git_ignores(self, path: Path, suffix: str) -> bool:
        """Git's answer: the deepest .gitignore with a say about `path` decides."""
        ignored = False
        name = path.name + suffix
        for spec, where in self._ignore_files(path.parent):
            decided = spec.check_file(where + name).include
            if decided is not None:
                ignored = decided
        return ignored

    def _ignore_files(self, parent: Path) -> list[tuple[pathspec.GitIgnoreSpec, str]]:
        """The .gitignore files from the top down to `parent`, with `parent`'s path from
        each (worked out once per folder: most files share theirs)."""
        found = self._say.get(parent)
        if found is None:
            found = self._say[parent] = []
            for folder in _between(self.top, parent):
                spec = self._ignore_file(folder)
                if spec is not None:
                    where = parent.relative_to(folder).as_posix()
                    found.append((spec, "" if where == "." else where + "/"))
        return found

    def _ignore_file(self, folder: Path) -> pathspec.GitIgnoreSpec | None:
        if folder not in self._ignores:
            lines: list[str] = []
            sources = [folder / ".gitignore"]
            if folder == self.top:
                sources.append(folder / ".git" / "info" / "exclude")
            for source in sources:
                try:
                    lines += source.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:  # none there (or unreadable): it says nothing
                    continue
            # blank lines and comments say nothing (git's own .git/info/exclude holds only
            # comments): nothing to compile
            says = any(line and not line.startswith("#") for line in lines)
            self._ignores[folder] = _compiled(lines) if says else None
        return self._ignores[folder]


def _compiled(lines) -> pathspec.GitIgnoreSpec:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _folders_only(spec: pathspec.GitIgnoreSpec) -> bool:
    """Whether `spec` only leaves out folders (and what is under them): no pattern that
    could name a file, none that takes one back (`!...`). Read from pathspec's regexes,
    where a pattern ending in `/` must match a `/`; any other pattern answers no."""
    return all(
        pattern.include is None
        or (pattern.include and pattern.regex.pattern.endswith("(?P<ps_d>/)"))
        for pattern in spec.patterns
    )


def _git_top(root: Path) -> Path | None:
    """The top of the git work tree holding `root` (where `.git` is), or None outside git."""
    return next((folder for folder in (root, *root.parents) if (folder / ".git").exists()), None)


def _between(top: Path, folder: Path) -> list[Path]:
    """`top`, the folders under it down to `folder`, and `folder` (empty when outside)."""
    try:
        parts = folder.relative_to(top).parts
    except ValueError:
        return []
    chain = [top]
    for part in parts:
        chain.append(chain[-1] / part)
    return chain

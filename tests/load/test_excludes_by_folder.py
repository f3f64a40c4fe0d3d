"""A folder's files are answered together when only folder patterns could leave them out
(flowmap.load.excludes): the answers are those of asking file by file, whatever the
patterns and .gitignore files say."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from flowmap.load.excludes import DEFAULT_EXCLUDE, Excludes

FILES = [
    "a.yaml",
    "a.old.yaml",
    "keep.yaml",
    "sub/a.yaml",
    "sub/keep.yaml",
    "sub/local.yaml",
    "sub/deeper/a.yaml",
    "build/a.yaml",
    "sub/build/a.yaml",
    ".hidden/a.yaml",
    "node_modules/x/a.yaml",
    "drafts/a.yaml",
    "drafts/keep.yaml",
]
PATTERNS = [
    (),
    DEFAULT_EXCLUDE,
    ("build/",),
    ("/sub/",),
    ("*.old.yaml",),
    ("build/", "!keep.yaml"),
    ("sub/deeper/",),
    ("**/build/",),
]
GITIGNORES = [
    {},
    {".gitignore": "drafts/\n"},
    {".gitignore": "drafts/\n", "sub/.gitignore": "local.yaml\n"},
    {".gitignore": "drafts/\n!drafts/keep.yaml\n"},
    {"sub/.gitignore": "deeper/\n"},
    {".gitignore": "*.old.yaml\n"},
]


def _tree(root: Path, gitignores: dict[str, str]) -> None:
    (root / ".git" / "info").mkdir(parents=True)
    for relative in FILES:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("flowmap: 1\n")
    for relative, text in gitignores.items():
        (root / relative).write_text(text)


@pytest.mark.parametrize(("patterns", "gitignores"), itertools.product(PATTERNS, GITIGNORES))
def test_the_answers_by_folder_are_the_answers_file_by_file(tmp_path, patterns, gitignores):
    _tree(tmp_path, gitignores)
    root = tmp_path.resolve()
    by_folder = Excludes(root, patterns)
    one_by_one = Excludes(root, patterns)
    for relative in FILES:
        path = root / relative
        expected = one_by_one._excluded(path, folder=False)  # the file's own answer
        assert by_folder.excluded(path) is expected, (relative, patterns, gitignores)
        assert by_folder.excluded(str(path)) is expected, relative


def test_the_default_patterns_answer_a_folders_files_without_matching_each(tmp_path):
    _tree(tmp_path, {".gitignore": "drafts/\n"})
    excludes = Excludes(tmp_path, DEFAULT_EXCLUDE)
    for relative in ("a.yaml", "keep.yaml", "sub/a.yaml", "sub/keep.yaml"):
        assert not excludes.excluded(tmp_path.resolve() / relative)
    # the kept folders' files not matched against the patterns one by one
    assert all(folder for (_, folder) in excludes._answers), excludes._answers
    # (a file under a folder left out is answered as ever)
    assert excludes.excluded(tmp_path.resolve() / "drafts" / "a.yaml")


def test_a_file_pattern_is_still_matched_file_by_file(tmp_path):
    _tree(tmp_path, {})
    excludes = Excludes(tmp_path, ("*.old.yaml",))
    assert excludes.excluded(tmp_path.resolve() / "a.old.yaml")
    assert not excludes.excluded(tmp_path.resolve() / "a.yaml")


def test_the_default_patterns_are_folder_patterns_as_excludes_takes_them_uncompiled(tmp_path):
    """`Excludes` knows the default patterns leave out folders alone without compiling them
    (pathspec is then not imported by a one-file command): pathspec says so too."""
    from flowmap.load.excludes import _compiled, _folders_only

    assert _folders_only(_compiled(DEFAULT_EXCLUDE))
    assert not _folders_only(_compiled((*DEFAULT_EXCLUDE, "*.old.yaml")))
    excludes = Excludes(tmp_path, DEFAULT_EXCLUDE, gitignore=False)
    assert excludes.files_kept(str(tmp_path.resolve()))  # its root: no pattern compiled
    assert excludes._spec is None
    assert excludes.excluded(tmp_path.resolve() / "node_modules", folder=True)
    assert excludes._spec is not None


def test_a_folder_scan_of_files_alone_imports_no_pathspec(tmp_path):
    """A project of the default settings in a git repository with no .gitignore (git's own
    info/exclude says nothing), its maps in its root folder (a one-file `render`): nothing
    is matched, and pathspec (24 ms) is not imported."""
    import subprocess
    import sys

    (tmp_path / ".git" / "info").mkdir(parents=True)  # git's own: comments alone
    (tmp_path / ".git" / "info" / "exclude").write_text("# git ls-files --others\n\n# x\n")
    project = tmp_path / "maps"
    project.mkdir()
    (project / ".flowmap.toml").write_text("")
    (project / "a.yaml").write_text("flowmap: 1\n")
    code = (
        "import sys; from flowmap.project import plan; [org] = plan(['a.yaml']); "
        "print(len(org.named), 'pathspec' in sys.modules)"
    )

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60
        )
        return done.stdout.split()

    assert run() == ["1", "False"]
    (project / "sub").mkdir()  # a folder to scan: its name is matched
    (project / "sub" / "b.yaml").write_text("title: no map\n")
    assert run() == ["1", "True"]
    (project / "sub").rename(tmp_path / "sub")
    (tmp_path / ".gitignore").write_text("*.old.yaml\n")  # a pattern to compile
    assert run() == ["1", "True"]

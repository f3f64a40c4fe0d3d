"""The source distribution carries the whole test suite and the licence; the wheel carries
the documentation."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_sdist_holds_every_tracked_test_file_and_the_licence(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (sdist,) = tmp_path.glob("flowmap-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    tracked = subprocess.run(
        ["git", "ls-files", "tests", "LICENSE", "requirements.lock"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert tracked and set(tracked) - names == set()
    assert not any("__pycache__" in name for name in names)


@pytest.mark.slow
def test_the_installed_package_holds_the_docs_its_sarif_points_at(tmp_path):
    """The wheel (built from the sdist, as pip builds one) carries docs/ as flowmap/docs,
    and an installed flowmap's SARIF `informationUri` is a file of its own install."""
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path / "dist")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("flowmap-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    docs = subprocess.run(
        ["git", "ls-files", "docs"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    assert "docs/README.md" in docs and "docs/rules/syntax.md" in docs
    assert {f"flowmap/{name}" for name in docs} - names == set()
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
        + [str(wheel)],
        check=True,
        capture_output=True,
    )
    show = (
        "import json, flowmap; from flowmap.outputs.sarif import format_sarif; "
        "print(flowmap.__file__); "
        "print(json.loads(format_sarif([], []))['runs'][0]['tool']['driver']['informationUri'])"
    )
    environment = {k: v for k, v in os.environ.items() if k != "FLOWMAP_DOCS_URL"}
    out = subprocess.run(
        [sys.executable, "-c", show],
        env={**environment, "PYTHONPATH": str(target)},
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    package, uri = out
    assert Path(package).parent == target / "flowmap"  # the install, not the checkout
    installed = Path(url2pathname(urlsplit(uri).path))
    assert uri.startswith("file:///") and installed == target / "flowmap" / "docs" / "README.md"
    assert installed.is_file() and not installed.parent.is_symlink()

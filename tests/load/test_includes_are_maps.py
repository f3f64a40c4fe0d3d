"""An include is not a way to read any file: it must be a flowmap file (its `flowmap:` line),
never a hidden file or folder (`.env`, `.git/...`), and no finding quotes more than a short,
escaped excerpt of content that is not a map (issue 21, item 3)."""

from __future__ import annotations

import os

import pytest

SECRET = "//registry.npmjs.org/:_authToken=npm_SECRETSECRETSECRETSECRET"


@pytest.fixture
def planted(project):
    project.write(".env", f"{SECRET}\n")
    project.write(".git/config", f"[remote]\nurl = https://x:{SECRET}@example.com\n")
    project.write(".hidden/org.yaml", "flowmap: 1\nunits: [{id: x, name: X}]\n")
    project.write("plain.yaml", f"token: {SECRET}\n")
    os.symlink(".env", project.root / "innocent.yaml")
    return project


@pytest.mark.parametrize(
    ("target", "said"),
    [
        (".env", "hidden file or folder"),
        (".git/config", "hidden file or folder"),
        (".hidden/org.yaml", "hidden file or folder"),  # even a map, in a hidden folder
        ("sub/../.env", "hidden file or folder"),
        ("innocent.yaml", "hidden file or folder"),  # a link to .env
        ("plain.yaml", "is not a flowmap file"),  # YAML, but not a map
    ],
)
def test_an_include_that_is_not_a_visible_map_is_refused_and_never_quoted(
    cli, planted, target, said
):
    planted.write("m.yaml", f"flowmap: 1\ninclude: [{target}]\n")
    for output in ("text", "json", "sarif", "github", "junit"):
        result = cli("check", "m.yaml", "--format", output)
        assert result.code == 1
        assert "npm_SECRET" not in result.out + result.err, output
    result = cli("check", "m.yaml")
    assert said in result.out
    assert "include a map file" in result.out


def test_an_included_map_is_still_read(cli, project):
    project.write("org.yaml", "flowmap: 1\nunits: [{id: shop, name: Shop}]\n")
    project.write("m.yaml", "flowmap: 1\ninclude: [org.yaml]\nroles: [{id: r, unit: shop}]\n")
    result = cli("check", "m.yaml")
    assert "unknown-reference" not in result.out, result.out


def test_a_map_quotes_only_a_short_excerpt_of_a_value(cli, project):
    project.write("m.yaml", f"flowmap: 1\nunits: {SECRET}{'x' * 300}\n")
    result = cli("check", "m.yaml")
    assert result.code == 1
    assert "npm_SECRETSECRETSECRETSECRET" not in result.out
    assert max(len(line) for line in result.out.splitlines()) < 300

"""`flowmap report --lang zh`: every heading, column, status, legend, sign-off line and
finding message in Chinese, through the message catalogue; English stays the default.

The check reads the visible text of the report (HTML and PDF) and finds no run of three or
more ASCII letters but ids, file names, rule ids, code in backticks and text from the maps.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from flowmap.catalogue import main as catalogue
from flowmap.i18n import LANGUAGES, use_language
from flowmap.rules import RULES
from tests.conftest import PROCESSES
from tests.outputs.report.page_text import Page

# Words a Chinese report may still show: the program's own name and what its files are
# called, and the version of the maps (`git 8482a1b`).
ALLOWED = (
    "flowmap",
    "report.html",
    "handoffs.csv",
    "findings.csv",
    "report.xlsx",
    "git",
    "sha256",
    "flowmap report --since findings.csv",  # a command to type (the PDF loses its <code>)
)


@pytest.fixture(autouse=True)
def _english_again():
    yield
    use_language("en")  # the language is the process's: later tests expect English


@pytest.fixture(scope="module")
def chinese(tmp_path_factory) -> Path:
    """The Chinese report of `surveyed_project`, following up the audit before, with its
    PDF: (its output folder; the maps are beside it)."""
    from tests.conftest import run_flowmap

    root = tmp_path_factory.mktemp("project")
    maps, before = surveyed_project(root)
    out = root / "out"
    made = ("report", "processes", "-o", str(out), "--lang", "zh", "--since", before, "--pdf")
    result = run_flowmap(*made, cwd=root, timeout=300)
    assert result.code == 0, result.err
    return out


def surveyed_project(root: Path) -> tuple[Path, str]:
    """A copy of `processes/` as its own organisation, with survey findings of every kind
    in its latest quarter, and a findings.csv of an audit before (the maps then: one
    recheck missing, fixed since) to follow up: (the maps, the baseline's findings.csv).
    The words these bring to a report: "not measured since", "too few responses", the kind
    of each relationship, "new", "still open", "resolved", a handoff's changes."""
    from tests.conftest import run_flowmap

    maps = root / "processes"
    shutil.copytree(PROCESSES, maps)
    (root / ".flowmap.toml").write_text('organisations = ["processes/"]\n', encoding="utf-8")
    surveys = maps / "surveys" / "2026-Q4.csv"
    # a score out of range (survey-data), in the audit before and still
    with surveys.open("a", encoding="utf-8") as answers:
        answers.write("2026/11/9,accept-order,schedule-production,sales order,9,,,\n")
    complaint = maps / "complaint-handling.yaml"
    text = complaint.read_text(encoding="utf-8")
    then = text.replace("        recheck: [Record holds the lot number]\n", "")
    complaint.write_text(then, encoding="utf-8")
    before = root / "before"
    made = ("report", "processes", "--lang", "zh", "--dot", "/no/dot")
    result = run_flowmap(*made, "-o", str(before), cwd=root)
    assert result.code == 0, result.err
    # since then: that recheck added (resolved), another one missing (new)
    now = text.replace("        recheck: [Decision names the lots to rework]\n", "")
    complaint.write_text(now, encoding="utf-8")
    # since then: planner -> buyer not surveyed this quarter (not measured since 2026-Q3),
    # the shortfalls no longer waived, an action overdue, the external customer's dropped
    rows = surveys.read_text(encoding="utf-8").splitlines(keepends=True)
    surveys.write_text("".join(r for r in rows if ",planner,buyer," not in r), encoding="utf-8")
    order = maps / "order-to-delivery.yaml"
    text = order.read_text(encoding="utf-8")
    waivers = r"\n( +waive:( \{.*\}|\n( +(satisfaction|external|reason|appr|until).*\n)+))"
    for waiver in re.findall(waivers, text):
        text = text.replace(waiver[0], "")
    text = re.sub(r"    actions:\n      - what: Load check.*\n.*\n.*\n", "", text)
    text = text.replace("by_date: 2027-03-31", "by_date: 2026-01-31")
    order.write_text(text, encoding="utf-8")
    return maps, str(before / "findings.csv")


def _map_texts(folder: Path) -> list[str]:
    """Every text of the maps (keys, values and ids), longest first."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                found.add(str(key))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif node is not None:
            found.add(str(node))

    for path in folder.glob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
        found.add(path.name)
    return sorted(found, key=len, reverse=True)


def _english_left(text: str, maps: list[str]) -> list[str]:
    """The runs of 3+ ASCII letters in `text` that are not ids, file names, rule ids, code
    or words of the maps' own text (a map's text is wrapped over lines in a chart, so it is
    matched word by word)."""
    text = re.sub(r"`[^`]*`", " ", text)  # code: keys and values as written in a map
    text = re.sub(r"\S*[/.]\S*", " ", text)  # paths and file names
    text = re.sub(r"NC-[0-9a-f]+|\b[0-9a-f]{7,}\b", " ", text)  # NC numbers, digests
    known = [*maps, *RULES, *ALLOWED]
    words = {w.lower() for k in known for w in re.findall(r"[A-Za-z]+", k)}
    runs = re.findall(r"[A-Za-z]{3,}", text)
    # a chart breaks a long word of a map's text over two lines ("Financ", "e")
    return sorted({r for r in runs if not any(r.lower() in word for word in words)})


def _visible(page: str) -> str:
    """The text a reader sees, less code (`<code>`: commands and keys as typed)."""
    page = re.sub(r"<(style|title|code)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.slow
def test_a_chinese_report_has_no_english_words_of_its_own(chinese):
    maps = _map_texts(chinese.parent / "processes")
    page = (chinese / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh">' in page
    assert _english_left(_visible(page), maps) == []
    for heading in ("范围", "记分卡", "组织图表", "签署", "审核期间", "受审核方确认", "图例"):
        assert heading in page
    # a finding message, translated: the missing recheck of complaint-handling
    assert "没有 `recheck`" in page
    # the survey findings' messages, the periods' words and the kinds of relationship
    for said in ("此后未再测量", "8 个回答中 6 个满意", "评分 `9` 不是 1 到 5 的整数", "回答过少"):
        assert said in page
    for kind in ("交接", "职能服务", "上下级", "外部顾客"):
        assert f"<small>({kind})</small>" in page
    # the follow-up: map words can hide English words from the check above ("changed" is
    # in a step's name), so its own words are looked at one by one
    read = Page(page)
    (since,) = read.tables_of("followup")
    assert {row[0] for row in since.rows} == {"新增", "仍未关闭", "已解决"}
    (changes,) = read.tables_of("handoffs changes")
    assert {row[0] for row in changes.rows} <= {"新增", "有变化", "已删除"}
    assert any("状态：错误 → 合格" in row[-1] for row in changes.rows), changes.rows
    pdf = pypdf.PdfReader(chinese / "report.pdf")
    texts = [p.extract_text() or "" for p in pdf.pages]
    assert _english_left(" ".join(texts), maps) == []
    assert f"第 1 页，共 {len(texts)} 页" in texts[0]


def test_check_says_the_survey_findings_in_chinese(tmp_path):
    """`check --lang zh` on survey findings of every kind: each message and the summary in
    Chinese (a survey file's problems are found while it is read: the language is chosen
    before)."""
    from tests.conftest import run_flowmap

    maps, _before = surveyed_project(tmp_path)
    result = run_flowmap("check", "processes", "--lang", "zh", cwd=tmp_path)
    rules = ("survey-data", "improvement-action", "satisfaction-target")
    assert all(f" {rule} " in result.out for rule in rules), result.out
    assert "external-satisfaction-target" in result.out
    messages = [line.split(" ", 3)[3] for line in result.out.splitlines()]
    assert _english_left(" ".join(messages), _map_texts(maps)) == []
    assert "个错误" in result.err and "Found" not in result.err


def test_english_is_the_default_and_the_setting_chooses_chinese(cli, project, tmp_path):
    project.copy_processes()
    out = tmp_path / "en"
    assert cli("report", "processes", "-o", str(out), "--dot", "/no/dot").code == 0
    assert "<h2>Scorecard</h2>" in (out / "report.html").read_text(encoding="utf-8")
    project.write(".flowmap.toml", 'language = "zh"\n')
    out = tmp_path / "zh"
    assert cli("report", "processes", "-o", str(out), "--dot", "/no/dot").code == 0
    assert "<h2>记分卡</h2>" in (out / "report.html").read_text(encoding="utf-8")
    # the files keep flowmap's words in English: a report is followed up in any language
    assert "NC,severity,classification,rule," in (out / "findings.csv").read_text("utf-8")


def test_the_catalogue_is_current_and_complete(capsys):
    """Every message the source marks is in flowmap.pot and translated in each language's
    .po, and the committed .mo is the .po compiled (`python -m flowmap.catalogue`)."""
    assert LANGUAGES == ("en", "zh")
    assert catalogue(["--check"]) == 0, capsys.readouterr().out


def test_check_speaks_the_language_without_importing_babel(project):
    from tests.conftest import run_flowmap

    project.write(".flowmap.toml", 'language = "zh"\n')
    project.write(
        "map.yaml",
        """\
        flowmap: 1
        units: [{id: sales}]
        roles: [{id: clerk, unit: sales, rank: 1}]
        processes:
          - id: order
            steps:
              - {id: take, by: clerk, recheck: [Order complete]}
        """,
    )
    result = run_flowmap("check", "map.yaml", cwd=project.root)
    assert "没有 `assure`" in result.out, result.out


def test_check_says_when_a_waiver_ends_and_a_rank_in_chinese(project):
    """The words put into a message (`in 5 days`, `rank 2`) are translated too, not only
    the sentence around them."""
    from tests.conftest import run_flowmap

    project.write(".flowmap.toml", 'language = "zh"\n')
    project.write(
        "map.yaml",
        """\
        flowmap: 1
        units: [{id: sales}]
        roles: [{id: boss, unit: sales, rank: 1}, {id: clerk, unit: sales, rank: 2}]
        processes:
          - id: order
            steps:
              - id: take
                by: clerk
                recheck: [Order complete]
                assure: [Order entered]
                waive:
                  placeholder-text: {reason: Pilot, approved_by: boss, until: 2026-12-12}
        """,
    )
    # 2026-12-07: the waiver ends in 5 days
    result = run_flowmap(
        "check", "map.yaml", cwd=project.root, env={"SOURCE_DATE_EPOCH": "1796601600"}
    )
    assert "5 天后" in result.out, result.out
    assert "（职级 2）" in result.out, result.out
    assert " days" not in result.out and "rank 2" not in result.out

"""docs/format.md, made from the key table (`fields.py`) so the docs cannot drift from the code.

`python -m flowmap.model.format_doc > docs/format.md`; a test checks the committed page.
"""

from __future__ import annotations

from flowmap.model import types as t
from flowmap.model.fields import FIELDS, ID_PATTERN, NOUN, plural

INTRO = f"""\
# The flowmap format, version 1

A process map is one YAML file holding one mapping. `flowmap: 1` marks it as ours: folder
scans skip YAML files without it, and naming such a file on the command line is an error.
Every key is optional except `flowmap` and the keys marked *required* below. Ids are unique
across a file and everything it includes (in a batch, across every map of its organisation:
see [Projects and organisations](#projects-and-organisations)) and match `{ID_PATTERN}`.

Text values are read as text, whatever they look like: `NO`, `on`, `1e3` and `2024-01-01`
stay text. A list value may be written as a single item: `delivers: sales order` means
`delivers: [sales order]`. Durations are a number and a unit: `30m`, `4h`, `2d` (24 hours),
`1w` (7 days). YAML anchors and aliases (`&signed` … `*signed`) and merge keys (`<<: *base`)
work as usual. A text (or id) may have at most 5,000 characters (`max_text_length` under
`[tool.flowmap.limits]`); a longer one is a `schema` finding.

## How the parts relate

- A **step** hands over to the step after it in its list, unless `next` names its
  successors (branches and merges); `next: []` ends the flow. `rework` points back for
  rework and is not part of the flow.
- A step is **internal** when a role or a unit does it (`by`), **external** when an external
  customer does it. Each internal handoff A → B is checked by the three-step rules: B
  re-checks what it receives (`recheck`), every internal step assures its own quality
  (`assure`), and B states what it needs of A (`needs` with `requires` and `due`), which A
  `delivers` within its `lead_time`.
- **Every stated need is a handoff** (format 1.1): a need whose `from` names a step further
  upstream, a step of another process, or the step that sends rework back to this one is a
  handoff like the one between neighbours, held to the same rules, drawn and listed.
- `from` on a need names the supplier step; left out, it is the immediate predecessor: the
  one step that hands over to this one, or, where several merge into it, the one of them
  that delivers the item (none or several: `next-step-is-customer` asks you to name it).
- `by` may be a list: a **joint step**, done together by several roles or units; each of
  them has the step's relationships. Charts draw it once, in the first one's lane.
- **Items and texts** are compared as typed on a Chinese or an English keyboard: after
  Unicode NFKC normalisation (full-width letters, digits, `（）`, `，`, `：` are read as their
  ASCII forms, the U+3000 space as a space) and trimming, without the spaces next to a CJK
  character (`冷链 标签` = `冷链标签`, `半成品　饺子` = `半成品饺子`) or before a bracket or
  punctuation mark (`速冻饺子 (猪肉)` = `速冻饺子（猪肉）`). Items written differently but equal
  this way get an `item-spelling` note. Traditional and simplified characters stay distinct
  (`标签` ≠ `標籤`). An empty text (`''`) counts as missing; a placeholder (`无`, `N/A`, `同上`
  …) is a `placeholder-text` finding.
- **Durations and shares** may be typed with full-width digits, units and sign: `due: １ｈ`,
  `satisfaction: 96％`.
- A **service** is held to the three steps like a handoff: it states what it `delivers`,
  what its customer units `require` and how soon it is `due`.
- **Satisfaction** is measured by surveys (see [Survey files](#survey-files)): internal
  relationships are held to 85% (rule `satisfaction-target`), the external customer to 95%
  (rule `external-satisfaction-target`), each by the latest period of the survey data. A
  `satisfaction` on a need is the fallback where no survey measures it; a
  `satisfaction_target` on a need, service, role or process overrides the project's target
  for that relationship.
- **Improvement actions**: a relationship below target needs `actions` (each `what`,
  `owner`, a role, and `by_date`, a day), written where the relationship is: the need, the
  service, the subordinate role (for a role and its superior) or the process (for the
  external customer). A missing action is a warning, one past its `by_date` an error (rule
  `improvement-action`).
- `operations` is a list of steps inside a step, with the same keys: the chain where
  `step` customers live at the finest grain.
- `waive` on a step, need, service, goal, role or process silences one rule there:
  `waive: {{rule-id: reason}}`, or with its approver (a role) and its last day,
  `waive: {{rule-id: {{reason: ..., approved_by: qm, until: 2026-06-30}}}}`. A waiver
  without a reason is itself an error; from the day after `until` it silences nothing
  (`waiver-expired`), and it is noted `waiver_warning_days` (30) before (`waiver-ending`).
  "Today" is the UTC date, or the day `SOURCE_DATE_EPOCH` names: a CI run can turn red the
  day after a waiver ends. A waiver of `external-satisfaction-target` must name its
  approver. The report lists every waiver with its approver, end and days left.

## The keys
"""

SURVEYS = """
## Survey files

Satisfaction is measured again and again: each period, the customers of each relationship
answer a short survey, and the answers are kept as CSV files in the folder `surveys` of the
settings (default: `surveys/` in the organisation's folder — its `organisations` entry,
else the project root; every `*.csv` under it, hidden files left out). A file is UTF-8, with
or without a byte-order mark (Excel: "CSV UTF-8"); one in another encoding is a
`survey-data` finding that says how to save it. One row per response; the first row names
the columns, in any order (names compared without case; other columns are ignored):

| column | value |
|---|---|
| `date` | the day of the answer: `2026-10-03` (`2026/10/3` is read too) *required* |
| `supplier` | the id of the supplier: a step, a role, a unit, a service or a process *required* |
| `customer` | the id of the customer: a step, a role, a unit or an external customer *required* |
| `item` | what the customer receives, where the two have several needs between them |
| `score` | 1 to 5; satisfied is `satisfied_score` (4) or more |
| `satisfied` | `yes`/`no` (or `是`/`否`), instead of `score`: a row has one of the two |
| `respondent` | who answered (shown only with `show_respondents = true`) |
| `comment` | what they said (shown only with `show_respondents = true`) |

`flowmap survey template` adds the hint columns `kind` and `requires`, which are ignored.
What a row names:

| relationship | `supplier` → `customer` | its target, actions, waivers |
|---|---|---|
| a handoff (`step`, `process`) | step → step, or their roles or units | the need |
| a service (`function`) | service (or its provider unit) → a unit it serves | the service |
| `rank`, results up | role → its superior | the subordinate role |
| `rank`, conditions down | role → a role that reports to it | the subordinate role |
| the external customer | process → its external customer | the process |

Each row that cannot be counted (a bad date or score, both `score` and `satisfied` or
neither, an id that names nothing, a pair that is no relationship of the maps, several
needs between the two and no `item`) is a `survey-data` finding at `file.csv:line:column`;
the other rows still count. Responses are grouped by calendar quarter (`2026-Q4`), or by
month with `survey_period = "month"`. A relationship's satisfaction in a period is its share
of satisfied responses, with their count; fewer than `min_responses` (5) is "too few
responses", neither a pass nor a fail. The rules judge each relationship by the **latest
period of all the organisation's survey data**; a relationship surveyed before but not
then is an info finding ("not measured since 2026-Q2"). `flowmap survey template PATH
--period 2026-Q4 -o FILE.csv` writes the rows to ask, `flowmap survey summary PATH` prints
the shares per relationship, unit and company for each period.
"""

PROJECTS = """
## Projects and organisations

**The project root.** A map's project root is the nearest folder upward from it that holds
a `.flowmap.toml`, a `pyproject.toml` with a `[tool.flowmap]` table, or `.git` (a
`pyproject.toml` without that table marks nothing). With none of them above it, the root is
the folder named on the command line (for a file named on its own, the file's folder). The
folder you run flowmap from plays no part: `cd ~/work/other-repo && flowmap check ~/maps`
finds the root of `~/maps`, not that of `other-repo`. `include:` never reads a file outside
the root of the maps that include it, a hidden file or folder (`.env`, `.git/…`), or a file
that is not a flowmap file (its `flowmap:` line).

**Settings** are the root's: its `.flowmap.toml`, else the `[tool.flowmap]` table of its
`pyproject.toml` (a `.flowmap.toml` wins when both are there). Options on the command line win
over them. Settings in folders above the root, or in the current folder, do not apply.
A settings file is never read from a folder everyone may write to, from above your home
folder, or (unless flowmap runs as root) when another user owns it: flowmap warns and
ignores it, and its folder is no root.

**Organisations.** The maps checked together form an organisation: ids are unique within
it, and the organisation-wide rules (idle units, the goal cascade, duplicate ids, ...) see
all its maps at once. Files under different roots are different organisations, each
checked with its own root's settings, in one run; the output is sorted by file, line and
column whatever the order of the paths. Inside one root, the setting

```toml
organisations = ["plant-a/", "plant-b/"]   # or globs: ["plants/*/"], each folder its own
```

makes each folder (relative to the root) an organisation of its own. A file that
several organisations include — a shared `org.yaml` — belongs to each of them: a finding
they all make in it is reported once, one that only some make says in which (`(in
organisation plant-b/)`). The root's maps in none of those folders, that no organisation
includes, are checked together as one more organisation. Without the setting, the whole
root is one organisation. An entry that names no folder under the root is a configuration
error (exit 2).

**A file named alone** is checked with the whole organisation it belongs to: its
`organisations` folder or, in a root with flowmap's settings, every map under the root
less what `exclude`, `extend-exclude` and `.gitignore` leave out; only the findings in the
files named are reported (`--all-findings` for the others). Without settings, the named
files are checked with what they include, and only their own findings are reported.

**BPMN files.** A `.bpmn` file named on the command line is read as the map it stands for
(docs/bpmn.md) and is an organisation of its own. Folder scans take `*.bpmn` files only
with the setting `bpmn = true`, each file then its own organisation.

`flowmap check` checks every organisation the paths hold. `render`, `report`, `graph`,
`customers`, `suppliers` and `edit` work on one: name its folder (or, for `render --id`,
`customers` and `suppliers`, an id only one organisation defines), otherwise they stop with
exit 2 and list the organisations. The editor writes `ctrl+n`'s new files and the `r` charts
(`out/`) in the root of the maps it opened, wherever it was started.
"""

SCHEMA_LIMITS = """
## What the JSON Schema cannot check

`flowmap schema` writes a JSON Schema made from the same key table, and the tests hold it to
what flowmap reads (tests/model/test_schema_agrees.py: the maps of `processes/`, every test
map and the variants below, with check-jsonschema): a map flowmap reads without a `schema`
or `waiver-reason` finding passes the schema, and a map the schema accepts gets none, except
for what JSON Schema cannot say:

- **Duplicate keys** (`name:` twice in one mapping): a YAML parser keeps one of them, so the
  schema never sees the other; flowmap reports it.
- **Ids unique across the organisation**, references that name something that exists, and
  which waivers need an approver (those of an external customer's rules): they depend on
  other objects and files (`duplicate-id`, `unknown-reference`, `waiver-reason`).
- **A waiver's rule id**: the schema takes any key under `waive:`; flowmap knows its rules.
- **The text length limit**, `max_text_length`, is a setting.
- **`flowmap: 1.0`**: JSON has one number 1, so the schema takes `1.0`; flowmap wants `1`.

Scalars are read as flowmap reads them: `name: 123`, `id: 2024` and `satisfaction: 90%` (or
`９０％`, `１.５ｄ` as typed on a Chinese keyboard) are valid in both.
"""

KIND_TEXT = {
    "id": "id",
    "text": "text",
    "ref": "id of another object",
    "refs": "list of ids",
    "executors": "id, or list of ids",
    "texts": "list of text",
    "deliverables": "list of text or {item, lead_time}",
    "rank": "whole number ≥ 1",
    "share": "number 0–1 (or 85%)",
    "duration": "duration",
    "unit-kind": "`line` or `function`",
    "version": "`1`",
    "waive": "mapping rule-id: reason",
    "date": "date YYYY-MM-DD",
}


def _title(cls: type) -> str:
    return {
        t.Map: "The file",
        t.CustomerNeed: "A customer's need (`customers[].needs`)",
        t.StepNeed: "A step's need (`steps[].needs`)",
        t.Action: "An improvement action (`actions` of a need, service, role or process)",
    }.get(cls, f"A {NOUN[cls]}")


def format_doc() -> str:
    parts = [INTRO]
    for cls, fields in FIELDS.items():
        parts.append(f"\n### {_title(cls)}\n\n| key | value | meaning |\n|---|---|---|\n")
        for key, field in fields.items():
            kind = (
                f"list of {plural(NOUN[field.item])}"
                if field.kind == "objects"
                else KIND_TEXT[field.kind]
            )
            required = " *required*" if field.required else ""
            parts.append(f"| `{key}` | {kind}{required} | {field.doc} |\n")
    parts.append(SURVEYS)
    parts.append(PROJECTS)
    parts.append(SCHEMA_LIMITS)
    return "".join(parts)


if __name__ == "__main__":
    print(format_doc(), end="")

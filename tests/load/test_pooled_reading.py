"""Every command that reads an organisation reads a large batch on all cores (issue 23):
`render`, `report`, `graph`... and the API's `open_workspace` as `check` does, with the same
result as one process."""

from __future__ import annotations

import pytest

from flowmap import batch
from flowmap.project import open_workspace

FILES = 2 * batch.MIN_FILES_PER_WORKER + 10  # enough for a worker beside the main process

MAP = """\
flowmap: 1
include: [org.yaml]
processes:
  - id: p{n}
    customer: buyer
    steps:
      - {{id: p{n}-order, by: buyer, delivers: [order]}}
      - id: p{n}-accept
        by: clerk
        assure: [Entered]
        needs: [{{item: order, requires: [Signed], due: 1d}}]
        delivers: [goods]
      - {{id: p{n}-receive, by: buyer, needs: [{{item: goods, requires: [Whole], due: 2d}}]}}
"""
ORG = """\
flowmap: 1
customers: [{id: buyer, name: Buyer}]
units: [{id: sales, name: Sales}]
roles: [{id: clerk, name: Clerk, unit: sales, rank: 1}]
"""


@pytest.fixture
def batch_of_maps(project):
    project.write("org.yaml", ORG)
    for n in range(FILES):
        project.write(f"map-{n:03d}.yaml", MAP.format(n=n))
    return project


@pytest.fixture
def read_ahead(monkeypatch):
    """How many files each reading handed to the pool (`batch.ahead`: here and in a
    worker), with `jobs` jobs by default."""
    counts: list[int] = []
    real = batch.ahead

    def counted(*args, **kwargs):
        started = real(*args, **kwargs)
        counts.append(0 if started is None else len(started.items))
        return started

    monkeypatch.setattr(batch, "ahead", counted)

    def with_jobs(jobs: int) -> list[int]:
        monkeypatch.setattr(batch, "default_jobs", lambda: jobs)
        counts.clear()
        return counts

    return with_jobs


def _digest(workspace):
    org = workspace.org
    return (
        workspace.files,
        [(f.file, f.line, f.column, f.rule, f.message) for f in workspace.findings],
        {
            key: (step.pos, step.by, step.delivers, [n.item for n in step.needs], step.at)
            for key, step in org.steps.items()
        },
    )


def test_open_workspace_reads_a_large_batch_on_every_core_with_the_same_result(
    batch_of_maps, read_ahead
):
    if not batch._can_fork():
        pytest.skip("no fork on this platform: everything is read in one process")
    alone = read_ahead(1)
    one = _digest(open_workspace(["."]))
    assert alone == [0]  # one job: nothing read ahead
    pooled = read_ahead(2)
    two = _digest(open_workspace(["."]))
    assert pooled == [FILES + 1]  # every map (org.yaml too) read ahead, here and in a worker
    assert two == one


def test_graph_command_reads_with_the_pool_and_prints_the_same(batch_of_maps, read_ahead, cli):
    if not batch._can_fork():
        pytest.skip("no fork on this platform: everything is read in one process")
    read_ahead(1)
    alone = cli("graph", "--format", "json", ".")
    pooled = read_ahead(2)
    two = cli("graph", "--format", "json", ".")
    assert pooled == [FILES + 1]
    assert (two.code, two.out, two.err) == (alone.code, alone.out, alone.err)
    assert '"p129-receive"' in two.out


def _slow_chunk(chunk, limits):
    import time

    time.sleep(0.2)  # the worker is busy: the queue fills up
    return batch.pickle.dumps([((), 0.1) for _ in chunk])


def test_chunks_that_do_not_fit_in_the_queue_are_the_reader_s(tmp_path, monkeypatch):
    import fcntl

    from flowmap.config import DEFAULT_CONFIG

    if not batch._can_fork():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(batch, "_read_chunk", _slow_chunk)
    monkeypatch.setattr(batch, "_read", lambda path, shown, limits: (shown,))
    items = [(tmp_path / f"m{n}.yaml", f"m{n}.yaml") for n in range(3000)]
    with batch.Batch(DEFAULT_CONFIG.limits, 1) as reading:
        fcntl.fcntl(reading._queue_in, 1031, 4096)  # F_SETPIPE_SZ: the smallest pipe
        reading.add(items)
        reading.finish()
        assert 0 < len(reading._chunks) < 300  # 300 chunks of 10: some stayed here
        for item in items:
            if reading.get(item) is None:
                assert item not in reading.theirs or reading._done[reading.theirs[item]]
                reading.read_here([item])
        assert all(reading.found[item] in ((item[1],), ()) for item in items)

"""Where the input cannot hold what a graph algorithm looks for, no graph is made: a flat
reporting line (no superior reports to anyone), services of which no provider is served.
The answers are networkx's own on the graph, for organisations of every shape."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from flowmap.graph.relations import flat_reporting_line, reporting_line, with_superiors
from flowmap.model import types as t
from flowmap.model.org import Organisation
from flowmap.rules import rank_cycle
from flowmap.rules.inside_outside_line import _units_on_line


def _organisation(seed: int) -> Organisation:
    """Roles reporting to one another (or to nobody, or to an id nobody has), services among
    units, steps done by some of the roles, at random. Shapes by thirds: a flat reporting
    line and services anyhow; any line and providers that nobody serves; any line and
    services in a chain (each unit serving the one before it), or anyhow."""
    pick = random.Random(seed)
    units = [t.Unit(id=f"u{n}") for n in range(pick.randint(1, 6))]
    count = pick.randint(1, 9)
    shape = seed % 3
    roles = []
    for n in range(count):
        if shape == 0:  # flat: everyone reports to r0, or to nobody
            superior = pick.choice(["r0", None, "nobody"]) if n else None
        else:
            superior = pick.choice([f"r{m}" for m in range(count)] + [None, "nobody"])
        roles.append(t.Role(id=f"r{n}", unit=pick.choice(units).id, reports_to=superior))
    services = []
    for n in range(pick.randint(0, 4)):
        provider = pick.choice(units).id
        served = ["*"] if pick.random() < 0.2 else [pick.choice(units).id]
        if shape == 1:  # no provider served by another: providers serve the other units only
            served = [f"u{len(units) + n}"]
            units.append(t.Unit(id=served[0]))
        services.append(t.Service(id=f"s{n}", provider=provider, customers=served))
    if shape == 2 and pick.random() < 0.7:
        services = [
            t.Service(id=f"s{n}", provider=f"u{n}", customers=[f"u{n - 1}"])
            for n in range(1, len(units))
        ]
    steps = [t.Step(id=f"step-{role.id}", by=role.id) for role in roles if pick.random() < 0.4]
    process = t.Process(id="p", steps=steps)
    return Organisation.of(
        [t.Map(units=units, roles=roles, services=services, processes=[process])]
    )


SEEDS = range(300)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_role_and_its_superiors_are_those_networkx_finds(seed):
    org = _organisation(seed)
    chart = reporting_line(org)
    assert flat_reporting_line(org) == all(not chart.out_degree(up) for _, up in chart.edges)
    keys = [*org.roles, "nobody", None]
    for key in keys:
        expected = nx.descendants(chart, key) | {key} if key in org.roles else set()
        assert with_superiors(org, [key]) == expected
    assert with_superiors(org, keys) == set().union(*(with_superiors(org, [k]) for k in keys))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_loops_of_a_reporting_line_are_networkx_s(seed):
    org = _organisation(seed)
    found = sorted(map(sorted, rank_cycle._loops(org)))
    assert found == sorted(map(sorted, nx.simple_cycles(reporting_line(org))))


def test_the_shapes_are_all_there():
    flat = [flat_reporting_line(_organisation(seed)) for seed in SEEDS]
    assert 50 < sum(flat) < 250
    assert any(rank_cycle._loops(_organisation(seed)) for seed in SEEDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_units_that_serve_a_unit_on_the_line_are_networkx_s(seed):
    org = _organisation(seed)
    on_line = {step.id for step in org.all_steps()}
    doers = {step.by for step in org.all_steps()}
    units = {org.unit_of(key) for key in with_superiors(org, doers)} - {None}
    served = nx.DiGraph(
        (service.provider, unit)
        for service in org.services.values()
        for unit in org.units
        if unit != service.provider and ("*" in service.customers or unit in service.customers)
    )
    served.add_nodes_from(units)
    expected = units.union(*(nx.ancestors(served, unit) for unit in units))
    assert _units_on_line(org, on_line, set()) == expected

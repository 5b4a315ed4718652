"""Zoning helper: counts balanced within ±1, fixed assignments kept, compact zones, schools without coordinates."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edubureau.inspection.engine.zoning import ZoneSite, propose_zones, zone_figures


def clusters(n_clusters, per_cluster, *, seed=0, students=(200, 1500)):
    """Towns 20–40 km apart, schools within ~3 km of their town centre; key tells the town."""
    rnd = random.Random(seed)
    out = []
    for c in range(n_clusters):
        lat, lon = 30.0 + 0.3 * (c // 3), 120.0 + 0.3 * (c % 3)
        for i in range(per_cluster):
            out.append(ZoneSite(f"t{c}-{i}", lat + rnd.uniform(-0.02, 0.02), lon + rnd.uniform(-0.02, 0.02),
                                rnd.randint(*students)))
    return out


def test_counts_balanced_and_towns_kept_together():
    sites = clusters(4, 6)
    result = propose_zones(sites, ["甲", "乙", "丙", "丁"], time_limit_s=3)
    assert set(result.assignment) == {s.key for s in sites}
    assert sorted(result.schools_per_inspector.values()) == [6, 6, 6, 6]
    # Four towns of six for four inspectors: each zone is exactly one town.
    for person in ["甲", "乙", "丙", "丁"]:
        towns = {k.split("-")[0] for k, p in result.assignment.items() if p == person}
        assert len(towns) == 1, (person, towns)
    assert result.max_travel_km < 6.0  # within a town (±0.02° ≈ ±2.2 km each way)
    assert sum(result.students_per_inspector.values()) == sum(s.students for s in sites)


def test_uneven_split_is_within_one():
    sites = clusters(3, 7, seed=3)  # 21 schools
    result = propose_zones(sites, ["a", "b", "c", "d"], time_limit_s=3)
    counts = sorted(result.schools_per_inspector.values())
    assert counts[-1] - counts[0] <= 1 and sum(counts) == 21


def test_fixed_assignments_are_kept():
    sites = clusters(2, 6, seed=1)
    fixed = {"t0-0": "乙", "t1-0": "甲"}  # against geography
    result = propose_zones(sites, ["甲", "乙"], fixed=fixed, time_limit_s=3)
    assert result.assignment["t0-0"] == "乙" and result.assignment["t1-0"] == "甲"
    assert sorted(result.schools_per_inspector.values()) == [6, 6]


def test_fixed_beyond_balance_is_kept_and_rest_balanced():
    sites = clusters(1, 9, seed=2)
    fixed = {f"t0-{i}": "甲" for i in range(5)}  # 5 > ⌈9/3⌉
    result = propose_zones(sites, ["甲", "乙", "丙"], fixed=fixed, time_limit_s=3)
    assert all(result.assignment[k] == "甲" for k in fixed)
    assert result.schools_per_inspector == {"甲": 5, "乙": 2, "丙": 2}


def test_students_balanced_when_counts_allow():
    # Two big and two small schools in one place: each inspector gets one big and one small.
    sites = [ZoneSite("big1", 30.0, 120.0, 2000), ZoneSite("big2", 30.0, 120.001, 2000),
             ZoneSite("small1", 30.0, 120.002, 100), ZoneSite("small2", 30.0, 120.003, 100)]
    result = propose_zones(sites, ["甲", "乙"], time_limit_s=2)
    assert result.students_per_inspector == {"甲": 2100, "乙": 2100}


def test_sites_without_coordinates_are_assigned_for_balance():
    sites = [*clusters(1, 4), *(ZoneSite(f"x{i}", None, None, 300) for i in range(4))]
    result = propose_zones(sites, ["甲", "乙"], time_limit_s=2)
    assert set(result.assignment) == {s.key for s in sites}
    assert sorted(result.schools_per_inspector.values()) == [4, 4]


def test_more_inspectors_than_schools_and_errors():
    result = propose_zones([ZoneSite("a", 30.0, 120.0, 10)], ["甲", "乙"], time_limit_s=1)
    assert sorted(result.schools_per_inspector.values()) == [0, 1]
    assert propose_zones([], ["甲"]).assignment == {}
    with pytest.raises(ValueError):
        propose_zones([ZoneSite("a", 30.0, 120.0, 10)], [])
    with pytest.raises(ValueError):
        propose_zones([ZoneSite("a", 30.0, 120.0, 10)], ["甲"], fixed={"zz": "甲"})
    with pytest.raises(ValueError):
        propose_zones([ZoneSite("a", 30.0, 120.0, 10)], ["甲"], fixed={"a": "乙"})


def test_zone_figures_of_an_edited_split():
    sites = clusters(1, 3)
    r = zone_figures({"t0-0": "甲", "t0-1": "甲", "t0-2": "乙"}, sites, ["甲", "乙", "丙"], {"甲": "t0-0"})
    assert r.schools_per_inspector == {"甲": 2, "乙": 1, "丙": 0}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 30), k=st.integers(1, 6), seed=st.integers(0, 50), n_fixed=st.integers(0, 3),
       missing=st.integers(0, 3))
def test_random_splits_balanced_and_fixed(n, k, seed, n_fixed, missing):
    rnd = random.Random(seed)
    sites = [ZoneSite(f"s{i}", None if i < missing else 30 + rnd.random() / 5,
                      None if i < missing else 120 + rnd.random() / 5, rnd.randint(50, 2000)) for i in range(n)]
    people = [f"p{j}" for j in range(k)]
    fixed = {f"s{rnd.randrange(n)}": rnd.choice(people) for _ in range(n_fixed)}
    result = propose_zones(sites, people, fixed=fixed, time_limit_s=0.6, seed=seed)
    assert set(result.assignment) == {s.key for s in sites}
    assert all(result.assignment[s] == p for s, p in fixed.items())
    counts = result.schools_per_inspector
    if all(sum(1 for q in fixed.values() if q == p) <= -(-n // k) for p in people):
        assert max(counts.values()) - min(counts.values()) <= 1, counts

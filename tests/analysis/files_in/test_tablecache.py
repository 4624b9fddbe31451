"""Validated tables kept in Parquet by content: a start from the cache gives the same data set, reports
included; a changed file, other codes or another day are validated again; a damaged or unwritable cache
only costs time."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.files_in import dataset, loaders, tablecache
from analysis.files_in.validation import DataError

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo" / "helsingborg"
FRAMES = ["districts", "statistics", "participants", "programmes", "goals", "plan", "placements", "activities"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(tablecache.ENV, str(folder))
    return folder


@pytest.fixture
def demo(tmp_path):
    copy = tmp_path / "helsingborg"
    shutil.copytree(DEMO, copy)
    return copy


def count_validations(monkeypatch) -> list[str]:
    calls = []
    loads = (
        "load_participants",
        "_load_statistics",
        "load_geometry",
        "_load_districts",
        "_load_programmes",
        "_load_goals",
    )
    for name in loads:
        original = getattr(loaders, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(loaders, name, counted)
    return calls


def test_a_start_from_the_cache_gives_the_same_data_set_and_reports(cache, demo, monkeypatch):
    monkeypatch.setenv(tablecache.ENV, "av")
    uncached = dataset.load_dataset(demo)
    monkeypatch.setenv(tablecache.ENV, str(cache))
    dataset.load_dataset(demo)
    calls = count_validations(monkeypatch)
    cached = dataset.load_dataset(demo)
    assert calls == []  # nothing read or validated again
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(uncached, name), getattr(cached, name))
    pd.testing.assert_frame_equal(uncached.geometry, cached.geometry)
    assert cached.geometry.crs == uncached.geometry.crs
    assert cached.reports == uncached.reports
    participants = next(r for r in cached.reports if r.file.startswith("deltagare"))
    assert participants.rows_read == participants.rows_accepted + participants.rows_rejected
    # Participants, statistics, geometry, districts, programmes and goals: a cold start validates nothing.
    assert len(list(cache.glob("*.parquet"))) == 6


def test_a_changed_file_is_validated_again(cache, demo, monkeypatch):
    dataset.load_dataset(demo)
    path = demo / "deltagare.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # one enrolment fewer
    calls = count_validations(monkeypatch)
    again = dataset.load_dataset(demo)
    assert calls == ["load_participants"]
    report = next(r for r in again.reports if r.file.startswith("deltagare"))
    assert report.rows_read == len(lines) - 2  # header and the dropped row


def test_other_inputs_or_another_day_are_another_key(cache, demo):
    path = demo / "deltagare.csv"
    assert tablecache.key("deltagare", path, [["A"], "2026-12-01"]) != tablecache.key(
        "deltagare", path, [["A"], "2026-12-02"]
    )
    assert tablecache.key("deltagare", path, [["A"]]) != tablecache.key("deltagare", path, [["A", "B"]])
    assert tablecache.key("deltagare", path, [["A"]]) == tablecache.key("deltagare", path, [["A"]])


def test_a_damaged_entry_is_read_from_the_file_instead(cache, demo, monkeypatch):
    first = dataset.load_dataset(demo)
    for entry in cache.glob("*.parquet"):
        entry.write_bytes(b"not parquet")
    calls = count_validations(monkeypatch)
    again = dataset.load_dataset(demo)
    assert sorted(calls) == [
        "_load_districts",
        "_load_goals",
        "_load_programmes",
        "_load_statistics",
        "load_geometry",
        "load_participants",
    ]
    pd.testing.assert_frame_equal(first.participants, again.participants)


def test_an_unwritable_cache_only_costs_time(tmp_path, demo, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(tablecache.ENV, str(blocker / "cache"))  # a folder under a file cannot be made
    data = dataset.load_dataset(demo)
    assert len(data.participants) > 0


def test_a_refused_file_is_not_kept_and_says_why_every_time(cache, demo):
    (demo / "deltagare.csv").write_text("namn;adress\nx;y\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as raised:
            dataset.load_dataset(demo)
        assert "deltagare.csv" in str(raised.value)
    assert not list(cache.glob("deltagare-*"))


def test_a_refused_district_file_is_not_kept_either(cache, demo):
    (demo / "stadsdelar.csv").write_text("kod;namn\nA;Norr\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError) as raised:
            dataset.load_dataset(demo)
        assert "stadsdelar.csv" in str(raised.value)
    assert not list(cache.glob("stadsdelar-*"))


def test_the_cache_keeps_only_the_newest_entries(cache, demo, monkeypatch):
    monkeypatch.setattr(tablecache, "KEPT", 2)
    dataset.load_dataset(demo)
    assert len(list(cache.glob("*.json"))) == 2 and len(list(cache.glob("*.parquet"))) == 2

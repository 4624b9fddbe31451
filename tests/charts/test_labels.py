"""Label placement: the boxes of the names kept never overlap, the most important names stay, and what is
disjoint for the assumed plot area stays disjoint in any larger one."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from charts import labels

ROOT = Path(__file__).resolve().parents[2]


def view(width=400, height=300):
    return labels.View(12.0, 13.0, 56.0, 56.5, width=width, height=height)


def disjoint(boxes) -> bool:
    return not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_view_fits_the_box_and_inverts():
    v = view()
    frame = v.frame()
    # The box fits the area in one direction and is centred in the other.
    assert frame.left == pytest.approx(0, abs=1e-6) or frame.top == pytest.approx(0, abs=1e-6)
    assert (frame.left + frame.right) / 2 == pytest.approx(200) and (frame.top + frame.bottom) / 2 == pytest.approx(150)
    _, y = v.pixel(12.3, 56.2)
    assert v.latitude_at(y) == pytest.approx(56.2)
    assert v.pixel(12.0, 56.5) == pytest.approx((frame.left, frame.top))


def test_text_width_grows_with_text_and_size_and_counts_wide_letters_wider():
    assert labels.text_width("Mmmm", 12) > labels.text_width("iiii", 12)
    assert labels.text_width("Drottninghög", 14) > labels.text_width("Drottninghög", 12)
    assert labels.text_width("Öster", 12) == labels.text_width("Oster", 12)  # a diacritic counts as its letter
    box = labels.text_box(100, 50, "Norr<br>Söder", 10)
    assert box.bottom - box.top > 2 * 10  # two lines


def test_split_name_breaks_long_names_near_the_middle():
    assert labels.split_name("Tågaborg") == "Tågaborg"
    assert labels.split_name("Söder-Oceanhamnen-Oljehamnen") == "Söder-Oceanhamnen-<br>Oljehamnen"
    assert labels.split_name("Helsingborg centrum-Slottshöjden västra") == "Helsingborg centrum-<br>Slottshöjden västra"
    assert labels.split_name("Ödåkravägenområdet") == "Ödåkravägenområdet"  # nowhere to break


def test_placed_boxes_are_pairwise_disjoint_and_inside_the_frame():
    crowd = [
        labels.Label(f"k{i}", f"Stadsdel {i}", 12.3 + 0.01 * (i % 7), 56.2 + 0.01 * (i // 7), 12) for i in range(30)
    ]
    placed = labels.place(crowd, view())
    assert 0 < len(placed) < len(crowd)
    assert disjoint([p.box for p in placed])
    frame = view().frame()
    assert all(p.box.inside(frame) for p in placed)


def test_priority_decides_who_stays_and_obstacles_are_respected():
    a = labels.Label("a", "Norr", 12.5, 56.25, 12, priority=1)
    b = labels.Label("b", "Söder", 12.5, 56.25, 12, priority=5)
    # Same anchor: the higher priority is centred; the other moves above or below it when there is room.
    placed = labels.place([a, b], view(), positions=(0.0,))
    assert [p.key for p in placed] == ["b"]
    both = labels.place([a, b], view())
    assert [p.key for p in both] == ["b", "a"] and disjoint([p.box for p in both])
    x, y = view().pixel(12.5, 56.25)
    mark = labels.text_box(x, y, "∅", 20)
    kept = labels.place([a], view(), obstacles=[mark], positions=(0.0,))
    assert kept == []


def test_a_label_outside_the_view_is_left_out():
    outside = labels.Label("x", "Långt bort", 14.0, 56.25, 12)
    assert labels.place([outside], view()) == []


def test_disjoint_for_the_assumed_area_stays_disjoint_in_a_larger_one():
    crowd = [labels.Label(f"k{i}", f"Namn {i}", 12.2 + 0.013 * i, 56.1 + 0.011 * (i % 9), 12) for i in range(40)]
    small = view(400, 300)
    placed = labels.place(crowd, small)
    for width, height in ((400, 300), (520, 300), (800, 700), (1600, 1000)):
        big = labels.View(small.west, small.east, small.south, small.north, width=width, height=height)
        boxes = [labels.text_box(*big.pixel(p.lon, p.lat), p.text, 12) for p in placed]
        assert disjoint(boxes), (width, height)
        assert all(b.inside(big.frame()) for b in boxes)


@pytest.mark.parametrize("kommun", ["helsingborg", "tierp"])
def test_real_district_names_do_not_overlap(kommun):
    """With the shipped (schematic, and regenerated from time to time) geometry: whatever the shapes, the
    names kept are disjoint. Anchors are each district's bounding-box centre, good enough for the test."""
    geojson = json.loads((ROOT / "data" / "demo" / kommun / "stadsdelar.geojson").read_text(encoding="utf-8"))
    candidates, lons, lats = [], [], []
    for feature in geojson["features"]:
        xs, ys = [], []
        for ring in _rings(feature["geometry"]):
            xs += [p[0] for p in ring]
            ys += [p[1] for p in ring]
        name = feature["properties"].get("stadsdel_namn") or feature["properties"]["stadsdel_kod"]
        candidates.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, name))
        lons += xs
        lats += ys
    # The file is in EPSG:3006 metres or WGS 84 degrees; place in whatever units, scaled to a lon/lat-like box.
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)

    def to_deg(x, y):
        return 12 + (x - west) / (east - west), 56 + 0.5 * (y - south) / (north - south)

    crowd = [
        labels.Label(str(i), labels.split_name(name), *to_deg(x, y), 12, priority=-i)
        for i, (x, y, name) in enumerate(candidates)
    ]
    placed = labels.place(crowd, labels.View(12, 13, 56, 56.5, width=380, height=560))
    assert placed and disjoint([p.box for p in placed])


def _rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]

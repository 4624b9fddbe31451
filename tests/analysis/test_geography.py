"""Geometry for the browser: WGS 84, clockwise exteriors for d3-geo, small, one feature per district."""

import geopandas as gpd
import shapely
from shapely.geometry import Polygon

from analysis import geography


def districts():
    # Two squares in SWEREF 99 TM near Helsingborg, one drawn counter-clockwise (the GeoJSON RFC's way).
    ccw = Polygon([(360000, 6215000), (361000, 6215000), (361000, 6216000), (360000, 6216000)])
    cw = Polygon([(361000, 6215000), (361000, 6216000), (362000, 6216000), (362000, 6215000)])
    return gpd.GeoDataFrame({"stadsdel_kod": ["A", "B"]}, geometry=[ccw, cw], crs="EPSG:3006")


def test_features_are_wgs84_clockwise_and_keyed_by_code():
    collection = geography.web_geojson(districts())
    assert [f["id"] for f in collection["features"]] == ["A", "B"]
    for feature in collection["features"]:
        ring = feature["geometry"]["coordinates"][0]
        lon, lat = ring[0]
        assert 12 < lon < 14 and 55 < lat < 57
        assert not shapely.LinearRing(ring).is_ccw


def test_coordinates_are_rounded_to_five_decimals():
    ring = geography.web_geojson(districts())["features"][0]["geometry"]["coordinates"][0]
    assert all(round(c, 5) == c for point in ring for c in point)


def test_label_points_fall_inside_their_district():
    points = geography.label_points(districts())
    wgs = districts().to_crs("EPSG:4326")
    for row, polygon in zip(points.itertuples(), wgs.geometry, strict=True):
        assert polygon.contains(shapely.Point(row.lon, row.lat))

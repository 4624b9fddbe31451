"""District geometry prepared for the browser: simplified, in WGS 84, rounded.

The map needs longitude/latitude GeoJSON. Simplifying happens in metres (EPSG:3006) before
reprojecting, so the tolerance means the same everywhere, and it grows with the area drawn (``tolerance_for``);
coordinates are rounded to a tenth of the tolerance (5 decimals, ~1 m, for a municipality), which keeps the
file small (ARCHITECTURE.md: full detail makes a 10 MB figure).
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"


#: The finest detail kept: 15 m, below what a municipality's map shows at any size the app draws it.
MIN_TOLERANCE_M = 15.0
#: The whole map's diagonal over this is the tolerance for a large area: at most a quarter of a pixel on a
#: map of the whole area 1,000 pixels wide. A municipality (Helsingborg's diagonal is about 40 km) keeps
#: the 15 m floor; all of Sweden's 6,160 DeSO (about 1,700 km) are simplified to about 400 m, which keeps
#: the map the same to the eye and a tenth of the vertices, so the browser draws it in a second or two.
DETAIL = 4000.0


def tolerance_for(geometry: gpd.GeoDataFrame) -> float:
    """The simplification tolerance in metres for drawing ``geometry`` (EPSG:3006) whole: ``MIN_TOLERANCE_M``,
    or a quarter of a pixel of a 1,000-pixel map of its extent when that is coarser (``DETAIL``). The more
    districts a map draws, the larger the area and the coarser the detail each one needs."""
    if geometry.empty:
        return MIN_TOLERANCE_M
    west, south, east, north = geometry.total_bounds
    return max(MIN_TOLERANCE_M, float(((east - west) ** 2 + (north - south) ** 2) ** 0.5) / DETAIL)


def web_geojson(geometry: gpd.GeoDataFrame, tolerance_m: float | None = None) -> dict:
    """A FeatureCollection in WGS 84 with one feature per district, ``id`` and property ``stadsdel_kod``,
    a ``bbox`` (west, south, east, north, RFC 7946 section 5) and exterior rings clockwise (as d3-geo, which
    draws plotly's geo maps, requires).

    ``geometry`` must be in EPSG:3006 (as ``analysis.files_in.loaders.load_geometry`` returns it). It is
    simplified in metres before reprojecting, by ``tolerance_m`` (default ``tolerance_for``), preserving
    topology so neighbouring districts keep sharing their borders; coordinates are rounded to about a
    tenth of the tolerance (5 decimals, about 1 m, for a municipality).
    """
    tolerance = tolerance_for(geometry) if tolerance_m is None else tolerance_m
    # A degree of latitude is about 111 km: 5 decimals (1.1 m) at 15 m, 4 (11 m) at 400 m.
    decimals = min(5, max(3, round(-math.log10(tolerance / 10 / 111_000))))
    frame = geometry[["stadsdel_kod", "geometry"]].copy()
    frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
    frame = frame.to_crs(WGS84)
    shapes = shapely.transform(frame.geometry.array, lambda xy: np.round(xy, decimals))
    # plotly's geo maps draw with d3-geo, which reads a counter-clockwise ring (the GeoJSON RFC's
    # convention) as "everything except this polygon" and floods the map; d3 wants exteriors clockwise.
    frame["geometry"] = shapely.orient_polygons(shapes, exterior_cw=True)
    collection = json.loads(frame.to_json(drop_id=True, to_wgs84=False))
    boxes = np.round(shapely.bounds(frame.geometry.array), decimals)
    for feature, box in zip(collection["features"], boxes.tolist(), strict=True):
        feature["id"] = feature["properties"]["stadsdel_kod"]
        feature["bbox"] = box
    return collection


def label_points(geometry: gpd.GeoDataFrame) -> pd.DataFrame:
    """A point inside each district (not the centroid, which can fall outside a concave polygon),
    as ``stadsdel_kod, lon, lat`` in WGS 84, for district names on the map."""
    points = geometry.set_geometry(geometry.geometry.representative_point()).to_crs(WGS84)
    return pd.DataFrame(
        {
            "stadsdel_kod": points["stadsdel_kod"].to_numpy(),
            "lon": points.geometry.x,
            "lat": points.geometry.y,
        }
    ).reset_index(drop=True)

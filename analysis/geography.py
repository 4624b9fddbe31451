"""District geometry prepared for the browser: simplified, in WGS 84, rounded.

The map needs longitude/latitude GeoJSON. Simplifying happens in metres (EPSG:3006) before
reprojecting, so the tolerance means the same everywhere; coordinates are rounded to 5 decimals (~1 m),
which keeps the figure small (ARCHITECTURE.md: full detail makes a 10 MB figure).
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import shapely

WGS84 = "EPSG:4326"
SWEREF99TM = "EPSG:3006"


def web_geojson(geometry: gpd.GeoDataFrame, tolerance_m: float = 15.0) -> dict:
    """A FeatureCollection in WGS 84 with one feature per district, ``id`` and property ``stadsdel_kod``,
    exterior rings clockwise (as d3-geo, which draws plotly's geo maps, requires).

    ``geometry`` must be in EPSG:3006 (as ``analysis.files_in.loaders.load_geometry`` returns it). Topology is
    preserved while simplifying so neighbouring districts keep sharing their borders.
    """
    frame = geometry[["stadsdel_kod", "geometry"]].copy()
    frame["geometry"] = frame.geometry.simplify(tolerance_m, preserve_topology=True)
    frame = frame.to_crs(WGS84)
    # plotly's geo maps draw with d3-geo, which reads a counter-clockwise ring (the GeoJSON RFC's
    # convention) as "everything except this polygon" and floods the map; d3 wants exteriors clockwise.
    frame["geometry"] = shapely.orient_polygons(frame.geometry.array, exterior_cw=True)
    collection = json.loads(frame.to_json(drop_id=True, to_wgs84=False))
    for feature in collection["features"]:
        feature["id"] = feature["properties"]["stadsdel_kod"]
        feature["geometry"] = _rounded(feature["geometry"])
    return collection


def _rounded(geometry: dict, decimals: int = 5) -> dict:
    def walk(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], decimals), round(coords[1], decimals)]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


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

"""The classes a classed map draws, read back from its figure: one area trace whose ``z`` is each
district's class on a stepped colour scale, and one legend entry (a trace with no data) per class.

Tests ask "which districts are in the class named X, in which colour", as a user reading the legend would;
this reads that off the figure and checks on the way that the area's colour band for each class is the
legend entry's colour, so a legend that disagrees with the map fails the test that reads it."""

from __future__ import annotations

from dataclasses import dataclass

from tests.map_hover import hover_of


@dataclass
class DrawnClass:
    name: str
    colour: str
    locations: list[str]
    legendrank: int | None
    hovertext: list[str]


def _data(fig) -> list[dict]:
    return fig["data"] if isinstance(fig, dict) else fig.to_plotly_json()["data"]


def drawn_classes(fig) -> list[DrawnClass]:
    """The classes of a classed map in legend order ([] for a map without classes)."""
    data = _data(fig)
    areas = [t for t in data if t["type"].startswith("choropleth") and t.get("zmin") == -0.5]
    keys = [t for t in data if t["type"] in ("scattergeo", "scattermap") and t.get("mode") == "markers"]
    if not areas:
        assert not keys, "legend entries of classes without a classed area"
        return []
    (area,) = areas
    scale = area["colorscale"]
    assert len(scale) == 2 * len(keys), "one colour band per legend entry"
    assert area["zmax"] == len(keys) - 0.5
    classes = []
    for i, key in enumerate(keys):
        colour = key["marker"]["color"]
        assert scale[2 * i][1] == scale[2 * i + 1][1] == colour, f"band {i} is not the legend's colour"
        members = [j for j, z in enumerate(area["z"]) if z == i]
        classes.append(
            DrawnClass(
                name=key["name"],
                colour=colour,
                locations=[area["locations"][j] for j in members],
                legendrank=key.get("legendrank"),
                hovertext=[hover_of(area, j) for j in members],
            )
        )
    assert sorted(z for z in area["z"]) == sorted(area["z"]) and set(area["z"]) <= set(range(len(keys)))
    return classes

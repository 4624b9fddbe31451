"""Colours survive a projector: text well above WCAG's 4.5:1 on white, the compared districts' colours at
least 3:1 (WCAG 1.4.11, graphics), and the "no value" greys unlike any colour of the scales."""

from __future__ import annotations

import plotly.colors
import pytest

from charts import theme


def luminance(colour: str) -> float:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str = "#ffffff") -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#777777") == pytest.approx(4.48, abs=0.01)  # WebAIM's classic borderline grey


@pytest.mark.parametrize("colour", [theme.TEXT_COLOUR, theme.NOTE_COLOUR, theme.MUNICIPALITY_COLOUR])
def test_text_colours_read_on_white(colour):
    assert contrast(colour) >= 7.0  # AAA, with room for a projector's lost contrast


def test_compared_districts_colours_are_graphics_safe_and_distinct():
    colours = theme.district_colours(["a", "b", "c", "d"])
    assert len(set(colours.values())) == 4
    for colour in colours.values():
        assert contrast(colour) >= 3.0, colour
        assert contrast(colour, theme.MUNICIPALITY_COLOUR) >= 1.5, colour  # not confused with the black line


def test_district_keeps_its_colour_when_another_is_added():
    before = theme.district_colours(["1283R005", "1283R019"])
    after = theme.district_colours(["1283R005", "1283R019", "1283R009"])
    assert all(after[code] == colour for code, colour in before.items())


def _scale_colours(name: str) -> list[str]:
    scale = plotly.colors.get_colorscale(name)
    return [plotly.colors.label_rgb(plotly.colors.unlabel_rgb(c)) if c.startswith("rgb") else c for _, c in scale]


def _rgb(colour: str) -> tuple[float, ...]:
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(float(v) for v in plotly.colors.unlabel_rgb(colour))


@pytest.mark.parametrize("grey", [theme.SUPPRESSED_COLOUR, theme.MISSING_COLOUR])
def test_no_value_greys_are_not_on_the_sequential_scale(grey):
    for colour in _scale_colours(theme.SEQUENTIAL):
        distance = sum((a - b) ** 2 for a, b in zip(_rgb(grey), _rgb(colour), strict=True)) ** 0.5
        assert distance > 60, (grey, colour)

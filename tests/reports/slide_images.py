"""An approximate renderer of .pptx slides to PNG (no LibreOffice on the machine): pictures at their place
and size, text wrapped in its box with DejaVu Sans at the run's size, boxes outlined. DejaVu Sans is wider
than PowerPoint's theme fonts (Calibri), so text that fits here fits there too.

``render(path_or_bytes)`` returns one (image, problems) per slide; a problem is text running out of its
box, a shape outside the slide, or two shapes overlapping. ``python tests/reports/slide_images.py FILE.pptx
DIR`` writes ``DIR/slide-1.png`` … to look at.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pptx import Presentation
from pptx.enum.dml import MSO_FILL
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Emu

FONTS = Path("/usr/share/fonts/truetype/dejavu")
PIXELS_PER_INCH = 110
EMU_PER_INCH = 914400


def _px(value: int) -> int:
    return round(value / EMU_PER_INCH * PIXELS_PER_INCH)


def _font(size_pt: float, bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), max(1, round(size_pt / 72 * PIXELS_PER_INCH)))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and draw.textlength(candidate, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _box(shape) -> tuple[int, int, int, int]:
    return _px(shape.left), _px(shape.top), _px(shape.left + shape.width), _px(shape.top + shape.height)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def render_slide(slide, width: int, height: int) -> tuple[Image.Image, list[str]]:
    image = Image.new("RGB", (_px(width), _px(height)), "white")
    draw = ImageDraw.Draw(image)
    problems: list[str] = []
    boxes: list[tuple[str, tuple[int, int, int, int]]] = []
    for shape in slide.shapes:
        box = _box(shape)
        if box[0] < 0 or box[1] < 0 or box[2] > image.width or box[3] > image.height:
            problems.append(f"{shape.name}: outside the slide {box}")
        for other_name, other in boxes:
            if _overlap(box, other):
                problems.append(f"{shape.name} overlaps {other_name}")
        boxes.append((shape.name, box))
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            picture = Image.open(io.BytesIO(shape.image.blob)).convert("RGB")
            image.paste(picture.resize((box[2] - box[0], box[3] - box[1])), box[:2])
            draw.rectangle(box, outline="#bbbbbb")
            continue
        if not shape.has_text_frame:
            continue
        if shape.fill.type == MSO_FILL.SOLID:
            draw.rectangle(box, fill=f"#{shape.fill.fore_color.rgb}")
        frame = shape.text_frame
        inner = (
            box[0] + _px(frame.margin_left),
            box[1] + _px(frame.margin_top),
            box[2] - _px(frame.margin_right),
            box[3] - _px(frame.margin_bottom),
        )
        lines: list[tuple[str, ImageFont.FreeTypeFont, str]] = []
        for paragraph in frame.paragraphs:
            runs = paragraph.runs
            if not runs:
                continue
            size = (runs[0].font.size or Emu(18 * 12700)).pt
            font = _font(size, bool(runs[0].font.bold))
            colour = f"#{runs[0].font.color.rgb}" if runs[0].font.color and runs[0].font.color.type else "#000000"
            lines += [
                (line, font, colour) for line in _wrap(draw, "".join(r.text for r in runs), font, inner[2] - inner[0])
            ]
        needed = sum(round(font.size * 1.2) for _, font, _ in lines)
        if needed > inner[3] - inner[1]:
            problems.append(f"{shape.name}: text needs {needed}px, box holds {inner[3] - inner[1]}px")
        y = inner[3] - needed if frame.vertical_anchor == MSO_ANCHOR.BOTTOM else inner[1]
        for line, font, colour in lines:
            draw.text((inner[0], y), line, font=font, fill=colour)
            y += round(font.size * 1.2)
        draw.rectangle(box, outline="#dd0000" if needed > inner[3] - inner[1] else "#dddddd")
    return image, problems


def render(source) -> list[tuple[Image.Image, list[str]]]:
    deck = Presentation(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    return [render_slide(slide, deck.slide_width, deck.slide_height) for slide in deck.slides]


if __name__ == "__main__":
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for number, (image, problems) in enumerate(render(Path(sys.argv[1])), start=1):
        image.save(out / f"slide-{number}.png")
        print(number, problems or "ok")

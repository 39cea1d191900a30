"""Draw the program icon: resources/icons/khaosat.png (256 px) and khaosat.ico (16-256 px).

A rounded dark-blue square, a white tick (a form marked "hài lòng") and the letters KS. Drawn
at 1024 px and scaled down so small sizes stay smooth; run again after changing the drawing:
``.venv/bin/python scripts/make_icon.py``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
BOLD_FONT = ROOT / "resources" / "fonts" / "LiberationSerif-Bold.ttf"
CANVAS = 1024
BLUE = (23, 70, 140, 255)
TICK_GREEN = (120, 210, 120, 255)
WHITE = (255, 255, 255, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = CANVAS) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = size // 32
    pen.rounded_rectangle((margin, margin, size - margin, size - margin), radius=size // 5,
                          fill=BLUE)
    # The tick takes the upper part, so it still reads at 16 px where the letters blur.
    tick = [(0.22, 0.36), (0.42, 0.56), (0.80, 0.16)]
    pen.line([(x * size, y * size) for x, y in tick], fill=TICK_GREEN, width=size // 11,
             joint="curve")
    font = ImageFont.truetype(str(BOLD_FONT), int(size * 0.40))
    pen.text((size / 2, size * 0.78), "KS", font=font, fill=WHITE, anchor="mm")
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(ICONS / "khaosat.png", optimize=True)
    big.save(ICONS / "khaosat.ico", sizes=ICO_SIZES)
    print(f"{ICONS / 'khaosat.png'}\n{ICONS / 'khaosat.ico'}")


if __name__ == "__main__":
    main()

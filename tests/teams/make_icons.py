"""Draws the Teams app icons (committed in manifest/teams/): a rising staircase, the career step.

`python -m tests.teams.make_icons` rewrites color.png (192x192, full colour) and outline.png
(32x32, white on transparent), as Teams requires."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

MANIFEST_DIR = Path(__file__).resolve().parents[2] / "manifest" / "teams"
ACCENT = (46, 106, 79, 255)  # #2E6A4F, the manifest's accentColor
WHITE = (255, 255, 255, 255)


def _steps(draw: ImageDraw.ImageDraw, size: int, margin: float, gap: float) -> None:
    """Three bars of rising height, bottom-aligned."""
    left, bottom = size * margin, size * (1 - margin)
    width = (size * (1 - 2 * margin) - 2 * size * gap) / 3
    for i in range(3):
        x0 = left + i * (width + size * gap)
        top = bottom - (size * (1 - 2 * margin)) * (i + 1) / 3
        draw.rectangle((round(x0), round(top), round(x0 + width) - 1, round(bottom) - 1),
                       fill=WHITE)


def color_icon() -> Image.Image:
    image = Image.new("RGBA", (192, 192), ACCENT)
    _steps(ImageDraw.Draw(image), 192, margin=0.22, gap=0.05)
    return image


def outline_icon() -> Image.Image:
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    _steps(ImageDraw.Draw(image), 32, margin=0.12, gap=0.07)
    return image


def main(target: Path = MANIFEST_DIR) -> None:
    color_icon().save(target / "color.png", optimize=True)
    outline_icon().save(target / "outline.png", optimize=True)


if __name__ == "__main__":
    main()

"""Render the one icon source (``resources/icons/b24desk.svg``) into the installers' icons.

Writes, into ``packaging/build/icons/`` (git-ignored):

* ``b24desk-<N>.png`` for N in 16 … 1024 — each size rendered from the SVG by Qt's
  ``QSvgRenderer``, not scaled down from a bigger bitmap;
* ``b24desk.ico`` (Windows: 16, 24, 32, 48, 64, 128 and 256 px);
* ``b24desk.icns`` (macOS: 32 … 1024 px, the Retina sizes included).

The SVG's "24" is drawn with the DejaVu Sans Bold the app ships, so the icons look
the same whichever fonts the build machine has.  Run it from anywhere::

    python packaging/make_icons.py [--out DIR]

The PyInstaller spec runs it when the icons are missing or older than the SVG.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "b24desk.svg"
FONT = ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"
DEFAULT_OUT = ROOT / "packaging" / "build" / "icons"

#: Every size rendered from the SVG.
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)


def render_pngs(svg: Path = SVG, sizes: tuple[int, ...] = SIZES) -> dict[int, bytes]:
    """PNG bytes of ``svg`` rendered at each size (transparent background)."""
    # A headless build machine (CI) has no display; Qt's offscreen platform is
    # enough to rasterise an SVG everywhere.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QFontDatabase, QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if FONT.is_file():
        QFontDatabase.addApplicationFont(str(FONT))
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    pngs: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise SystemExit(f"cannot encode the {size} px icon")
        buffer.close()
        pngs[size] = bytes(data.data())
    del app  # keep the instance alive until here
    return pngs


def write_icons(out: Path = DEFAULT_OUT, svg: Path = SVG) -> list[Path]:
    """Write the PNGs, the .ico and the .icns into ``out``; returns the files written."""
    from PIL import Image

    out.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs(svg)
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}
    written: list[Path] = []
    for size, data in pngs.items():
        target = out / f"b24desk-{size}.png"
        target.write_bytes(data)
        written.append(target)

    ico = out / "b24desk.ico"
    images[256].save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    written.append(ico)

    icns = out / "b24desk.icns"
    images[1024].save(
        icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    written.append(icns)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})"
    )
    args = parser.parse_args(argv)
    for path in write_icons(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

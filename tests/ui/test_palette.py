"""Row colours stay readable on a light and on a dark system theme."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from b24desk.ui import palette


def _theme(base: str, text: str) -> QPalette:
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Base, QColor(base))
    pal.setColor(QPalette.ColorRole.Text, QColor(text))
    pal.setColor(QPalette.ColorRole.Window, QColor(base))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return pal


LIGHT = ("#ffffff", "#000000")
DARK = ("#1e1e1e", "#e8e8e8")


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("tone", palette.TONES)
def test_text_on_every_tone_reads_well(qapp: object, theme: tuple[str, str], tone: str) -> None:
    pal = _theme(*theme)
    bg = palette.background(tone, pal)  # type: ignore[arg-type]
    assert palette.contrast_ratio(palette.text(pal), bg) >= 4.5


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_tones_differ_from_the_plain_rows_and_from_each_other(
    qapp: object, theme: tuple[str, str]
) -> None:
    pal = _theme(*theme)
    base = pal.color(QPalette.ColorRole.Base)
    colours = {tone: palette.background(tone, pal).name() for tone in palette.TONES}
    assert base.name() not in colours.values()
    assert len(set(colours.values())) == len(colours)


def test_a_dark_theme_gets_dark_rows_and_a_light_one_pale_rows(qapp: object) -> None:
    assert palette.background("danger", _theme(*LIGHT)).lightnessF() > 0.75
    assert palette.background("danger", _theme(*DARK)).lightnessF() < 0.4
    assert palette.contrast_ratio(palette.error_text(_theme(*DARK)), QColor(DARK[0])) >= 4.5
    assert palette.contrast_ratio(palette.error_text(_theme(*LIGHT)), QColor(LIGHT[0])) >= 4.5
    assert palette.contrast_ratio(palette.dim_text(_theme(*DARK)), QColor(DARK[0])) >= 3

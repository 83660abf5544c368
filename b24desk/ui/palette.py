"""The desk's row and cell colours, one home for all tabs, taken from the style's palette.

A colour here is a *meaning* (``ok``, ``warning``, ``danger``, ``info``, ``muted``,
``cold``) tinted into the palette's base colour, so it is a pale pastel on a light
theme and a deep shade on a dark one; the text keeps the palette's own text colour,
which stays readable on both. Nothing outside this module writes a colour by hand.
"""

from __future__ import annotations

from typing import Literal, cast

from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette

Tone = Literal["ok", "warning", "danger", "info", "muted", "cold", "note"]

#: The hue of each meaning (a saturated colour, blended into the base below).
_HUES: dict[str, QColor] = {
    "ok": QColor("#2e9d3a"),
    "warning": QColor("#f0b400"),
    "danger": QColor("#d93030"),
    "info": QColor("#3a7bd5"),
    "muted": QColor("#808080"),
    "cold": QColor("#5a7fa8"),
    "note": QColor("#e0c040"),
}
#: How much of the hue goes into the base (more on a dark base, where pale tints vanish).
_LIGHT_SHARE = 0.22
_DARK_SHARE = 0.38
#: The accent colour of warning text (errors beside a field, a pace line), per theme.
_ERROR_LIGHT = QColor("#b00020")
_ERROR_DARK = QColor("#ff8a80")
#: The colour of a caution written as text (a currency not counted, a warning beside a
#: field) and of a good outcome written as text (a connection that works), per theme.
_WARNING_LIGHT = QColor("#8a5a00")
_WARNING_DARK = QColor("#ffcc80")
_OK_LIGHT = QColor("#1b5e20")
_OK_DARK = QColor("#a5d6a7")


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette's base (the background of lists and fields) is dark."""
    return _palette(palette).color(QPalette.ColorRole.Base).lightnessF() < 0.5


def _mix(base: QColor, hue: QColor, share: float) -> QColor:
    keep = 1.0 - share
    return QColor.fromRgbF(
        base.redF() * keep + hue.redF() * share,
        base.greenF() * keep + hue.greenF() * share,
        base.blueF() * keep + hue.blueF() * share,
    )


def background(tone: Tone, palette: QPalette | None = None) -> QColor:
    """The background of a row or cell that means ``tone``."""
    pal = _palette(palette)
    share = _DARK_SHARE if is_dark(pal) else _LIGHT_SHARE
    return _mix(pal.color(QPalette.ColorRole.Base), _HUES[tone], share)


def brush(tone: Tone, palette: QPalette | None = None) -> QBrush:
    return QBrush(background(tone, palette))


def text(palette: QPalette | None = None) -> QColor:
    """The text colour to use on any :func:`background` (the palette's own)."""
    return _palette(palette).color(QPalette.ColorRole.Text)


def dim_text(palette: QPalette | None = None) -> QColor:
    """Text that matters less (a done item, a placeholder), readable on the theme."""
    pal = _palette(palette)
    return _mix(pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text), 0.6)


def error_text(palette: QPalette | None = None) -> QColor:
    """The colour of an error or a warning written as text."""
    return _ERROR_DARK if is_dark(palette) else _ERROR_LIGHT


def warning_text(palette: QPalette | None = None) -> QColor:
    """The colour of a caution written as text (softer than an error)."""
    return _WARNING_DARK if is_dark(palette) else _WARNING_LIGHT


def ok_text(palette: QPalette | None = None) -> QColor:
    """The colour of a good outcome written as text (a check that passed)."""
    return _OK_DARK if is_dark(palette) else _OK_LIGHT


def text_style(colour: QColor) -> str:
    """A style sheet that writes a label's text in ``colour``."""
    return f"color: {colour.name()};"


def contrast_ratio(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21; 4.5 reads well)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = channel(colour.redF()), channel(colour.greenF()), channel(colour.blueF())
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


#: The hues of a chart's series, in order (distinct for the common colour blindnesses
#: as far as eight hues can be); :func:`series_colour` adjusts them to the theme.
_SERIES = (
    "#3a7bd5",
    "#e07b00",
    "#2e9d3a",
    "#c2185b",
    "#7b57c8",
    "#00897b",
    "#8d6e63",
    "#607d8b",
)
#: WCAG's contrast for graphical objects (a bar, a line) against their background.
NON_TEXT_CONTRAST = 3.0


def series_colour(index: int, palette: QPalette | None = None) -> QColor:
    """The fill of a chart's ``index``-th series, drawn on the palette's base colour:
    its hue moved toward the text colour until it stands out at 3:1 (WCAG's contrast
    for graphics), so bars read on a light and on a dark theme alike."""
    pal = _palette(palette)
    base = pal.color(QPalette.ColorRole.Base)
    hue = QColor(_SERIES[index % len(_SERIES)])
    colour, share = hue, 0.0
    while contrast_ratio(colour, base) < NON_TEXT_CONTRAST and share < 1.0:
        share = min(1.0, share + 0.1)
        colour = _mix(hue, pal.color(QPalette.ColorRole.Text), share)
    return colour


TONES = cast("tuple[Tone, ...]", tuple(_HUES))  # _HUES is keyed by every Tone

"""What every tab and dialog is given: the clock, the change signals, the language."""

from __future__ import annotations

from dataclasses import dataclass

from b24desk.clock import Clock
from b24desk.ui.language import LanguageManager
from b24desk.ui.signals import DataSignals


@dataclass
class DeskContext:
    """Services passed into constructors (no global handle to the main window)."""

    clock: Clock
    signals: DataSignals
    language: LanguageManager

"""The Qt adapter of the store's change notices."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from b24desk.store import events


class DataSignals(QObject):
    """Re-emits :func:`b24desk.store.events.notify` as a Qt signal.

    Emitted from a worker thread, the signal reaches GUI-thread slots queued.
    """

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        events.subscribe(self._relay)

    def _relay(self, entity: str) -> None:
        self.changed.emit(entity)

    def detach(self) -> None:
        events.unsubscribe(self._relay)

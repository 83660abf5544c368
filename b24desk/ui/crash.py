"""The crash hook: log every uncaught exception, then tell the user on the GUI thread."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox

from b24desk.i18n import _

log = logging.getLogger("b24desk.crash")


class CrashHandler(QObject):
    """Installed as ``sys.excepthook`` and ``threading.excepthook``.

    The traceback goes to the log file at once, from whatever thread raised; the
    dialog is shown through a queued signal, so only the GUI thread touches widgets.
    """

    crashed = Signal(str)

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.dialogs: list[QMessageBox] = []
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook = sys.__excepthook__
        threading.excepthook = threading.__excepthook__

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("uncaught exception\n%s", text)
        self.crashed.emit(text)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str)
    def _show(self, text: str) -> None:
        where = str(self.log_file) if self.log_file else _("the terminal output")
        box = QMessageBox(QMessageBox.Icon.Critical, _("Unexpected error"), "")
        box.setText(
            _(
                "b24desk hit an unexpected error. Your saved data is safe; the change "
                "being made may not have been saved. The details were written to {log}."
            ).format(log=where)
        )
        box.setDetailedText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result, b=box: self.dialogs.remove(b))
        self.dialogs.append(box)
        box.open()  # window-modal, does not block the event loop

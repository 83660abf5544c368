"""A progress dialog while a database upgrade builds something long (the search
index of schema 6 over ten years of records): shown at the first report, closed
when the upgrade ends.  The upgrade is one transaction, so it cannot be cancelled
half-way: the dialog has no Cancel button and says so."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QProgressDialog, QWidget

from b24desk.i18n import N_, _
from b24desk.store import migrations

#: What each kind of record is called while its search index is built.
KIND_NAMES = {
    "client": N_("clients"),
    "portal": N_("portals"),
    "ticket": N_("tickets"),
    "message": N_("ticket messages"),
    "invoice": N_("invoices"),
    "coupon": N_("coupons"),
    "quote": N_("quotes"),
}


class UpgradeProgress:
    """Hears :data:`migrations.progress_listener` and shows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.dialog: QProgressDialog | None = None
        self.reports = 0

    def __call__(self, kind: str, done: int, total: int) -> None:
        self.reports += 1
        if self.dialog is None:
            self.dialog = QProgressDialog(self.parent)
            self.dialog.setWindowTitle(_("Upgrading the database"))
            self.dialog.setAccessibleName(_("Upgrading the database"))
            self.dialog.setCancelButton(None)  # one transaction: nothing to stop safely
            self.dialog.setMinimumDuration(0)
            self.dialog.setMinimumWidth(420)
            self.dialog.show()
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))
        name = _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind
        self.dialog.setLabelText(
            _(
                "Building the search index: {what}, {done} of {total}.\n"
                "This happens once; please wait."
            ).format(what=name, done=done, total=total)
        )
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


@contextlib.contextmanager
def upgrade_progress(parent: QWidget | None = None) -> Iterator[UpgradeProgress]:
    """Show the progress of any upgrade run inside the ``with`` block."""
    shown = UpgradeProgress(parent)
    migrations.set_progress_listener(shown)
    try:
        yield shown
    finally:
        migrations.set_progress_listener(None)
        shown.close()

"""Fixtures of the mail screens' tests: a Spanish client, drafts built by hand (the
compose helper writes the real ones), and messages moved to each state as the sender
would leave them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import peewee
import pytest

from b24desk.domain.mail import Attachment, Draft
from b24desk.store import models as m
from b24desk.store import outbox
from b24desk.ui.mail import common

PDF = b"%PDF-1.4\n% a test invoice\n" + b"0" * 2000


@pytest.fixture
def client(db: peewee.Database) -> m.Client:
    return m.Client.create(
        company="Zenit Logística SL", email="ana@zenit.es", country="ES", doc_language="es"
    )


def make_draft(client_id: int | None, **changes: Any) -> Draft:
    values: dict[str, Any] = {
        "kind": "invoice",
        "language": "es",
        "to": "ana@zenit.es",
        "subject": "Factura INV-2026-0007",
        "body": "Hola Ana,\n\nadjuntamos la factura INV-2026-0007.\n\nUn saludo",
        "client_id": client_id,
        "record_type": "invoice",
        "record_id": 7,
        "attachments": (Attachment("INV-2026-0007.pdf", PDF),),
    }
    values.update(changes)
    return Draft(**values)


@pytest.fixture
def draft(client: m.Client) -> Callable[..., Draft]:
    def make(**changes: Any) -> Draft:
        return make_draft(changes.pop("client_id", client.id), **changes)

    return make


def set_state(message_id: int, state: str, **values: Any) -> None:
    """Leave a message as the sender would (sent, failed…)."""
    if state == "sent":
        values.setdefault("sent_at", datetime(2026, 12, 2, 21, 14, tzinfo=UTC))
    m.OutboxMessage.update(state=state, **values).where(m.OutboxMessage.id == message_id).execute()
    outbox.events.notify(outbox.OUTBOX)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files an Open button showed (no viewer starts in the tests)."""
    shown: list[str] = []

    def fake_open(url: Any) -> bool:
        shown.append(url.toLocalFile())
        return True

    monkeypatch.setattr(common, "open_url", fake_open)
    return shown

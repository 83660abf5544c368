"""The outbox's queue: what is queued is what is kept, a reminder stage once (#16)."""

from __future__ import annotations

import peewee
import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.domain.mail import MAX_ATTACHMENT_BYTES, Attachment, Draft
from b24desk.store import outbox
from b24desk.store.models import Client


def _client() -> Client:
    return Client.create(company="Zenit Logística SL", email="ana@zenit.es", country="ES")


def _draft(client: Client, **changes: object) -> Draft:
    values: dict[str, object] = {
        "kind": "invoice",
        "language": "es",
        "to": "ana@zenit.es",
        "subject": "Factura INV-2026-0007",
        "body": "Hola Ana,\nadjuntamos la factura.",
        "client_id": client.id,
        "record_type": "invoice",
        "record_id": 7,
        "attachments": (Attachment("INV-2026-0007.pdf", b"%PDF-1.4 bytes"),),
    }
    values.update(changes)
    return Draft(**values)  # type: ignore[arg-type]


def test_a_queued_message_keeps_its_text_and_attachment_bytes(db: peewee.Database) -> None:
    client = _client()
    message_id = outbox.queue(_draft(client))
    assert message_id is not None
    row = outbox.get_message(message_id)
    assert (row.state, row.to, row.client, row.language) == (
        "queued", "ana@zenit.es", "Zenit Logística SL", "es",
    )
    assert row.message_id.startswith("<") and row.message_id.endswith(">")
    assert row.attachment_names == ("INV-2026-0007.pdf",)
    assert outbox.message_attachments(message_id)[0].data == b"%PDF-1.4 bytes"
    assert outbox.waiting_count() == 1
    assert [r.id for r in outbox.messages_about("invoice", 7)] == [message_id]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"to": "ana@@zenit"}, "to"),
        ({"to": ""}, "to"),
        ({"cc": "nobody"}, "cc"),
        ({"subject": "Factura\r\nBcc: everyone@evil.example"}, "subject"),
        ({"attachments": (Attachment("big.pdf", b"x" * (MAX_ATTACHMENT_BYTES + 1)),)},
         "attachments"),
    ],
)
def test_bad_input_is_refused_before_anything_is_queued(
    db: peewee.Database, changes: dict[str, object], field: str
) -> None:
    client = _client()
    with pytest.raises(ValidationErrors) as caught:
        outbox.queue(_draft(client, **changes))
    assert field in caught.value.by_field
    assert outbox.list_messages() == []


def test_a_reminder_stage_is_queued_once(db: peewee.Database) -> None:
    client = _client()
    reminder = _draft(client, kind="overdue", stage="14", attachments=())
    first = outbox.queue(reminder)
    assert first is not None
    assert outbox.queue(reminder) is None
    assert outbox.reminder_queued("overdue", "14", "invoice", 7, "")
    assert len(outbox.list_messages()) == 1
    # The next stage of the same invoice is another reminder.
    assert outbox.queue(_draft(client, kind="overdue", stage="30", attachments=())) is not None


def test_cancel_and_retry_move_only_from_the_states_they_name(db: peewee.Database) -> None:
    client = _client()
    message_id = outbox.queue(_draft(client))
    assert message_id is not None
    assert outbox.cancel(message_id)
    assert outbox.get_message(message_id).state == "cancelled"
    assert outbox.waiting_count() == 0
    assert not outbox.cancel(message_id)
    assert outbox.retry(message_id)
    assert outbox.get_message(message_id).state == "queued"
    assert not outbox.retry(message_id)

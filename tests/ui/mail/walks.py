"""An outbox in every state over the demo office, for the walks over every screen
(accessibility, columns that fit, dark palette)."""

from __future__ import annotations

from datetime import UTC, datetime

from b24desk.domain.mail import Attachment, Draft
from b24desk.store import models as m
from b24desk.store import outbox

LONG_ERROR = (
    "554 5.7.1 Message rejected: the recipient's server does not accept mail from this "
    "sender until the domain's SPF record lists the office's mail server"
)


def mail_draft(client: m.Client | None = None) -> Draft:
    client = client or m.Client.select().order_by(m.Client.id).first()
    return Draft(
        kind="invoice",
        language="es",
        to="ana.garcia@zenit-logistica.es, contabilidad@zenit-logistica.es",
        cc="oficina@zenit-logistica.es",
        subject="Factura INV-2026-0007 de Bitrix24 Profesional (12 meses)",
        body="Hola Ana:\n\nAdjuntamos la factura INV-2026-0007.\n\nUn saludo,\nla oficina",
        client_id=client.id if client else None,
        record_type="invoice",
        record_id=7,
        attachments=(
            Attachment("INV-2026-0007.pdf", b"%PDF-1.4 " + b"0" * 48_000),
            Attachment("Condiciones.pdf", b"%PDF-1.4 " + b"0" * 1_250_000),
        ),
    )


def fill_outbox() -> dict[str, int]:
    """One message in each state, with a long server reason on the failed one."""
    clients = list(m.Client.select().order_by(m.Client.id).limit(5))
    ids: dict[str, int] = {}
    states = ("queued", "sending", "sent", "failed", "cancelled")
    for client, state in zip(clients, states, strict=True):
        message_id = outbox.queue(mail_draft(client))
        assert message_id is not None
        values: dict[str, object] = {"state": state, "attempts": 2 if state != "queued" else 0}
        if state == "sent":
            values["sent_at"] = datetime(2026, 11, 19, 21, 14, tzinfo=UTC)
        if state == "failed":
            values["last_error"] = LONG_ERROR
        m.OutboxMessage.update(**values).where(m.OutboxMessage.id == message_id).execute()
        ids[state] = message_id
    return ids

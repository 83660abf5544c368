"""What can be sent (#16 item 3): each kind in the client's language (en/es/ru), Babel
money and dates with the year, the PDF attached; the office's template used, then reset."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import peewee
import pytest
from pypdf import PdfReader

from b24desk import i18n
from b24desk.domain.errors import ValidationErrors
from b24desk.domain.mail_templates import shipped_template
from b24desk.mail.compose import (
    coupon_draft,
    draft_for,
    invoice_draft,
    overdue_draft,
    receipt_draft,
    renewal_draft,
    sendable,
    statement_draft,
)
from b24desk.store import invoices as inv
from b24desk.store import mail_templates
from b24desk.store import models as m
from b24desk.store.errors import StoreError
from tests.mail.helpers import TODAY, D, issued, line, make_client

#: Per language: the client's currency, how Babel writes 1 234,56 in it, the greeting.
LOCALES = {
    "en": ("NZD", "$1,234.56", "Hello Ana Pérez,"),
    "es": ("EUR", "1.234,56 €", "Estimado/a Ana Pérez:"),
    "ru": ("RUB", "1 234,56 ₽", "Здравствуйте, Ана Перес!"),
}


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _client(lang: str, **fields: object) -> m.Client:
    currency = LOCALES[lang][0]
    contact = "Ана Перес" if lang == "ru" else "Ana Pérez"
    return make_client(language=lang, currency=currency, contact_person=contact, **fields)


def _office() -> None:
    office = m.Office.get()
    office.name = "Kiwi Cloud Partners Ltd"
    office.overdue_stages = "3,14,30"
    office.save()


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_invoice_in_the_clients_language_with_its_pdf(db: peewee.Database, lang: str) -> None:
    _office()
    _, amount, greeting = LOCALES[lang]
    client = _client(lang, billing_email="cuentas@zenit.es")
    invoice = issued(client, "1234.56", -14)  # issued today, due in 14 days
    draft = invoice_draft(invoice.id, TODAY)
    assert (draft.kind, draft.language, draft.to) == ("invoice", lang, "cuentas@zenit.es")
    assert (draft.client_id, draft.record_type) == (client.id, "invoice")
    assert draft.record_id == invoice.id
    assert invoice.number in draft.subject and "Kiwi Cloud Partners Ltd" in draft.subject
    assert flat(draft.body).startswith(greeting)
    assert amount in flat(draft.body)
    due = TODAY + timedelta(days=14)
    assert flat(i18n.format_date(due, lang)) in flat(draft.body) and "2026" in draft.body
    (pdf,) = draft.attachments
    assert pdf.filename == f"{invoice.number}.pdf" and pdf.mime_type == "application/pdf"
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert invoice.number in text and amount in text


def test_without_billing_address_the_e_mail_is_used_and_a_draft_invoice_is_refused(
    db: peewee.Database,
) -> None:
    client = _client("es")
    invoice = issued(client, "10.00", 0)
    assert invoice_draft(invoice.id, TODAY).to == "ana@zenit.es"
    draft = inv.create_draft(client.id, [line("10.00")])
    with pytest.raises(StoreError, match="issue it first"):
        invoice_draft(draft.id, TODAY)
    assert sendable("invoice", draft.id, TODAY) == []


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_credit_note_points_to_its_invoice(db: peewee.Database, lang: str) -> None:
    client = _client(lang)
    invoice = issued(client, "2000.00", 0)
    note = inv.credit_invoice(invoice.id, TODAY, "Descuento", [line("1234.56")])
    draft = invoice_draft(note.id, TODAY)
    assert draft.kind == "credit_note" and draft.language == lang
    assert note.number in draft.subject and invoice.number in draft.body
    assert LOCALES[lang][1] in flat(draft.body)
    assert draft.attachments[0].filename == f"{note.number}.pdf"
    assert sendable("invoice", note.id, TODAY) == ["credit_note"]


@pytest.mark.parametrize(
    ("lang", "method"), [("en", "Bank deposit"), ("es", "Depósito bancario"),
                         ("ru", "Внесение на банковский счёт")],
)  # fmt: skip
def test_receipt_amount_date_method_and_what_is_still_owed(
    db: peewee.Database, lang: str, method: str
) -> None:
    client = _client(lang)
    invoice = issued(client, "2000.00", 0)
    payment = inv.record_payment(invoice.id, TODAY, D("765.44"), "bank_deposit")
    draft = receipt_draft(payment.id)
    body = flat(draft.body)
    assert (draft.kind, draft.record_type, draft.record_id) == ("receipt", "payment", payment.id)
    assert invoice.number in draft.subject
    assert method in body
    assert LOCALES[lang][1] in body  # still owed: 2 000 − 765,44 = 1 234,56
    assert flat(i18n.format_date(TODAY, lang)) in body
    assert sendable("payment", payment.id, TODAY) == ["receipt"]


def _subscription(client: m.Client, paid_until: date, **fields: object) -> m.Subscription:
    plan = m.Plan.create(code=f"pro{client.id}", name="Professional", kind="cloud", seats=100)
    return m.Subscription.create(
        client=client, plan=plan, portal_url="https://zenit.bitrix24.es",
        starts_on=paid_until - timedelta(days=364), paid_until=paid_until, **fields,
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_renewal_stages_grace_and_frozen_with_their_dates(
    db: peewee.Database, lang: str
) -> None:
    """004: remind 30 days before the end date, 7 days before, and on the day; 000:
    grace for 15 days, frozen when nobody logs in for a month after grace."""
    client = _client(lang)
    paid_until = date(2026, 12, 31)
    sub = _subscription(client, paid_until)
    when = flat(i18n.format_date(paid_until, lang))
    for days_before, stage in ((30, "30"), (8, "30"), (7, "7"), (1, "7"), (0, "0")):
        draft = renewal_draft(sub.id, paid_until - timedelta(days=days_before))
        assert (draft.kind, draft.stage, draft.period) == ("renewal", stage, "2026-12-31")
        assert when in flat(draft.subject) and "Professional" in draft.body
        assert "https://zenit.bitrix24.es" in draft.body
    grace = renewal_draft(sub.id, paid_until + timedelta(days=1))
    assert (grace.kind, grace.stage) == ("grace", "grace")
    assert flat(i18n.format_date(date(2027, 1, 15), lang)) in flat(grace.body)  # grace end
    # Frozen from add_months(grace end, 1) + 1 day = 16 Feb 2027; deleted 15 days later.
    frozen = renewal_draft(sub.id, date(2027, 2, 16))
    assert (frozen.kind, frozen.stage) == ("frozen", "frozen")
    assert flat(i18n.format_date(date(2027, 2, 16), lang)) in flat(frozen.body)
    assert flat(i18n.format_date(date(2027, 3, 3), lang)) in flat(frozen.body)
    assert sendable("subscription", sub.id, date(2027, 2, 16)) == ["frozen"]
    # Free (after grace, before freezing): nothing is due.
    with pytest.raises(StoreError):
        renewal_draft(sub.id, date(2027, 1, 20))
    assert sendable("subscription", sub.id, date(2027, 1, 20)) == []
    # Between stages a manual reminder may still be sent; it records no stage.
    manual = renewal_draft(sub.id, paid_until - timedelta(days=60))
    assert (manual.kind, manual.stage) == ("renewal", "")


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_coupon_code_steps_and_the_seven_day_deadline(db: peewee.Database, lang: str) -> None:
    """001 §2.3: a coupon not activated within 7 days of purchase may be deactivated."""
    client = _client(lang)
    plan = m.Plan.create(code="std", name="Standard", kind="cloud", seats=50)
    coupon = m.Coupon.create(
        code="B24-ABCD-1234", product="cloud_subscription", plan=plan, purchased_on=TODAY,
        currency="USD", list_price=D("600"), partner_cost=D("480"), client=client,
        assigned_on=TODAY, state="assigned",
    )  # fmt: skip
    draft = coupon_draft(coupon.id)
    body = flat(draft.body)
    assert (draft.kind, draft.record_type, draft.record_id) == ("coupon", "coupon", coupon.id)
    assert "B24-ABCD-1234" in draft.subject and "B24-ABCD-1234" in body
    assert flat(i18n.format_date(TODAY + timedelta(days=7), lang)) in body
    assert "https://zenit.bitrix24.es" in body and "Standard" in body
    assert "1." in body and "3." in body  # the steps
    assert sendable("coupon", coupon.id, TODAY + timedelta(days=7)) == ["coupon"]
    assert sendable("coupon", coupon.id, TODAY + timedelta(days=8)) == []


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_overdue_reminder_stage_and_amount_still_open(db: peewee.Database, lang: str) -> None:
    _office()
    client = _client(lang)
    invoice = issued(client, "2000.00", 14)
    inv.record_payment(invoice.id, TODAY, D("765.44"), "bank_deposit")
    draft = overdue_draft(invoice.id, TODAY)
    assert (draft.kind, draft.stage, draft.record_id) == ("overdue", "14", invoice.id)
    assert LOCALES[lang][1] in flat(draft.body)
    assert flat(i18n.format_date(TODAY - timedelta(days=14), lang)) in flat(draft.body)
    assert sendable("invoice", invoice.id, TODAY) == ["invoice", "overdue"]
    on_time = issued(client, "10.00", 0)  # due today: not late
    assert sendable("invoice", on_time.id, TODAY) == ["invoice"]
    with pytest.raises(StoreError):
        overdue_draft(on_time.id, TODAY)


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_statement_with_its_pdf(db: peewee.Database, lang: str) -> None:
    client = _client(lang)
    issued(client, "1234.56", 40)
    draft = statement_draft(client.id, TODAY)
    assert (draft.kind, draft.record_type, draft.record_id) == ("statement", "client", client.id)
    assert LOCALES[lang][1] in flat(draft.body)
    (pdf,) = draft.attachments
    assert pdf.filename == "statement-2026-12-05.pdf"
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert LOCALES[lang][1] in text
    assert sendable("client", client.id, TODAY) == ["statement"]
    assert draft_for("statement", "client", client.id, TODAY).subject == draft.subject


def test_the_offices_template_is_used_then_reset(db: peewee.Database) -> None:
    client = _client("es")
    invoice = issued(client, "1234.56", 0)
    mail_templates.save_template(
        "invoice", "es", "Su factura {number}", "Hola {client}: le enviamos {total}. {office}"
    )
    assert mail_templates.is_customised("invoice", "es")
    assert not mail_templates.is_customised("invoice", "en")
    draft = invoice_draft(invoice.id, TODAY)
    assert draft.subject == f"Su factura {invoice.number}"
    assert flat(draft.body).startswith("Hola Ana Pérez: le enviamos 1.234,56 €.")
    mail_templates.reset_template("invoice", "es")
    assert not mail_templates.is_customised("invoice", "es")
    assert mail_templates.template("invoice", "es") == shipped_template("invoice", "es")
    assert invoice_draft(invoice.id, TODAY).subject.startswith(f"Factura {invoice.number}")


def test_a_bad_template_is_refused_and_the_saved_one_kept(db: peewee.Database) -> None:
    mail_templates.save_template("coupon", "ru", "Купон {code}", "Код: {code}")
    with pytest.raises(ValidationErrors) as caught:
        mail_templates.save_template("coupon", "ru", "Купон {code.__class__}", "Код {total}")
    assert set(caught.value.by_field) == {"subject", "body"}
    assert "{total}" in caught.value.by_field["body"]
    assert mail_templates.template("coupon", "ru") == ("Купон {code}", "Код: {code}")
    # Saving the shipped text again is the same as a reset.
    mail_templates.save_template("coupon", "ru", *shipped_template("coupon", "ru"))
    assert not mail_templates.is_customised("coupon", "ru")

"""Invoices in the store: drafts, gap-free numbers (also from two processes),
immutability, payments, overdue, credit notes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import peewee
import pytest

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store.errors import StaleRecordError, StoreError

D = Decimal
TODAY = date(2026, 11, 20)


@pytest.fixture
def client(db: peewee.Database) -> m.Client:
    return m.Client.create(company="Acme Ltd", currency="NZD", doc_language="en")


@pytest.fixture
def standard(db: peewee.Database) -> m.Plan:
    plan = m.Plan.create(code="standard", name="Standard", kind="cloud", seats=50)
    m.PlanPrice.create(plan=plan, currency="NZD", price=D("100.00"))
    return plan


def line(price: str = "100.00", **kw: object) -> inv.LineInput:
    return inv.LineInput(
        description=kw.pop("description", "Implementation, 1 hour"),  # type: ignore[arg-type]
        quantity=kw.pop("quantity", D(1)),
        unit_price=D(price),
        tax_rate=kw.pop("tax_rate", D("0.15")),
        **kw,  # type: ignore[arg-type]
    )


def issue(draft: m.Invoice, day: date = TODAY) -> m.Invoice:
    return inv.issue_invoice(draft.id, day, draft.version)


def test_draft_totals_come_from_the_rules(client: m.Client) -> None:
    draft = inv.create_draft(client.id, [line(), line()])
    assert (draft.number, draft.state) == (None, "draft")
    assert (draft.net, draft.tax, draft.total) == (D("200.00"), D("30.00"), D("230.00"))
    assert draft.currency == "NZD"
    assert inv.totals_of(draft.id).tax_by_rate == {D("0.15"): D("30.00")}


def test_bad_lines_are_refused_with_the_field_named(client: m.Client) -> None:
    with pytest.raises(ValidationErrors) as caught:
        inv.create_draft(client.id, [line(), line("-5"), line(quantity=D(0))])
    assert set(caught.value.by_field) == {"line1.unit_price", "line2.quantity"}
    assert m.Invoice.select().count() == 0


def test_issuing_numbers_per_year_without_gaps(client: m.Client) -> None:
    numbers = [issue(inv.create_draft(client.id, [line()])).number for _ in range(3)]
    assert numbers == ["INV-2026-0001", "INV-2026-0002", "INV-2026-0003"]
    next_year = issue(inv.create_draft(client.id, [line()]), date(2027, 1, 2))
    assert next_year.number == "INV-2027-0001"
    assert next_year.due_date == date(2027, 1, 16)  # 14 days, the office default


def test_prefix_is_a_setting(client: m.Client) -> None:
    m.Office.update(invoice_prefix="KCP").execute()
    assert issue(inv.create_draft(client.id, [line()])).number == "KCP-2026-0001"


def test_issued_invoice_never_changes(client: m.Client) -> None:
    issued = issue(inv.create_draft(client.id, [line()]))
    with pytest.raises(StoreError, match="credit note"):
        inv.update_draft(issued.id, [line("1.00")], "", issued.version)
    with pytest.raises(StoreError, match="credit note"):
        inv.delete_draft(issued.id)
    with pytest.raises(StoreError):
        inv.issue_invoice(issued.id, TODAY, issued.version)
    again = m.Invoice.get_by_id(issued.id)
    assert (again.number, again.total) == ("INV-2026-0001", D("115.00"))


def test_stale_draft_is_refused(client: m.Client) -> None:
    draft = inv.create_draft(client.id, [line()])
    inv.update_draft(draft.id, [line("50.00")], "first desk", draft.version)
    with pytest.raises(StaleRecordError):
        inv.update_draft(draft.id, [line("60.00")], "second desk", draft.version)
    assert m.Invoice.get_by_id(draft.id).notes == "first desk"


def test_price_below_list_needs_a_reason(client: m.Client, standard: m.Plan) -> None:
    cheap = line("1000.00", plan_id=standard.id, term_months=12)  # list: 12 × 100
    with pytest.raises(ValidationErrors) as caught:
        inv.create_draft(client.id, [cheap])
    assert "line0.discount_reason" in caught.value.by_field
    agreed = line("1000.00", plan_id=standard.id, term_months=12, discount_reason="vendor ok")
    draft = inv.create_draft(client.id, [agreed])
    assert inv.invoice_lines(draft.id)[0].discount_reason == "vendor ok"
    # The long-term discount the vendor offers for 12 months needs no reason.
    long_term = line("1200.00", plan_id=standard.id, term_months=12, discount=D("0.10"))
    assert inv.create_draft(client.id, [long_term]).net == D("1080.00")


def test_payments_partial_paid_and_overdue(client: m.Client) -> None:
    invoice = issue(inv.create_draft(client.id, [line()]))  # 115.00, due 4 Dec
    assert inv.display_status(invoice, TODAY) == "issued"
    inv.record_payment(invoice.id, TODAY, "15.00", "eftpos")
    invoice = m.Invoice.get_by_id(invoice.id)
    assert inv.display_status(invoice, TODAY) == "partly_paid"
    assert inv.display_status(invoice, date(2026, 12, 5)) == "overdue"
    assert inv.balance(invoice) == D("100.00")
    with pytest.raises(ValidationErrors) as caught:
        inv.record_payment(invoice.id, TODAY, "100.01", "visa")
    assert "amount" in caught.value.by_field
    inv.record_payment(invoice.id, date(2026, 12, 10), D("100.00"), "bank_deposit")
    invoice = m.Invoice.get_by_id(invoice.id)
    assert invoice.paid == D("115.00")
    assert inv.display_status(invoice, date(2026, 12, 10)) == "paid"


def test_an_invoice_s_payments_are_read_back_oldest_first(client: m.Client) -> None:
    invoice = issue(inv.create_draft(client.id, [line()]))  # 115.00
    other = issue(inv.create_draft(client.id, [line()]))
    assert inv.invoice_payments(invoice.id) == []
    inv.record_payment(invoice.id, date(2026, 12, 1), "15.00", "eftpos", "EFT 42")
    inv.record_payment(invoice.id, TODAY, "40.00", "bank_deposit", "ANZ 7731")
    inv.record_payment(other.id, TODAY, "1.00", "visa")
    shown = [
        (p.paid_on, p.method, p.reference, p.amount) for p in inv.invoice_payments(invoice.id)
    ]
    assert shown == [
        (TODAY, "bank_deposit", "ANZ 7731", D("40.00")),
        (date(2026, 12, 1), "eftpos", "EFT 42", D("15.00")),
    ]


def test_paypal_only_for_6_or_12_month_standard_or_professional(
    client: m.Client, standard: m.Plan
) -> None:
    services = issue(inv.create_draft(client.id, [line()]))
    assert "paypal" not in inv.payment_methods_for(services.id)
    with pytest.raises(ValidationErrors) as caught:
        inv.record_payment(services.id, TODAY, "10.00", "paypal")
    assert "PayPal" in caught.value.by_field["method"]
    yearly = issue(
        inv.create_draft(client.id, [line("1200.00", plan_id=standard.id, term_months=12)])
    )
    assert "paypal" in inv.payment_methods_for(yearly.id)
    inv.record_payment(yearly.id, TODAY, "100.00", "paypal")


def test_sql_status_agrees_with_python(client: m.Client) -> None:
    draft = inv.create_draft(client.id, [line()])
    unpaid = issue(inv.create_draft(client.id, [line()]), date(2026, 10, 1))  # overdue
    part = issue(inv.create_draft(client.id, [line()]))
    inv.record_payment(part.id, TODAY, "1.00", "visa")
    full = issue(inv.create_draft(client.id, [line()]))
    inv.record_payment(full.id, TODAY, "115.00", "visa")
    credited = issue(inv.create_draft(client.id, [line()]))
    inv.credit_invoice(credited.id, TODAY, "cancelled order")
    listing = inv.invoice_listing(TODAY)
    rows = listing.page(0, 100)
    for row in rows:
        assert row.status == inv.display_status(m.Invoice.get_by_id(row.id), TODAY)
    by_id = {row.id: row.status for row in rows}
    assert by_id[draft.id] == "draft"
    assert by_id[unpaid.id] == "overdue"
    assert by_id[part.id] == "partly_paid"
    assert by_id[full.id] == "paid"
    assert by_id[credited.id] == "credited"
    assert listing.count(filters={"status": "overdue"}) == 1


def test_credit_note_full_and_partial(client: m.Client) -> None:
    first = issue(inv.create_draft(client.id, [line(), line("50.00")]))  # 172.50
    partial = inv.credit_invoice(first.id, TODAY, "one hour not delivered", [line("50.00")])
    assert partial.number == "CN-2026-0001"
    assert partial.total == D("57.50")
    assert m.Invoice.get_by_id(first.id).state == "issued"
    assert inv.balance(m.Invoice.get_by_id(first.id)) == D("115.00")
    with pytest.raises(ValidationError):
        inv.credit_invoice(first.id, TODAY, "too much", [line("200.00")])
    rest = inv.credit_invoice(first.id, TODAY, "cancelled", [line()])
    assert rest.number == "CN-2026-0002"
    assert m.Invoice.get_by_id(first.id).state == "credited"
    assert inv.invoice_document(rest.id).credited_number == first.number
    with pytest.raises(StoreError):
        inv.credit_invoice(first.id, TODAY, "again")


def _issue_in_another_process(path: str, ids: list[int], start: object) -> None:
    from b24desk.store.db import close_database, open_database

    open_database(path)
    start.wait()  # type: ignore[attr-defined]
    for invoice_id in ids:
        invoice = m.Invoice.get_by_id(invoice_id)
        inv.issue_invoice(invoice_id, TODAY, invoice.version)
    close_database()


def test_two_desks_issuing_at_once_get_distinct_gap_free_numbers(
    db_target: str, client: m.Client
) -> None:
    drafts = [inv.create_draft(client.id, [line()]).id for _ in range(40)]
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    desks = [
        ctx.Process(target=_issue_in_another_process, args=(db_target, drafts[i::2], start))
        for i in range(2)
    ]
    for desk in desks:
        desk.start()
    for desk in desks:
        desk.join(120)
        assert desk.exitcode == 0
    numbers = sorted(m.Invoice.select(m.Invoice.number).where(m.Invoice.id.in_(drafts)).tuples())
    assert [n for (n,) in numbers] == [f"INV-2026-{i:04d}" for i in range(1, 41)]
    assert m.InvoiceSequence.get(year=2026, kind="invoice").last_seq == 40


# -- payment methods (000) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "term", "allowed"),
    [
        ("standard", 6, True),
        ("standard", 12, True),
        ("professional", 12, True),
        ("standard", 3, False),
        ("standard", 24, False),
        ("basic", 12, False),
        ("enterprise", 12, False),
    ],
)
def test_wire_and_paypal_only_for_6_or_12_month_standard_or_professional(
    client: m.Client, code: str, term: int, allowed: bool
) -> None:
    """000: "For PayPal and wire payments (available for 6- or 12-month for Standard
    and Professional plans only)"."""
    plan = m.Plan.create(code=code, name=code.title(), kind="cloud", seats=50)
    m.PlanPrice.create(plan=plan, currency="NZD", price=D("100.00"))
    invoice = issue(
        inv.create_draft(client.id, [line(f"{100 * term}.00", plan_id=plan.id, term_months=term)])
    )
    methods = inv.payment_methods_for(invoice.id)
    assert ("wire" in methods, "paypal" in methods) == (allowed, allowed)
    assert {"bank_deposit", "eftpos", "visa"} <= set(methods)
    pdf_methods = inv.invoice_document(invoice.id).payment_methods
    assert ("wire" in pdf_methods) is allowed
    for method in ("wire", "paypal"):
        if allowed:
            inv.record_payment(invoice.id, TODAY, "1.00", method)
        else:
            with pytest.raises(ValidationErrors) as caught:
                inv.record_payment(invoice.id, TODAY, "1.00", method)
            assert "PayPal and wire transfer" in caught.value.by_field["method"]
    assert m.Payment.select().count() == (2 if allowed else 0)


# -- one balance: list, client card, Today, PDF ------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, runs of white space as one space."""
    import io
    import re

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"[\s\u00a0\u202f]+", " ", " ".join(p.extract_text() for p in pages))


def test_list_client_card_today_and_pdf_agree_on_what_is_owed(client: m.Client) -> None:
    """Still owed = total − payments − credit notes against the invoice, never below 0."""
    from b24desk.pdf import render_invoice
    from b24desk.store.clients import client_detail, client_listing
    from b24desk.store.today import invoice_items

    owing = issue(inv.create_draft(client.id, [line()]), date(2026, 10, 1))  # 115.00, overdue
    inv.record_payment(owing.id, date(2026, 10, 2), "15.00", "visa")
    inv.credit_invoice(owing.id, date(2026, 10, 3), "one hour less", [line("50.00")])  # 57.50
    settled = issue(inv.create_draft(client.id, [line()]), date(2026, 10, 1))
    inv.credit_invoice(settled.id, date(2026, 10, 3), "half cancelled", [line("50.00")])
    inv.record_payment(settled.id, date(2026, 10, 4), "57.50", "visa")  # the rest

    owed, nothing = D("42.50"), D("0.00")
    assert inv.balance(m.Invoice.get_by_id(owing.id)) == owed
    assert inv.balance(m.Invoice.get_by_id(settled.id)) == nothing
    # The invoice list: its balance column and its status.
    rows = {row.id: row for row in inv.invoice_listing(TODAY).page(0, 100)}
    assert inv.row_balance(rows[owing.id]) == owed
    assert (inv.row_balance(rows[settled.id]), rows[settled.id].status) == (nothing, "paid")
    assert rows[owing.id].status == "overdue"
    for row in rows.values():  # the SQL status agrees with Python's
        assert row.status == inv.display_status(m.Invoice.get_by_id(row.id), TODAY)
    # The client card: the list's amount due and the detail's invoices.
    (card,) = client_listing(TODAY).page(0, 10)
    assert card.amount_due == owed
    due = {i["id"]: i["due"] for i in client_detail(client.id, TODAY).invoices}
    assert (due[owing.id], due[settled.id]) == (owed, nothing)
    # Today: only the invoice that still owes, with what it owes.
    items, count = invoice_items(TODAY)
    assert count == 1 and items[0].record_id == owing.id
    assert "$42.50 due since" in items[0].detail
    # The PDF.
    document = inv.invoice_document(owing.id)
    assert document.balance(inv.totals_of(owing.id).total) == owed
    text = pdf_text(render_invoice(document))
    assert "Credited $57.50" in text
    assert "Amount due $42.50" in text
    settled_pdf = render_invoice(inv.invoice_document(settled.id))
    text = pdf_text(settled_pdf)
    assert "Amount due $0.00" in text and "Paid in full" in text
    # As of today the PDF says what the list says (#15.5): overdue, or paid on the
    # day of the last payment.
    late = pdf_text(render_invoice(inv.invoice_document(owing.id, TODAY)))
    assert "Amount overdue" in late and "Please pay it now" in late
    assert inv.invoice_document(settled.id, TODAY).paid_on == date(2026, 10, 4)
    assert "Paid on 4 Oct 2026" in pdf_text(render_invoice(inv.invoice_document(settled.id)))


# -- two desks paying or crediting the same invoice at once (#13) ------------------------------


def _pay_the_balance(path: str, ids: list[int], start: object, results: object) -> None:
    from b24desk.store.db import close_database, open_database

    open_database(path)
    outcomes = []
    for invoice_id in ids:
        owed = inv.balance(m.Invoice.get_by_id(invoice_id))  # both desks read 115.00
        start.wait()  # type: ignore[attr-defined]
        try:
            inv.record_payment(invoice_id, TODAY, owed, "visa")
            outcomes.append((invoice_id, "paid"))
        except ValidationErrors as exc:
            outcomes.append((invoice_id, exc.by_field.get("amount", str(exc))))
    results.put(outcomes)  # type: ignore[attr-defined]
    close_database()


def _credit_part(path: str, ids: list[int], start: object, results: object) -> None:
    from b24desk.store.db import close_database, open_database

    open_database(path)
    outcomes = []
    for invoice_id in ids:
        start.wait()  # type: ignore[attr-defined]
        try:
            inv.credit_invoice(invoice_id, TODAY, "refund", [line("60.00")])  # 69.00 of 115.00
            outcomes.append((invoice_id, "credited"))
        except ValidationError as exc:
            outcomes.append((invoice_id, exc.message))
    results.put(outcomes)  # type: ignore[attr-defined]
    close_database()


def _two_desks(target: Callable[..., None], db_target: str, ids: list[int]) -> list[tuple]:
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    desks = [ctx.Process(target=target, args=(db_target, ids, start, results)) for _ in range(2)]
    for desk in desks:
        desk.start()
    outcomes = [*results.get(timeout=300), *results.get(timeout=300)]
    for desk in desks:
        desk.join(60)
        assert desk.exitcode == 0
    return outcomes


def test_two_desks_paying_the_balance_at_once_never_overpay(
    db_target: str, client: m.Client
) -> None:
    ids = [issue(inv.create_draft(client.id, [line()])).id for _ in range(50)]
    outcomes = _two_desks(_pay_the_balance, db_target, ids)
    overpaid = [i for i in ids if m.Invoice.get_by_id(i).paid > m.Invoice.get_by_id(i).total]
    assert overpaid == []  # 0 overpaid in 50
    for invoice_id in ids:
        results = sorted(o for i, o in outcomes if i == invoice_id)
        assert results == ["The payment is more than the balance of the invoice.", "paid"]
        assert m.Payment.select().where(m.Payment.invoice == invoice_id).count() == 1
        assert m.Invoice.get_by_id(invoice_id).paid == D("115.00")


def test_two_credit_notes_at_once_never_credit_more_than_the_invoice(
    db_target: str, client: m.Client
) -> None:
    ids = [issue(inv.create_draft(client.id, [line()])).id for _ in range(20)]
    outcomes = _two_desks(_credit_part, db_target, ids)
    for invoice_id in ids:
        results = sorted(o for i, o in outcomes if i == invoice_id)
        assert results == ["The credit is more than what is left of the invoice.", "credited"]
        assert inv.credited_total(invoice_id) == D("69.00")


# -- what the invoice editor asks -------------------------------------------------------------


def test_editor_defaults_come_from_the_rules(client: m.Client, standard: m.Plan) -> None:
    from b24desk.store.lookup import price_choices

    m.Office.update(default_currency="EUR", country="NZ", default_tax_rate=D("0.15")).execute()
    assert inv.currency_for(None) == "EUR"  # no client yet: the office's currency
    assert inv.currency_for(client.id) == "NZD"
    m.Client.update(country="NZ").where(m.Client.id == client.id).execute()
    abroad = m.Client.create(company="Sol", currency="EUR", country="ES", doc_language="es",
                             non_profit=True)
    assert inv.default_tax_for(client.id) == D("0.15")
    assert inv.default_tax_for(abroad.id) == D(0)  # exported: zero-rated
    assert inv.default_tax_for(None) == D("0.15")
    m.PlanPrice.create(plan=standard, currency="EUR", price=D("50.00"))
    (choice,) = price_choices("EUR", ("cloud",), date(2026, 11, 4))
    line = inv.plan_line(abroad.id, choice, 12, date(2026, 11, 4))
    assert (line.unit_price, line.discount) == (D("600.00"), D("0.15"))  # 12 × 50, non-profit
    assert line.description == "Standard, 12 meses"  # the client's language prints
    assert (line.plan_id, line.term_months) == (standard.id, 12)

"""Quotes in the store (issue #17.2): numbering when made (also from two desks), drafts
only are edited, the answer with optimistic locking, the list's shown status in SQL,
and Convert to invoice once — twice in a row and from two processes at once."""

from __future__ import annotations

import multiprocessing
from datetime import date, timedelta
from decimal import Decimal

import peewee
import pytest

from b24desk.domain.errors import ValidationError, ValidationErrors
from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store import quotes as store
from b24desk.store.errors import StaleRecordError, StoreError

D = Decimal
TODAY = date(2026, 11, 20)


@pytest.fixture
def client(db: peewee.Database) -> m.Client:
    return m.Client.create(company="Acme Ltd", currency="NZD", doc_language="es")


def line(price: str = "100.00", **kw: object) -> inv.LineInput:
    return inv.LineInput(
        description=str(kw.pop("description", "Implementation, 1 hour")),
        quantity=kw.pop("quantity", D(1)),
        unit_price=D(price),
        tax_rate=kw.pop("tax_rate", D("0.15")),
        **kw,  # type: ignore[arg-type]
    )


def sent(quote: m.Quote, day: date = TODAY) -> m.Quote:
    return store.set_state(quote.id, "sent", day, quote.version)


def test_numbered_when_made_per_year_with_the_office_prefix(client: m.Client) -> None:
    first = store.create_draft(client.id, [line()], TODAY)
    second = store.create_draft(client.id, [line()], TODAY)
    m.Office.update(quote_prefix="EST").execute()
    next_year = store.create_draft(client.id, [line()], date(2027, 1, 2))
    assert (first.number, second.number) == ("QUO-2026-0001", "QUO-2026-0002")
    assert next_year.number == "EST-2027-0001"
    assert m.QuoteSequence.get(year=2026).last_seq == 2


def test_draft_in_the_client_s_currency_and_language_valid_for_the_office_s_days(
    client: m.Client,
) -> None:
    quote = store.create_draft(client.id, [line("100.00", quantity=D(3))], TODAY)
    assert (quote.currency, quote.language) == ("NZD", "es")
    assert quote.valid_until == TODAY + timedelta(days=30)
    assert (quote.net, quote.tax, quote.total) == (D("300.00"), D("45.00"), D("345.00"))
    m.Office.update(quote_valid_days=14).execute()
    assert store.create_draft(client.id, [line()], TODAY).valid_until == date(2026, 12, 4)


def test_bad_input_is_refused_with_the_field_named(client: m.Client) -> None:
    with pytest.raises(ValidationError) as empty:
        store.create_draft(client.id, [], TODAY)
    assert empty.value.field == "lines"
    with pytest.raises(ValidationErrors) as bad:
        store.create_draft(client.id, [line("-1")], TODAY)
    assert "line0.unit_price" in bad.value.by_field
    with pytest.raises(ValidationError) as before:
        store.create_draft(client.id, [line()], TODAY, valid_until=TODAY - timedelta(days=1))
    assert before.value.field == "valid_until"
    assert m.Quote.select().count() == 0
    assert m.QuoteSequence.select().count() == 0  # no number taken by a refused quote


def test_only_a_draft_is_edited_and_a_stale_edit_is_refused(client: m.Client) -> None:
    quote = store.create_draft(client.id, [line()], TODAY)
    saved = store.update_draft(quote.id, [line("50.00"), line("10.00")], "Hi", quote.version)
    assert saved.total == D("69.00")
    assert len(store.quote_lines(quote.id)) == 2
    with pytest.raises(StaleRecordError):
        store.update_draft(quote.id, [line()], "", quote.version)
    sent(saved)
    with pytest.raises(StoreError):
        store.update_draft(quote.id, [line()], "", saved.version + 1)
    with pytest.raises(StoreError):
        store.delete_draft(quote.id)


def test_delete_a_draft(client: m.Client) -> None:
    quote = store.create_draft(client.id, [line()], TODAY)
    store.delete_draft(quote.id)
    assert store.find_quote(quote.id) is None
    assert m.QuoteLine.select().count() == 0


def test_states_move_by_the_rules_with_optimistic_locking(client: m.Client) -> None:
    quote = store.create_draft(client.id, [line()], TODAY)
    with pytest.raises(ValidationError):
        store.set_state(quote.id, "accepted", TODAY, quote.version)  # not sent yet
    quote = sent(quote)
    with pytest.raises(StaleRecordError):
        store.set_state(quote.id, "accepted", TODAY, quote.version - 1)
    accepted = store.set_state(quote.id, "accepted", TODAY, quote.version)
    assert accepted.state == "accepted"
    with pytest.raises(ValidationError):
        store.set_state(quote.id, "declined", TODAY, accepted.version)


def test_the_list_s_sql_status_agrees_with_python_on_each_side_of_validity(
    client: m.Client,
) -> None:
    quote = store.create_draft(client.id, [line()], TODAY, valid_until=date(2026, 12, 1))
    for day, expected in ((date(2026, 12, 1), "sent"), (date(2026, 12, 2), "expired")):
        listing = store.quote_listing(day)
        if m.Quote.get_by_id(quote.id).state == "draft":
            sent(m.Quote.get_by_id(quote.id))
        (row,) = listing.page(0, 10)
        assert row.status == expected == store.shown_status(m.Quote.get_by_id(quote.id), day)
        assert listing.count(filters={"status": expected}) == 1
    assert store.quote_listing(TODAY).count(search="quo-2026-0001") == 1
    assert store.quote_listing(TODAY).count(search="acme") == 1


def test_convert_copies_lines_as_quoted_and_happens_once(client: m.Client) -> None:
    quote = store.create_draft(
        client.id,
        [line("80.00", quantity=D(2), discount=D("0.10")), line("5.00", tax_rate=D(0))],
        TODAY,
        notes="Prices for the pilot",
    )
    quote = sent(quote)
    invoice = store.convert_to_invoice(quote.id, TODAY + timedelta(days=3))
    assert invoice.state == "draft" and invoice.client_id == client.id
    assert invoice.total == quote.total == D("170.60")
    lines = inv.invoice_lines(invoice.id)
    assert [(ln.quantity, ln.unit_price, ln.discount) for ln in lines] == [
        (D(2), D("80.00"), D("0.10")),
        (D(1), D("5.00"), D(0)),
    ]
    assert "QUO-2026-0001" in invoice.notes
    converted = store.get_quote(quote.id)
    assert (converted.state, converted.invoice_id) == ("converted", invoice.id)
    with pytest.raises(ValidationError):
        store.convert_to_invoice(quote.id, TODAY)
    assert m.Invoice.select().count() == 1


def test_convert_refused_for_a_draft_a_declined_or_an_expired_quote(client: m.Client) -> None:
    draft = store.create_draft(client.id, [line()], TODAY, valid_until=date(2026, 12, 1))
    with pytest.raises(ValidationError):
        store.convert_to_invoice(draft.id, TODAY)
    quote = sent(draft)
    with pytest.raises(ValidationError):
        store.convert_to_invoice(quote.id, date(2026, 12, 2))  # the day after validity
    assert store.convert_to_invoice(quote.id, date(2026, 12, 1)).state == "draft"  # last day
    other = sent(store.create_draft(client.id, [line()], TODAY))
    store.set_state(other.id, "declined", TODAY, other.version)
    with pytest.raises(ValidationError):
        store.convert_to_invoice(other.id, TODAY)
    assert m.Invoice.select().count() == 1


def test_a_second_conversion_that_passed_the_check_is_rolled_back(
    client: m.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another desk converted between this desk's check and its write: the
    conditional UPDATE finds the invoice set, and this desk's invoice is rolled back."""
    quote = sent(store.create_draft(client.id, [line()], TODAY))
    read_before = store.get_quote(quote.id)  # this desk read it before the other converted
    first = store.convert_to_invoice(quote.id, TODAY)
    monkeypatch.setattr(store, "get_quote", lambda _quote_id: read_before)
    with pytest.raises(StoreError, match="converted"):
        store.convert_to_invoice(quote.id, TODAY)
    assert [i.id for i in m.Invoice.select()] == [first.id]


def _convert_in_another_process(
    path: str, quote_ids: list[int], start: object, out: object
) -> None:
    from b24desk.store.db import close_database, open_database

    open_database(path)
    try:
        for quote_id in quote_ids:
            start.wait(60)  # type: ignore[attr-defined]
            try:
                invoice = store.convert_to_invoice(quote_id, TODAY)
                out.put((quote_id, "won", invoice.id))  # type: ignore[attr-defined]
            except (ValidationError, StoreError) as exc:
                out.put((quote_id, "refused", str(exc)))  # type: ignore[attr-defined]
            except Exception as exc:  # anything else is a failure the test shows
                out.put((quote_id, type(exc).__name__, str(exc)))  # type: ignore[attr-defined]
    finally:
        close_database()


def test_two_desks_converting_the_same_quotes_at_once_convert_each_once(
    db_target: str, client: m.Client
) -> None:
    quotes = [sent(store.create_draft(client.id, [line()], TODAY)).id for _ in range(10)]
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    out = ctx.Queue()
    desks = [
        ctx.Process(target=_convert_in_another_process, args=(db_target, quotes, start, out))
        for _ in range(2)
    ]
    for desk in desks:
        desk.start()
    results: dict[int, list[tuple[str, object]]] = {}
    for _ in range(len(quotes) * 2):
        quote_id, outcome, detail = out.get(timeout=180)
        results.setdefault(quote_id, []).append((outcome, detail))
    for desk in desks:
        desk.join(60)
        assert desk.exitcode == 0
    for quote_id in quotes:
        outcomes = sorted(outcome for outcome, _detail in results[quote_id])
        assert outcomes == ["refused", "won"], results[quote_id]
        won = next(detail for outcome, detail in results[quote_id] if outcome == "won")
        assert store.get_quote(quote_id).invoice_id == won
    assert m.Invoice.select().count() == len(quotes)


def test_the_document_has_the_quote_s_language_lines_and_validity(client: m.Client) -> None:
    quote = store.create_draft(client.id, [line()], TODAY)
    document = store.quote_document(quote.id)
    assert (document.number, document.language) == ("QUO-2026-0001", "es")
    assert document.valid_until == TODAY + timedelta(days=30)
    assert document.client.name == "Acme Ltd"
    assert [ln.unit_price for ln in document.lines] == [D("100.00")]

"""The office's price list with effective dates, and clients' own prices (issue #17.1).

Seed rule (domain.md §3, from 001 §2.2 and §13.5): "The office may not bill a client
below the product's minimal end-user price, and may discount only with the vendor's
agreement: a price below list needs an explicit reason that is stored."
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import peewee
import pytest

from b24desk.domain.errors import ValidationErrors
from b24desk.store import invoices as inv
from b24desk.store import models as m
from b24desk.store import price_editing as pe
from b24desk.store.errors import StaleRecordError, StoreError
from b24desk.store.lookup import price_choices
from b24desk.store.prices import offered_price

D = Decimal
TODAY = date(2026, 12, 1)
RISE = date(2026, 12, 10)  # the vendor's new price takes effect that day


@pytest.fixture
def standard(db: peewee.Database) -> m.Plan:
    plan = m.Plan.create(code="standard", name="Standard", kind="cloud", seats=50)
    m.PlanPrice.create(plan=plan, currency="NZD", price=D("100.00"))  # since always
    return plan


@pytest.fixture
def client(db: peewee.Database) -> m.Client:
    return m.Client.create(company="Kea Ltd", currency="NZD", doc_language="en")


def _choice(on: date) -> object:
    (choice,) = price_choices("NZD", ("cloud",), on)
    return choice


def test_a_price_takes_effect_on_its_day_not_the_day_before(standard: m.Plan) -> None:
    pe.set_price(standard.id, "NZD", "120.00", None, None, RISE, TODAY)
    day_before, day_of = RISE - timedelta(days=1), RISE
    assert inv.list_price(standard.id, "NZD", 12, day_before) == D("1200.00")
    assert inv.list_price(standard.id, "NZD", 12, day_of) == D("1440.00")
    assert _choice(day_before).price == D("100.00")  # type: ignore[attr-defined]
    assert _choice(day_of).price == D("120.00")  # type: ignore[attr-defined]
    assert [r.list_price for r in pe.price_list(day_before)] == [D("100.00")]
    assert [r.list_price for r in pe.price_list(day_of)] == [D("120.00")]
    history = pe.price_history(standard.id, "NZD")
    assert [(r.valid_from, r.list_price) for r in history] == [
        (RISE, D("120.00")),
        (m.PRICE_EPOCH, D("100.00")),
    ]


def test_an_earlier_draft_keeps_its_prices_after_a_later_price_rise(
    client: m.Client, standard: m.Plan
) -> None:
    """issue #17: "a price change with an effective date leaves an earlier draft
    unchanged"."""
    made_on = RISE - timedelta(days=3)
    line = inv.plan_line(client.id, _choice(made_on), 1, made_on)  # type: ignore[arg-type]
    assert line.unit_price == D("100.00") and line.discount == 0
    draft = inv.create_draft(client.id, [line], today=made_on)
    m.Invoice.update(created_at=datetime(2026, 12, 7, 1, tzinfo=UTC)).where(
        m.Invoice.id == draft.id
    ).execute()  # made on the 7th (NZ time: the office's default zone or UTC)
    pe.set_price(standard.id, "NZD", "150.00", None, None, RISE, TODAY)
    # Edited after the rise: still priced and checked as on the day it was made.
    again = inv.get_invoice(draft.id)
    assert inv.draft_day(again) < RISE
    saved = inv.update_draft(draft.id, [line], "after the rise", again.version)
    assert (saved.net, saved.total) == (draft.net, draft.total)
    assert [ln.unit_price for ln in inv.invoice_lines(draft.id)] == [D("100.00")]
    issued = inv.issue_invoice(draft.id, RISE + timedelta(days=2), saved.version)
    assert issued.total == draft.total
    # A new draft from the day of the rise gets the new price, and the old one
    # is now below the list price: it needs a reason.
    fresh = inv.plan_line(client.id, _choice(RISE), 1, RISE)  # type: ignore[arg-type]
    assert fresh.unit_price == D("150.00")
    with pytest.raises(ValidationErrors) as caught:
        inv.create_draft(client.id, [line], today=RISE)
    assert "line0.discount_reason" in caught.value.by_field
    assert inv.create_draft(client.id, [line], today=RISE - timedelta(days=1)).net == D(
        "100.00"
    )


def test_the_resale_price_is_offered_and_never_below_the_list(
    client: m.Client, standard: m.Plan
) -> None:
    with pytest.raises(ValidationErrors) as caught:
        pe.set_price(standard.id, "NZD", "100.00", "80.00", "90.00", TODAY, TODAY)
    assert "resale_price" in caught.value.by_field
    pe.set_price(standard.id, "NZD", "100.00", "80.00", "110.00", TODAY, TODAY)
    line = inv.plan_line(client.id, _choice(TODAY), 1, TODAY)  # type: ignore[arg-type]
    assert (line.unit_price, line.discount_reason) == (D("110.00"), "")
    (row,) = pe.price_list(TODAY)
    assert (row.partner_cost, row.shown_partner_cost, row.resale_price) == (
        D("80.00"), D("80.00"), D("110.00")
    )


def test_partner_cost_is_shown_from_the_discount_when_not_stored(standard: m.Plan) -> None:
    m.PartnerProfile.update(status="silver").execute()  # 40 %
    (row,) = pe.price_list(TODAY)
    assert row.partner_cost is None and row.shown_partner_cost == D("60.00")


def test_history_is_never_changed_and_today_or_later_is_an_edit(standard: m.Plan) -> None:
    with pytest.raises(ValidationErrors) as caught:
        pe.set_price(standard.id, "NZD", "90.00", None, None, TODAY - timedelta(days=1), TODAY)
    assert "valid_from" in caught.value.by_field
    first = pe.set_price(standard.id, "NZD", "130.00", None, None, RISE, TODAY)
    stamp = pe.PriceStamp(first.price, None, None)
    pe.set_price(standard.id, "NZD", "125.00", None, None, RISE, TODAY, expected=stamp)
    # A second desk that read the 130.00 row is refused, and nothing changes.
    with pytest.raises(StaleRecordError):
        pe.set_price(standard.id, "NZD", "140.00", None, None, RISE, TODAY, expected=stamp)
    assert [r.list_price for r in pe.price_history(standard.id, "NZD")] == [
        D("125.00"), D("100.00")
    ]
    # Amounts are rounded to the currency's minor unit, never negative.
    with pytest.raises(ValidationErrors) as caught:
        pe.set_price(standard.id, "XXZ", "-1", None, None, RISE, TODAY)
    assert {"currency", "list_price"} <= set(caught.value.by_field)
    jpy = pe.set_price(standard.id, "jpy", "1234.6", None, None, TODAY, TODAY)
    assert (jpy.currency, jpy.price) == ("JPY", D("1235"))


def test_only_a_future_price_can_be_deleted(standard: m.Plan) -> None:
    future = pe.set_price(standard.id, "NZD", "130.00", None, None, RISE, TODAY)
    old = pe.price_history(standard.id, "NZD")[-1]
    with pytest.raises(StoreError):
        pe.delete_price(old.price_id, TODAY)
    with pytest.raises(StoreError):  # on its own day it is in force already
        pe.delete_price(future.id, RISE)
    pe.delete_price(future.id, RISE - timedelta(days=1))
    assert len(pe.price_history(standard.id, "NZD")) == 1


def test_add_and_archive_a_plan(db: peewee.Database) -> None:
    with pytest.raises(ValidationErrors) as caught:
        pe.add_plan("", "", "spaceship", -1, -5)
    assert {"code", "name", "kind", "seats", "storage_gb"} <= set(caught.value.by_field)
    plan = pe.add_plan("Audit", "Security audit (hourly)", "service", None, 0)
    assert plan.code == "audit"
    with pytest.raises(ValidationErrors):
        pe.add_plan("audit", "Twice", "service", None, 0)
    pe.set_price(plan.id, "USD", "90", None, None, TODAY, TODAY)
    assert [r.code for r in pe.price_list(TODAY)] == ["audit"]
    pe.archive_plan(plan.id)
    assert pe.price_list(TODAY) == []
    assert [r.code for r in pe.price_list(TODAY, include_archived=True)] == ["audit"]
    assert price_choices("USD", ("service",), TODAY) == []


def test_a_client_price_is_for_that_client_only_with_its_reason(
    client: m.Client, standard: m.Plan
) -> None:
    other = m.Client.create(company="Tui Ltd", currency="NZD", doc_language="en")
    with pytest.raises(ValidationErrors) as caught:  # below list: the reason is required
        pe.set_client_price(client.id, standard.id, "NZD", "80.00", " ", TODAY)
    assert "reason" in caught.value.by_field
    pe.set_client_price(client.id, standard.id, "NZD", "80.00", "Vendor deal #42", TODAY)
    line = inv.plan_line(client.id, _choice(TODAY), 1, TODAY)  # type: ignore[arg-type]
    assert (line.unit_price, line.discount_reason) == (D("80.00"), "Vendor deal #42")
    draft = inv.create_draft(client.id, [line], today=TODAY)  # the reason satisfies the rule
    assert inv.invoice_lines(draft.id)[0].discount_reason == "Vendor deal #42"
    theirs = inv.plan_line(other.id, _choice(TODAY), 1, TODAY)  # type: ignore[arg-type]
    assert (theirs.unit_price, theirs.discount_reason) == (D("100.00"), "")
    offer = offered_price(client.id, standard.id, "NZD", TODAY)
    assert offer is not None and offer.negotiated
    # Renewal lines from the client's subscriptions use its price too.
    m.Subscription.create(
        client=client, plan=standard, kind="cloud", portal_url="https://kea.bitrix24.com",
        start=TODAY, paid_until=TODAY + timedelta(days=30), term_months=1,
    )
    (source,) = inv.line_sources(client.id, TODAY)
    assert (source.line.unit_price, source.line.discount_reason) == (
        D("80.00"), "Vendor deal #42"
    )
    (row,) = pe.client_prices(client.id, TODAY)
    assert (row.price, row.list_price, row.reason) == (D("80.00"), D("100.00"), "Vendor deal #42")
    # Above the list price no reason is needed; removing it restores the office's price.
    pe.set_client_price(client.id, standard.id, "NZD", "105.00", "", TODAY)
    assert pe.client_prices(client.id, TODAY)[0].price == D("105.00")
    pe.remove_client_price(row.id)
    assert pe.client_prices(client.id, TODAY) == []

"""What importing a row means for each entity: clients, coupons, tickets, rates.

For each entity, :data:`ENTITY_RULES` holds how a row's cells become the data the
store takes (:mod:`.cells` converts them), how a row is checked without keeping
anything, and how it is written:

- clients with :func:`~b24desk.store.clients.clean_client_data`, then
  :func:`~b24desk.store.clients.create_client`; a company that exists or came
  earlier in the file is a duplicate.  Blank or unmapped country, currency and
  document language take the office's own.
- coupons by running :func:`~b24desk.store.coupons.record_purchase` (rolled back
  when only checking).  A coupon without a product is a cloud subscription for a
  cloud plan or an on-premise key for an edition; imported coupons never use bonus
  money.
- tickets by running :func:`~b24desk.store.tickets.create_ticket` (rolled back
  when only checking).
- exchange rates with :func:`~b24desk.domain.currency.check_rate`, then
  :func:`~b24desk.store.rates.set_rate` (a rate of the same day and pair is
  replaced); a blank or unmapped base is the home currency; the same day and pair
  twice in the file is a duplicate.

A client is named by its company, exact and case-insensitive; an unknown name or
one shared by several clients is a row error.  The preview and the batches are
:mod:`.importing`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from b24desk.domain.currency import check_rate
from b24desk.domain.errors import ValidationError
from b24desk.domain.pricing import PRODUCTS
from b24desk.i18n import _
from b24desk.store import events
from b24desk.store.clients import CLIENT_FIELDS, clean_client_data, create_client
from b24desk.store.coupons import record_purchase
from b24desk.store.csvio.cells import (
    code_for,
    parse_boolean,
    parse_country,
    parse_date,
    parse_language,
    parse_whole_number,
    strip_currency,
)
from b24desk.store.csvio.fields import field_title
from b24desk.store.models import Client, Plan
from b24desk.store.office import business_calendar, get_office
from b24desk.store.rates import set_rate
from b24desk.store.tickets import create_ticket

__all__ = ["ENTITY_RULES", "Converted", "EntityRules", "ImportContext"]


class ImportContext:
    """What the rows of one preview or import share: the moment, look-ups, and the
    companies seen so far in the file."""

    def __init__(self, now: datetime, today: date) -> None:
        self.now = now
        self.today = today
        self.seen: dict[str, int] = {}  # company (case-folded) → line of a valid row
        self._office: Any = None
        self._companies: dict[str, list[int]] | None = None
        self._plans: dict[str, list[Plan]] | None = None
        self._calendar: Any = None

    @property
    def office(self) -> Any:
        if self._office is None:
            self._office = get_office()
        return self._office

    @property
    def calendar(self) -> Any:
        if self._calendar is None:
            self._calendar = business_calendar()
        return self._calendar

    def clients_named(self, name: str) -> list[int]:
        if self._companies is None:
            self._companies = {}
            # peewee's stubs type ``.tuples()`` as still yielding models; these are pairs.
            rows = Client.select(Client.id, Client.company).tuples()
            for client_id, company in cast("Iterable[tuple[int, str]]", rows):
                self._companies.setdefault(company.strip().casefold(), []).append(client_id)
        return self._companies.get(name.strip().casefold(), [])

    def plans_named(self, name: str) -> list[Plan]:
        if self._plans is None:
            self._plans = {}
            for plan in Plan.select().order_by(Plan.archived, Plan.position, Plan.id):
                keys = {plan.code.casefold(), plan.name.strip().casefold()}
                keys.add(plan.name.strip().casefold().removeprefix("bitrix24").strip())
                for key in keys - {""}:
                    self._plans.setdefault(key, []).append(plan)
        key = " ".join(name.split()).casefold()
        return self._plans.get(key) or self._plans.get(key.removeprefix("bitrix24").strip(), [])


#: A row's cells converted: the data for the store, the cells that could not be read,
#: and the fields whose errors from the store would only repeat those.
Converted = tuple[dict[str, Any], list[ValidationError], frozenset[str]]


def _client_reference(text: str, ctx: ImportContext) -> int:
    ids = ctx.clients_named(text)
    if not ids:
        raise ValidationError(
            "client",
            _("There is no client called \u201c{name}\u201d.").format(name=text.strip()),
        )
    if len(ids) > 1:
        raise ValidationError(
            "client",
            _(
                "Several clients are called \u201c{name}\u201d: give them different names "
                "before importing."
            ).format(name=text.strip()),
        )
    return ids[0]


_CLIENT_BOOLEANS = frozenset(k for k, v in CLIENT_FIELDS.items() if isinstance(v, bool))


def _client_data(cells: Mapping[str, str], ctx: ImportContext) -> Converted:
    data: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for key, text in cells.items():
        if not text.strip():
            continue
        try:
            if key in _CLIENT_BOOLEANS:
                data[key] = parse_boolean(text, key, field_title(events.CLIENTS, key))
            elif key == "country":
                data[key] = parse_country(text)
            elif key == "doc_language":
                data[key] = parse_language(text)
            elif key in ("linked_via", "hosting"):
                data[key] = code_for(key, text)
            else:
                data[key] = text
        except ValidationError as exc:
            errors.append(exc)
    office = ctx.office
    data.setdefault("country", office.country)
    data.setdefault("currency", office.default_currency)
    data.setdefault("doc_language", office.interface_language)
    return data, errors, frozenset()


def _duplicate_client(company: str, ctx: ImportContext) -> None:
    key = company.strip().casefold()
    if ctx.clients_named(company):
        raise ValidationError(
            "company",
            _("A client called \u201c{company}\u201d exists already.").format(company=company),
        )
    if key in ctx.seen:
        raise ValidationError(
            "company",
            _("\u201c{company}\u201d is already on line {line} of the file.").format(
                company=company, line=ctx.seen[key]
            ),
        )


def _check_client(data: dict[str, Any], ctx: ImportContext) -> None:
    values = clean_client_data(data)
    _duplicate_client(values["company"], ctx)


def _write_client(data: dict[str, Any], ctx: ImportContext) -> None:
    _check_client(data, ctx)
    create_client(data)


def _remember_client(data: dict[str, Any], line: int, ctx: ImportContext) -> None:
    """A valid row's company: a later row of the file with it is a duplicate."""
    ctx.seen[str(data.get("company", "")).strip().casefold()] = line


#: The product a coupon without one is, by the kind of its plan.
_DEFAULT_PRODUCT = {"cloud": "cloud_subscription", "on_premise": "onprem_key"}


def _coupon_data(cells: Mapping[str, str], ctx: ImportContext) -> Converted:
    data: dict[str, Any] = {"use_bonus": False}
    errors: list[ValidationError] = []
    plan: Plan | None = None
    for key, text in cells.items():
        if not text.strip():
            continue
        title = field_title(events.COUPONS, key)
        try:
            if key == "plan":
                plans = ctx.plans_named(text)
                if not plans:
                    raise ValidationError(
                        "plan",
                        _("\u201c{value}\u201d is not a plan of the price list.").format(
                            value=text.strip()
                        ),
                    )
                plan = plans[0]
                data["plan"] = plan.id
            elif key == "product":
                product = code_for("product", text)
                if product not in PRODUCTS:
                    raise ValidationError(
                        "product",
                        _("{field}: \u201c{value}\u201d is not a known product.").format(
                            field=title, value=text.strip()
                        ),
                    )
                data["product"] = product
            elif key in ("term_months", "seats"):
                data[key] = parse_whole_number(text, key, title)
            elif key == "purchased_on":
                data[key] = parse_date(text, key, title)
            elif key == "list_price":
                data[key] = strip_currency(text, key, title)
            elif key == "client":
                data["client"] = _client_reference(text, ctx)
            elif key == "new_client":
                data[key] = parse_boolean(text, key, title)
            else:
                data[key] = text.strip()
        except ValidationError as exc:
            errors.append(exc)
    implied: frozenset[str] = frozenset()
    if not cells.get("product", "").strip():
        if plan is not None and plan.kind in _DEFAULT_PRODUCT:
            data["product"] = _DEFAULT_PRODUCT[plan.kind]
        elif cells.get("plan", "").strip():
            implied = frozenset({"product"})  # it follows from the plan, unknown here
    return data, errors, implied


def _write_coupon(data: dict[str, Any], ctx: ImportContext) -> None:
    record_purchase(data, ctx.today)


def _ticket_data(cells: Mapping[str, str], ctx: ImportContext) -> Converted:
    data: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for key, text in cells.items():
        if not text.strip():
            continue
        try:
            if key == "client":
                data["client_id"] = _client_reference(text, ctx)
            elif key == "urgency":
                data[key] = code_for("urgency", text)
            elif key == "description":
                data[key] = text
            else:
                data[key] = text.strip()
        except ValidationError as exc:
            errors.append(exc)
    return data, errors, frozenset()


def _write_ticket(data: dict[str, Any], ctx: ImportContext) -> None:
    create_ticket(data, ctx.now, ctx.calendar)


def _rate_data(cells: Mapping[str, str], ctx: ImportContext) -> Converted:
    data: dict[str, Any] = {}
    errors: list[ValidationError] = []
    for key, text in cells.items():
        if not text.strip():
            continue
        try:
            if key == "day":
                data[key] = parse_date(text, key, field_title(events.RATES, key))
            else:
                data[key] = text.strip()
        except ValidationError as exc:
            errors.append(exc)
    if not data.get("base"):
        data["base"] = str(ctx.office.default_currency).upper()
    return data, errors, frozenset()


def _rate_key(data: Mapping[str, Any]) -> str:
    return "|".join(
        str(data.get(k, "")).strip().upper() for k in ("day", "base", "currency")
    )


def _check_rate(data: dict[str, Any], ctx: ImportContext) -> None:
    checked = check_rate(
        data.get("day"), data.get("currency"), data.get("rate", ""), data.get("base")
    )
    data.update(day=checked.day, currency=checked.currency, rate=checked.rate, base=checked.base)
    line = ctx.seen.get(_rate_key(data))
    if line is not None:
        raise ValidationError(
            "day",
            _("This rate of {currency} on that day is already on line {line}.").format(
                currency=checked.currency, line=line
            ),
        )


def _write_rate(data: dict[str, Any], ctx: ImportContext) -> None:
    _check_rate(data, ctx)
    set_rate(data["day"], data["currency"], data["rate"], data["base"])


def _remember_rate(data: dict[str, Any], line: int, ctx: ImportContext) -> None:
    ctx.seen[_rate_key(data)] = line


@dataclass(frozen=True)
class EntityRules:
    """How the rows of one entity are converted, checked and written."""

    #: A row's cells (field key → text) to the data for the store.
    convert: Callable[[Mapping[str, str], ImportContext], Converted]
    #: Check a row without keeping anything (may write: rolled back).
    check: Callable[[dict[str, Any], ImportContext], None]
    write: Callable[[dict[str, Any], ImportContext], None]
    #: Whether :attr:`check` writes (then each row runs in a savepoint).
    check_writes: bool
    #: Told each valid row (data, line) so later rows can be checked against it.
    remember: Callable[[dict[str, Any], int, ImportContext], None] | None = None


ENTITY_RULES: dict[str, EntityRules] = {
    events.CLIENTS: EntityRules(
        _client_data, _check_client, _write_client, False, _remember_client
    ),
    events.COUPONS: EntityRules(_coupon_data, _write_coupon, _write_coupon, True),
    events.TICKETS: EntityRules(_ticket_data, _write_ticket, _write_ticket, True),
    events.RATES: EntityRules(_rate_data, _check_rate, _write_rate, False, _remember_rate),
}

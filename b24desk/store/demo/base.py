"""What every step of the demo generator shares: sizes, the drafts of clients,
subscriptions and coupons kept in memory, and :class:`BuilderBase` (the random
source, the office's clock, the price list and the bulk writer).

The steps themselves are one module per subject (:mod:`.clients`, :mod:`.coupons`,
:mod:`.invoices`, :mod:`.tickets`, :mod:`.office`), put together in :mod:`.builder`.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

import peewee as pw

from b24desk.domain.lifecycle import add_months
from b24desk.store import models as m
from b24desk.store.bulk import bulk_insert
from b24desk.store.demo.countries import TRANSLIT, USD_RATES, Country
from b24desk.store.demo.invoice_texts import CLOUD_PLAN_WEIGHTS, LETTERS, SERVICES, TERM_WEIGHTS
from b24desk.store.pricelist import DEFAULT_PLANS, insert_plans
from b24desk.store.prices import in_force


def _tuples(query: Any) -> Iterable[tuple[Any, ...]]:
    return cast("Iterable[tuple[Any, ...]]", query)


@dataclass(frozen=True)
class DemoSize:
    """How many of the main records a demo office has."""

    clients: int
    coupons: int
    tickets: int
    invoices: int
    #: The ticket messages in all (about four a ticket when None: each thread as
    #: drawn); a set number makes the threads that would overshoot it their status's
    #: shortest (:data:`~b24desk.store.demo.tickets.SKELETON`), down to about three.
    messages: int | None = None


SIZES: dict[str, DemoSize] = {
    "small": DemoSize(clients=60, coupons=120, tickets=150, invoices=120),
    "large": DemoSize(clients=5000, coupons=20000, tickets=50000, invoices=20000),
    "huge": DemoSize(
        clients=50000, coupons=200000, tickets=500000, invoices=200000, messages=1500000
    ),
}

STAFF = ("Aroha", "Ben", "Mere", "Tom")
PARTNER_STATUS = "silver"
OFFICE_TZ = "Pacific/Auckland"
ONE_DAY = timedelta(days=1)


def ascii_name(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (Cyrillic transliterated)."""
    out = []
    for ch in text.lower():
        t = TRANSLIT.get(ch)
        out.append(ch if t is None else t)
    norm = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in norm if c.isascii() and c.isalnum())


def fill(rng: random.Random, pattern: str) -> str:
    """``pattern`` with "#" → a digit, "A" → a capital letter, "Y" → a yymmdd date."""
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(str(rng.randrange(10)))
        elif ch == "A":
            out.append(rng.choice(LETTERS))
        elif ch == "Y":
            out.append(f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}")
        else:
            out.append(ch)
    return "".join(out)


def cumulative(weights: Sequence[int]) -> list[int]:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


CUM_PLAN = cumulative(CLOUD_PLAN_WEIGHTS)
CUM_TERM = cumulative(TERM_WEIGHTS)
SERVICE_CODES = tuple(SERVICES)


def short_plan(name: str) -> str:
    """The edition a ticket names: "Bitrix24 Professional" → "Professional"."""
    return name.removeprefix("Bitrix24 ").strip()


@dataclass(slots=True)
class DemoClient:
    id: int
    country: Country
    company: str
    slug: str
    first_name: str
    contact: str
    email: str
    phone: str
    address: str
    tax_id: str
    portal: str
    tld: str
    lang: str
    currency: str
    non_profit: bool
    affiliated: bool
    new_client: bool
    linked_via: str
    commercial: bool
    hosting: str
    notes: str
    archived: bool
    created: date
    subs: list[DemoSub] = field(default_factory=list)


@dataclass(slots=True)
class DemoSub:
    id: int
    client: DemoClient
    plan: str
    kind: str
    portal: str
    seats: int
    storage: int
    term: int
    starts: date | None
    paid_until: date | None
    purchased: date | None
    license_price: Decimal | None
    currency: str
    updates_until: date | None
    user_login: date | None
    admin_login: date | None
    archived: bool
    created_at: datetime
    coupon_id: int | None = None


@dataclass(slots=True)
class DemoCoupon:
    product: str
    plan: str
    term: int
    seats: int
    purchased: date
    currency: str
    list_price: Decimal
    cost: Decimal  # partner cost before any bonus
    client: DemoClient | None
    assigned: date | None
    activated: date | None
    state: str
    note: str
    created_at: datetime
    sub: DemoSub | None = None
    bonus: Decimal = Decimal("0")
    code: str = ""
    id: int = 0


class BuilderBase:
    """The state the steps of the generator share, and their helpers."""

    clients: list[DemoClient]
    active_clients: list[DemoClient]
    subs: list[DemoSub]
    coupons: list[DemoCoupon]
    kickstart_end: date
    kickstart_used: Decimal
    award_used: Decimal
    invoices: list[dict[str, Any]]
    sequences: dict[tuple[str, int], int]
    tickets: list[list[Any]]
    client_created: dict[int, datetime]
    invoice_activity: list[tuple[int, datetime, str, str]]
    #: The office as written by :meth:`OfficePart.write_office`: its settings (due
    #: days, numbering, tax) rule the invoices the way they rule the desk's.
    office: m.Office

    def __init__(
        self, size: DemoSize, seed: int, today: date, progress: Callable[[str], None] | None
    ) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.today = today
        self._progress = progress
        self._offset = ZoneInfo(OFFICE_TZ).utcoffset(datetime.combine(today, time(12))) or (
            timedelta(0)
        )
        #: Midnight at the start of ``today`` in Auckland: no ticket event is later.
        self.now = self.at(today, 0)
        self.accepted_on = add_months(today, -24)
        self.confirmed_on = add_months(today, -8)
        self.silver_on = add_months(today, -18)
        jan1 = date(today.year, 1, 1)
        self.award_on = jan1 + timedelta(days=(today - jan1).days // 4)
        self.clients: list[DemoClient] = []
        self.subs: list[DemoSub] = []
        self.coupons: list[DemoCoupon] = []
        self._prices: dict[tuple[str, str], Decimal] = {}
        self.plan_ids: dict[str, int] = {}
        self.plan_names: dict[str, str] = {}
        self.plan_seats: dict[str, int | None] = {}

    # ------------------------------------------------------------------ helpers

    def progress(self, message: str) -> None:
        if self._progress is not None:
            self._progress(message)

    def at(self, day: date, minute: int) -> datetime:
        """``minute`` minutes after midnight of ``day`` in Auckland, as aware UTC."""
        return (
            datetime(day.year, day.month, day.day, tzinfo=UTC)
            + timedelta(minutes=minute)
            - self._offset
        )

    def office_time(self, day: date) -> datetime:
        """A random moment of office hours (08:00–18:00 Auckland) on ``day``."""
        return self.at(day, self.rng.randint(8 * 60, 18 * 60 - 1))

    def ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def write(
        self, model: type[m.BaseModel], fields: Sequence[pw.Field], rows: Iterable[tuple[Any, ...]]
    ) -> None:
        """Bulk insert ``rows`` (tuples in the order of ``fields``, ids given), read
        batch by batch: a generator keeps only a batch of them in memory."""
        bulk_insert(model, rows, fields)

    def load_price_list(self) -> None:
        """Read the price list (the default one, completed when entries are missing)."""
        # peewee's stubs type ``.tuples()`` as still yielding models; these are tuples.
        existing = {code for (code,) in _tuples(m.Plan.select(m.Plan.code).tuples())}
        missing = [spec for spec in DEFAULT_PLANS if spec.code not in existing]
        if missing:
            insert_plans(missing)
        for pid, code, name, seats in _tuples(
            m.Plan.select(m.Plan.id, m.Plan.code, m.Plan.name, m.Plan.seats)
            .order_by(m.Plan.id)
            .tuples()
        ):
            self.plan_ids[code] = pid
            self.plan_names[code] = name
            self.plan_seats[code] = seats
        query = (  # the price in force on the demo's today
            m.PlanPrice.select(m.Plan.code, m.PlanPrice.currency, m.PlanPrice.price)
            .join(m.Plan)
            .where(in_force(m.PlanPrice, self.today))
            .order_by(m.PlanPrice.id)
            .tuples()
        )
        for code, currency, price in _tuples(query):
            self._prices[(code, currency)] = price
        for spec in DEFAULT_PLANS:  # entries the office deleted a currency of
            for currency, price in spec.prices.items():
                self._prices.setdefault((spec.code, currency), price)

    def price(self, code: str, currency: str) -> Decimal:
        """The list price of ``code`` in ``currency``, converted from USD when missing."""
        key = (code, currency)
        found = self._prices.get(key)
        if found is None:
            usd = self._prices.get((code, "USD"), Decimal("0"))
            rate = USD_RATES.get(currency, Decimal("1"))
            found = (usd * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            self._prices[key] = found
        return found

    def seats_of(self, code: str) -> int:
        return self.plan_seats.get(code) or 0

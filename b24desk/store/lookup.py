"""Small, fast look-ups for pickers (a few rows with LIMIT, whatever the office size)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from b24desk.store.models import Client, Plan, PlanPrice
from b24desk.store.prices import in_force
from b24desk.store.search import indexed


@dataclass(frozen=True)
class ClientChoice:
    """What pickers and forms need to know of a client."""

    id: int
    company: str
    currency: str
    doc_language: str
    portal_url: str
    non_profit: bool
    new_client: bool
    affiliated: bool

    @property
    def label(self) -> str:
        """The suggestion shown: company, and portal when there is one."""
        return f"{self.company} \u2014 {self.portal_url}" if self.portal_url else self.company


_FIELDS = (
    Client.id,
    Client.company,
    Client.currency,
    Client.doc_language,
    Client.portal_url,
    Client.non_profit,
    Client.new_client,
    Client.affiliated,
)


def _choice(c: Client) -> ClientChoice:
    return ClientChoice(
        c.id,
        c.company,
        c.currency,
        c.doc_language,
        c.portal_url,
        c.non_profit,
        c.new_client,
        c.affiliated,
    )


def find_clients(text: str, limit: int = 20) -> list[ClientChoice]:
    """Active clients holding every word of ``text`` (company, contact, e-mail, portal…)
    (at most ``limit``, by company): a picker's suggestions, fast with any office."""
    query = Client.select(*_FIELDS).where(Client.archived == False)  # noqa: E712
    condition = indexed(Client.id, "client")(text)
    if condition is not None:
        query = query.where(condition)
    return [_choice(c) for c in query.order_by(Client.company, Client.id).limit(limit)]


def client_choice(client_id: int) -> ClientChoice | None:
    c = Client.select(*_FIELDS).where(Client.id == client_id).first()
    return None if c is None else _choice(c)


@dataclass(frozen=True)
class PriceChoice:
    plan_id: int
    code: str
    name: str
    kind: str
    price: Decimal | None  # in the asked currency; None when the price list has none


def price_choices(currency: str, kinds: tuple[str, ...], on: date) -> list[PriceChoice]:
    """Plans of ``kinds`` with their list price in ``currency`` in force on ``on``."""
    prices = {
        p.plan_id: p.price
        for p in PlanPrice.select(PlanPrice.plan, PlanPrice.price).where(
            (PlanPrice.currency == currency.upper()) & in_force(PlanPrice, on)
        )
    }
    plans = (
        Plan.select()
        .where(Plan.kind.in_(kinds) & (Plan.archived == False) & (Plan.paid == True))  # noqa: E712
        .order_by(Plan.position, Plan.id)
    )
    return [PriceChoice(p.id, p.code, p.name, p.kind, prices.get(p.id)) for p in plans]

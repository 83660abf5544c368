"""Small, fast look-ups for pickers (a few rows with LIMIT, whatever the office size)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from b24desk.store.listing import search_condition
from b24desk.store.models import Client, Plan, PlanPrice


@dataclass(frozen=True)
class ClientChoice:
    id: int
    company: str
    currency: str
    doc_language: str
    portal_url: str
    non_profit: bool


def find_clients(text: str, limit: int = 20) -> list[ClientChoice]:
    """Active clients whose company, e-mail or portal matches every word of ``text``."""
    query = Client.select(
        Client.id, Client.company, Client.currency, Client.doc_language, Client.portal_url,
        Client.non_profit,
    ).where(Client.archived == False)  # noqa: E712
    condition = search_condition([Client.company, Client.email, Client.portal_url], text)
    if condition is not None:
        query = query.where(condition)
    return [
        ClientChoice(c.id, c.company, c.currency, c.doc_language, c.portal_url, c.non_profit)
        for c in query.order_by(Client.company, Client.id).limit(limit)
    ]


def client_choice(client_id: int) -> ClientChoice | None:
    c = Client.get_or_none(Client.id == client_id)
    if c is None:
        return None
    return ClientChoice(c.id, c.company, c.currency, c.doc_language, c.portal_url, c.non_profit)


@dataclass(frozen=True)
class PriceChoice:
    plan_id: int
    code: str
    name: str
    kind: str
    price: Decimal | None  # in the asked currency; None when the price list has none


def price_choices(currency: str, kinds: tuple[str, ...]) -> list[PriceChoice]:
    """Plans of ``kinds`` with their list price in ``currency`` (one query)."""
    prices = {
        p.plan_id: p.price
        for p in PlanPrice.select(PlanPrice.plan, PlanPrice.price).where(
            PlanPrice.currency == currency.upper()
        )
    }
    plans = (
        Plan.select()
        .where(Plan.kind.in_(kinds) & (Plan.archived == False) & (Plan.paid == True))  # noqa: E712
        .order_by(Plan.position, Plan.id)
    )
    return [PriceChoice(p.id, p.code, p.name, p.kind, prices.get(p.id)) for p in plans]

"""Invoice lines and totals (domain.md §6).

Prices are net.  Each line's net is ``quantity × unit_price × (1 − discount)``
rounded half up to the currency's minor unit (JPY 0, EUR 2, KWD 3).  Tax is added
per rate on the sum of the line nets at that rate and rounded once per rate; the
total is net plus tax.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from b24desk.domain.errors import ValidationError, field_label
from b24desk.domain.pricing import best_discount, round_money
from b24desk.i18n import _, currency_digits

__all__ = [
    "InvoiceLine",
    "InvoiceTotals",
    "default_tax_rate",
    "invoice_balance",
    "invoice_currency",
    "invoice_totals",
    "line_net",
    "plan_line_terms",
    "plan_term_price",
]


def _decimal(value: object, name: str) -> Decimal:
    if isinstance(value, float | bool):
        raise TypeError(f"InvoiceLine.{name} must be Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValidationError(
                name,
                _("{field}: \u201c{value}\u201d is not a number.").format(
                    field=field_label(name), value=value
                ),
            ) from None
    else:
        raise TypeError(f"InvoiceLine.{name} must be Decimal, not {type(value).__name__}")
    if not result.is_finite():
        raise ValidationError(
            name,
            _("{field}: \u201c{value}\u201d is not a number.").format(
                field=field_label(name), value=value
            ),
        )
    return result


@dataclass(frozen=True)
class InvoiceLine:
    """One line: a product or a service.

    ``discount`` and ``tax_rate`` are fractions (``Decimal("0.15")`` is 15 %).
    ``int`` and ``str`` amounts are converted to ``Decimal``; ``float`` is refused
    (:class:`TypeError`).  An invalid line cannot be built: quantity must be more
    than 0, the unit price at least 0, the discount within 0–1 and the tax rate
    within 0 (included) and 1 (excluded); else :class:`ValidationError` naming the
    field (``quantity``, ``unit_price``, ``discount``, ``tax_rate``).
    """

    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = Decimal(0)
    tax_rate: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        for name in ("quantity", "unit_price", "discount", "tax_rate"):
            object.__setattr__(self, name, _decimal(getattr(self, name), name))
        if self.quantity <= 0:
            raise ValidationError(
                "quantity",
                _("{field} must be more than zero.").format(field=field_label("quantity")),
            )
        if self.unit_price < 0:
            raise ValidationError(
                "unit_price",
                _("{field} must not be negative.").format(field=field_label("unit_price")),
            )
        if not 0 <= self.discount <= 1:
            raise ValidationError(
                "discount",
                _("{field} must be between 0 and 100 %.").format(field=field_label("discount")),
            )
        if not 0 <= self.tax_rate < 1:
            raise ValidationError(
                "tax_rate",
                _("{field} must be at least 0 and less than 100 %.").format(
                    field=field_label("tax_rate")
                ),
            )

    @property
    def exact_net(self) -> Decimal:
        """The unrounded net of the line."""
        return self.quantity * self.unit_price * (1 - self.discount)

    def net(self, currency: str) -> Decimal:
        """The line's net rounded half up to ``currency``'s minor unit."""
        return round_money(self.exact_net, currency)


def line_net(line: InvoiceLine, currency: str) -> Decimal:
    """``line.net(currency)``."""
    return line.net(currency)


@dataclass(frozen=True)
class InvoiceTotals:
    """The sums of an invoice, every amount rounded to the currency's minor unit.

    ``tax_by_rate`` and ``net_by_rate`` are ordered by rate (lowest first) and hold
    every rate used by a line, 0 % included; ``line_nets`` follows the lines.
    """

    currency: str
    net: Decimal
    tax: Decimal
    total: Decimal
    tax_by_rate: Mapping[Decimal, Decimal] = field(default_factory=dict)
    net_by_rate: Mapping[Decimal, Decimal] = field(default_factory=dict)
    line_nets: tuple[Decimal, ...] = ()

    def negated(self) -> InvoiceTotals:
        """The same totals with the sign flipped (for a credit note)."""
        return InvoiceTotals(
            currency=self.currency,
            net=-self.net,
            tax=-self.tax,
            total=-self.total,
            tax_by_rate=MappingProxyType({r: -t for r, t in self.tax_by_rate.items()}),
            net_by_rate=MappingProxyType({r: -n for r, n in self.net_by_rate.items()}),
            line_nets=tuple(-n for n in self.line_nets),
        )


def invoice_totals(lines: Iterable[InvoiceLine], currency: str) -> InvoiceTotals:
    """Net, tax per rate and total of ``lines`` in ``currency`` (see module doc)."""
    code = currency.strip().upper()
    zero = Decimal(0).scaleb(-currency_digits(code))
    line_nets: list[Decimal] = []
    nets: dict[Decimal, Decimal] = {}
    for line in lines:
        if not isinstance(line, InvoiceLine):
            raise TypeError(f"invoice lines must be InvoiceLine, not {type(line).__name__}")
        net = line.net(code)
        line_nets.append(net)
        nets[line.tax_rate] = nets.get(line.tax_rate, zero) + net
    rates = sorted(nets)
    net_by_rate = {rate: nets[rate] for rate in rates}
    tax_by_rate = {rate: round_money(nets[rate] * rate, code) for rate in rates}
    net_total = sum(net_by_rate.values(), zero)
    tax_total = sum(tax_by_rate.values(), zero)
    return InvoiceTotals(
        currency=code,
        net=net_total,
        tax=tax_total,
        total=net_total + tax_total,
        tax_by_rate=MappingProxyType(tax_by_rate),
        net_by_rate=MappingProxyType(net_by_rate),
        line_nets=tuple(line_nets),
    )


# --------------------------------------------------------------------------- balance


def invoice_balance(total: Decimal, paid: Decimal, credited: Decimal = Decimal(0)) -> Decimal:
    """What the client still owes on an issued invoice: its total less the payments
    received and less the credit notes issued against it, never below zero.

    This is the one "still owed" of the desk: the invoice list, the client card,
    Today, the payment dialog and the PDF all show it (the store's SQL computes the
    same, :func:`b24desk.store.invoices.balance_expression`).  A credit note
    cancels part of the debt just as a payment does; once payments and credits
    reach the total nothing is owed, and an overpayment or a refund credited after
    payment never turns into a negative debt.
    """
    for name, value in (("total", total), ("paid", paid), ("credited", credited)):
        if isinstance(value, float | bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"{name} must be Decimal, not {type(value).__name__}")
    owed = Decimal(total) - Decimal(paid) - Decimal(credited)
    return owed if owed > 0 else Decimal(0) * Decimal(total)  # 0 with the places of total


def invoice_status(
    kind: str,
    state: str,
    owed: Decimal,
    paid: Decimal,
    due_date: date | None,
    today: date,
) -> str:
    """The status a person sees (a code of ``vocabulary.INVOICE_STATUSES``).

    A draft, a credited or a void invoice shows its stored state; an issued credit
    note is "issued".  An invoice is "paid" once nothing is owed
    (:func:`invoice_balance`), "overdue" when money is owed past its due date (the
    due date itself is not late), "partly paid" when some came in, else "issued".
    """
    if state in ("draft", "credited", "void"):
        return state
    if kind == "credit_note":
        return "issued"
    if owed <= 0:
        return "paid"
    if due_date is not None and due_date < today:
        return "overdue"
    if paid > 0:
        return "partly_paid"
    return "issued"


# --------------------------------------------------------------------------- editor rules


def default_tax_rate(office_rate: Decimal, office_country: str, client_country: str) -> Decimal:
    """The tax rate a new line gets: the office's default rate (NZ GST 15 %) for a
    client in the office's own country; services exported to a client abroad are
    zero-rated.  Countries compare as ISO codes, whatever their case or spaces."""
    home = office_country.strip().upper()
    return office_rate if client_country.strip().upper() == home else Decimal(0)


def plan_term_price(price: Decimal, cloud: bool, term_months: int | None) -> Decimal:
    """The price of a plan line for ``term_months``: cloud plans are priced per month,
    so a 12-month line costs 12 monthly prices; an on-premise license is one price."""
    months = (term_months or 1) if cloud else 1
    return Decimal(price) * months


def plan_line_terms(
    price: Decimal, cloud: bool, term_months: int, non_profit: bool
) -> tuple[Decimal, Decimal]:
    """``(unit price, discount)`` of a new plan line: the term's price
    (:func:`plan_term_price`) and, for a cloud plan, the best discount the term
    offers (:func:`~b24desk.domain.pricing.best_discount`: non-profit 15 % on 6 and
    12 months, long-term 5 / 10 / 15 % on 6 / 12 / 24 months)."""
    offer = best_discount(term_months, non_profit) if cloud else None
    return plan_term_price(price, cloud, term_months), offer[1] if offer else Decimal(0)


def invoice_currency(client_currency: str | None, office_currency: str) -> str:
    """The currency of an invoice: its client's; before a client is chosen, the
    office's default currency."""
    chosen = (client_currency or "").strip().upper()
    return chosen or office_currency.strip().upper()

"""Typed errors of the business rules, with messages for the person at the desk.

A :class:`ValidationError` names the offending field by its key (``"portal_url"``,
``"unit_price"`` …) so that a form can highlight it; its message is already
translated into the desk language.  It is a :class:`ValueError`, so callers that
only care about "bad value" may catch that.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from b24desk.i18n import N_, _

#: Human names of the field keys used by the rules (translated when shown).
FIELD_LABELS: dict[str, str] = {
    "portal_url": N_("Portal address"),
    "email": N_("E-mail"),
    "billing_email": N_("Billing e-mail"),
    "client_email": N_("Client e-mail"),
    "office_email": N_("Office e-mail"),
    "coupon_code": N_("Coupon code"),
    "code": N_("Code"),
    "amount": N_("Amount"),
    "price": N_("Price"),
    "list_price": N_("List price"),
    "partner_cost": N_("Partner cost"),
    "unit_price": N_("Unit price"),
    "quantity": N_("Quantity"),
    "discount": N_("Discount"),
    "tax_rate": N_("Tax rate"),
    "bonus": N_("Bonus"),
    "bonus_balance": N_("Bonus balance"),
    "order_total": N_("Order total"),
    "currency": N_("Currency"),
    "language": N_("Language"),
    "country": N_("Country"),
    "status": N_("Status"),
    "level": N_("SLA level"),
    "hosting": N_("Hosting"),
    "product": N_("Product"),
    "term_months": N_("Term (months)"),
    "name": N_("Name"),
    "company_name": N_("Company name"),
    "company": N_("Company"),
    "contact_person": N_("Contact person"),
    "doc_language": N_("Document language"),
    "tax_id": N_("Tax id"),
    "linked_via": N_("Linked via"),
    "phone": N_("Phone"),
    "address": N_("Address"),
    "number": N_("Number"),
    "tid": N_("Ticket id"),
    "seats": N_("Seats"),
    "plan": N_("Plan"),
    "client": N_("Client"),
    "description": N_("Description"),
    "subject": N_("Subject"),
    "start": N_("Start"),
    "end": N_("End"),
    "purchased_on": N_("Purchase date"),
    "activated_on": N_("Activation date"),
    "paid_until": N_("Paid until"),
    "issued_on": N_("Issue date"),
    "due_on": N_("Due date"),
    "valid_from": N_("Valid from"),
    "valid_until": N_("Valid until"),
    "timezone": N_("Time zone"),
    "opens": N_("Opening time"),
    "closes": N_("Closing time"),
    "workdays": N_("Working days"),
}


def field_label(field: str) -> str:
    """The translated human name of ``field`` ("unit_price" → "Unit price")."""
    label = FIELD_LABELS.get(field)
    if label is not None:
        return _(label)
    return field.replace("_", " ").strip().capitalize()


class ValidationError(ValueError):
    """A value broke a rule.  ``field`` is the key, ``message`` the translated text."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ValidationError({self.field!r}, {self.message!r})"


class ValidationErrors(ValueError):
    """Several :class:`ValidationError` at once (a whole form checked in one go)."""

    def __init__(self, errors: Iterable[ValidationError]) -> None:
        self.errors: list[ValidationError] = list(errors)
        super().__init__("\n".join(e.message for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(e.message for e in self.errors)

    def __iter__(self) -> Iterator[ValidationError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    @property
    def by_field(self) -> dict[str, str]:
        """``{field: message}``; the first message wins for a field named twice."""
        out: dict[str, str] = {}
        for err in self.errors:
            out.setdefault(err.field, err.message)
        return out


class ErrorCollector:
    """Collect validation errors instead of stopping at the first one::

    errors = ErrorCollector()
    with errors.check():
        email = validate_email(raw_email)
    ...
    errors.raise_if_any()
    """

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def check(self) -> _Catch:
        return _Catch(self)

    def add(self, error: ValidationError) -> None:
        self.errors.append(error)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        """Raise :class:`ValidationErrors` (even for a single error) if any was collected."""
        if self.errors:
            raise ValidationErrors(self.errors)


class _Catch:
    def __init__(self, collector: ErrorCollector) -> None:
        self._collector = collector

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, ValidationErrors):
            self._collector.errors.extend(exc.errors)
            return True
        if isinstance(exc, ValidationError):
            self._collector.add(exc)
            return True
        return False

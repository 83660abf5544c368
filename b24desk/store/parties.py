"""The office and the client as their documents name them (invoices, statements)."""

from __future__ import annotations

from b24desk.domain.documents import Letterhead, Party
from b24desk.store.models import Client, Office
from b24desk.store.office import get_office, office_text

__all__ = ["client_party", "office_letterhead"]


def office_letterhead(language: str, office: Office | None = None) -> Letterhead:
    """The office as its documents in ``language`` print it."""
    office = office or get_office()
    return Letterhead(
        name=office.name,
        address=office.address,
        country=office.country,
        tax_number=office.tax_number,
        email=office.email,
        phone=office.phone,
        website=office.website,
        bank_details=office_text("bank_details", language, office),
        refund_policy=office_text("refund_policy", language, office),
        logo_path=office.logo_path,
        iban=office.iban,
        swift=office.swift,
    )


def client_party(client: Client) -> Party:
    """The client as its documents name it: the billing e-mail when it has one."""
    return Party(
        name=client.company,
        contact=client.contact_person,
        address=client.address,
        country=client.country,
        tax_id=client.tax_id,
        email=client.billing_email or client.email,
        portal_url=client.portal_url,
    )

"""The office and the client as documents name them."""

from __future__ import annotations

import peewee

from b24desk.store import models as m
from b24desk.store.office import get_office, update_office
from b24desk.store.parties import client_party, office_letterhead


def test_a_client_with_a_billing_address_is_named_by_it(db: peewee.Database) -> None:
    plain = m.Client.create(company="Toro SL", email="lucia@toro.es", country="ES")
    billed = m.Client.create(
        company="Zenit SL", email="ana@zenit.es", billing_email="cuentas@zenit.es", country="ES"
    )
    assert client_party(plain).email == "lucia@toro.es"
    assert (client_party(billed).name, client_party(billed).email) == (
        "Zenit SL", "cuentas@zenit.es",
    )


def test_the_letterhead_prints_the_texts_of_the_documents_language(db: peewee.Database) -> None:
    office = get_office()
    update_office(
        {"bank_details": "ANZ 01-02", "bank_details_es": "Banco: ANZ 01-02"}, office.version
    )
    assert office_letterhead("es").bank_details == "Banco: ANZ 01-02"
    assert office_letterhead("ru").bank_details == "ANZ 01-02"  # no Russian text: the default

"""The demo office: a believable, deterministic New Zealand reseller for trying b24desk.

:func:`generate_demo` fills an *empty* database (:func:`is_empty`) with the office
"Kiwi Cloud Partners Ltd" (Auckland, Silver partner): clients in New Zealand, Spain,
Mexico, Russia and elsewhere, their subscriptions in every lifecycle state, coupons in
every state, support tickets with message threads in the client's language, invoices,
payments and credit notes, the partner profile with its history, and an activity log.

The same ``size``, ``seed`` and ``today`` always give the same rows: everything comes
from one :class:`random.Random`, every date from ``today``.  The big tables are
written with bulk inserts of pre-built tuples, ids given explicitly so that children
point at their parents without reading anything back (``large`` writes 5 000 clients,
20 000 coupons, 50 000 tickets and 20 000 invoices in seconds).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import peewee as pw

from b24desk.domain.invoicing import InvoiceLine as TotalsLine
from b24desk.domain.invoicing import invoice_totals
from b24desk.domain.lifecycle import add_months, cloud_state
from b24desk.domain.pricing import best_discount, partner_cost, paypal_allowed, round_money
from b24desk.i18n import _
from b24desk.store import events
from b24desk.store import models as m
from b24desk.store.db import database
from b24desk.store.errors import StoreError
from b24desk.store.office import business_calendar
from b24desk.store.pricelist import DEFAULT_PLANS, insert_plans, seed_price_list
from b24desk.store.sequences import reset_sequences
from b24desk.store.tickets import recompute_due_times

__all__ = ["SIZES", "DatabaseNotEmptyError", "DemoSize", "generate_demo", "is_empty"]


class DatabaseNotEmptyError(StoreError):
    """The demo office is only written into a database without business data."""


@dataclass(frozen=True)
class DemoSize:
    """How many of the main records a demo office has."""

    clients: int
    coupons: int
    tickets: int
    invoices: int


SIZES: dict[str, DemoSize] = {
    "small": DemoSize(clients=60, coupons=120, tickets=150, invoices=120),
    "large": DemoSize(clients=5000, coupons=20000, tickets=50000, invoices=20000),
}

#: Rows per ``executemany`` batch of a bulk insert.
BATCH_ROWS = 500

STAFF = ("Aroha", "Ben", "Mere", "Tom")
PARTNER_STATUS = "silver"
OFFICE_TZ = "Pacific/Auckland"

#: Fixed conversion from USD for currencies the price list does not carry.
USD_RATES: dict[str, Decimal] = {
    "AUD": Decimal("1.52"),
    "NZD": Decimal("1.65"),
    "EUR": Decimal("0.92"),
    "RUB": Decimal("92"),
    "MXN": Decimal("18"),
    "BRL": Decimal("5.4"),
    "COP": Decimal("4000"),
    "KZT": Decimal("470"),
}


# --------------------------------------------------------------------------- countries


@dataclass(frozen=True)
class _Country:
    code: str
    weight: int
    currency: str
    languages: tuple[str, ...]  # the client's document language is drawn from these
    coupon_currency: str  # the vendor store the office buys this country's coupons in
    name_pattern: str  # {a} {b} {s}: two words and the legal form
    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    legal: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    female_first_names: tuple[str, ...]  # Russian-style surnames take "а" for women
    streets: tuple[str, ...]
    cities: tuple[tuple[str, str, str, str], ...]  # name, postcode, region, phone pattern
    address_pattern: str
    tax_pattern: str  # "#" a digit, "A" a capital letter, "Y" a yymmdd date
    email_tld: str
    portal_tlds: tuple[str, ...]  # bitrix24.<tld> of the country's cloud


# fmt: off
_EN_TRADES = (
    "Dental", "Logistics", "Builders", "Accounting", "Legal", "Realty", "Engineering", "Plumbing",
    "Marketing", "Consulting", "Motors", "Foods", "Health", "Freight", "Electrical", "Architects",
    "Tourism", "Print", "Solutions", "Veterinary",
)
_ES_TRADES = (
    "Construcciones", "Distribuciones", "Asesoría", "Clínica Dental", "Transportes",
    "Inmobiliaria", "Consultoría", "Ingeniería", "Servicios", "Gestoría", "Talleres",
    "Alimentación", "Reformas", "Viajes", "Comercializadora", "Logística",
)
_RU_TRADES = (
    "Логистик", "Трейд", "Строй", "Сервис", "Консалт", "Медиа", "Групп", "Софт", "Агро", "Мед",
    "Тех", "Инвест", "Проект", "Маркет",
)

COUNTRIES: tuple[_Country, ...] = (
    _Country(
        code="NZ", weight=32, currency="NZD", coupon_currency="USD",
        languages=("en",),
        name_pattern="{a} {b} {s}",
        words_a=(
            "Kauri", "Harbour", "Tui", "Pohutukawa", "Waitemata", "Tasman", "Rangitoto",
            "Ponsonby", "Manuka", "Kowhai", "Aotea", "Matariki", "Southern Alps", "Rimu",
            "Karaka", "Takapuna", "Onehunga", "Coromandel", "Hauraki", "Totara",
        ),
        words_b=_EN_TRADES,
        legal=("Ltd", "Ltd", "Limited"),
        first_names=(
            "Aroha", "Liam", "Olivia", "Nikau", "Charlotte", "Wiremu", "Sophie", "James", "Hana",
            "Jack", "Isla", "Tama", "Ruby", "Oliver", "Mia",
        ),
        last_names=(
            "Ngata", "Smith", "Williams", "Wilson", "Brown", "Taylor", "Parata", "Walker",
            "Thompson", "Tipene", "Anderson", "Clarke", "Harris", "Kingi", "Robinson",
        ),
        female_first_names=(),
        streets=(
            "Queen Street", "Ponsonby Road", "Karangahape Road", "Dominion Road", "Lambton Quay",
            "Cuba Street", "Colombo Street", "George Street", "Victoria Street",
            "Great North Road",
        ),
        cities=(
            ("Auckland", "1010", "", "+64 9 ### ####"),
            ("Wellington", "6011", "", "+64 4 ### ####"),
            ("Christchurch", "8011", "", "+64 3 ### ####"),
            ("Hamilton", "3204", "", "+64 7 ### ####"),
            ("Tauranga", "3110", "", "+64 7 ### ####"),
            ("Dunedin", "9016", "", "+64 3 ### ####"),
            ("Napier", "4110", "", "+64 6 ### ####"),
            ("Nelson", "7010", "", "+64 3 ### ####"),
        ),
        address_pattern="{n} {street}, {city} {postcode}",
        tax_pattern="###-###-###", email_tld="co.nz",
        portal_tlds=("com",),
    ),
    _Country(
        code="ES", weight=14, currency="EUR", coupon_currency="EUR",
        languages=("es",),
        name_pattern="{b} {a} {s}",
        words_a=(
            "Ibérica", "Mediterránea", "Levante", "Cantábrica", "Alhambra", "Guadalquivir",
            "Montserrat", "Atlántica", "Castellana", "Galaica", "del Tajo", "Sierra Nevada",
            "Costa Brava", "Aragonesa",
        ),
        words_b=_ES_TRADES,
        legal=("S.L.", "S.L.", "S.A."),
        first_names=(
            "Lucía", "Javier", "María", "Carlos", "Elena", "Pablo", "Carmen", "Sergio", "Laura",
            "Alejandro", "Marta", "David",
        ),
        last_names=(
            "García", "Martínez", "López", "Sánchez", "Fernández", "Gómez", "Ruiz", "Díaz",
            "Moreno", "Navarro", "Romero", "Torres",
        ),
        female_first_names=(),
        streets=(
            "Calle Mayor", "Gran Vía", "Calle de Alcalá", "Avenida Diagonal", "Calle Serrano",
            "Paseo de Gracia", "Calle Colón", "Avenida de la Constitución",
        ),
        cities=(
            ("Madrid", "28013", "", "+34 91 ### ## ##"),
            ("Barcelona", "08002", "", "+34 93 ### ## ##"),
            ("Valencia", "46002", "", "+34 96 ### ## ##"),
            ("Sevilla", "41004", "", "+34 95 ### ## ##"),
            ("Bilbao", "48001", "", "+34 94 ### ## ##"),
            ("Málaga", "29015", "", "+34 95 ### ## ##"),
        ),
        address_pattern="{street} {n}, {postcode} {city}",
        tax_pattern="B########", email_tld="es",
        portal_tlds=("es", "es", "eu"),
    ),
    _Country(
        code="MX", weight=11, currency="MXN", coupon_currency="USD",
        languages=("es",),
        name_pattern="{b} {a} {s}",
        words_a=(
            "Azteca", "del Bajío", "Maya", "Sierra Madre", "del Pacífico", "Anáhuac",
            "Regiomontana", "Jalisciense", "Tulum", "Oaxaqueña", "del Caribe", "Chapultepec",
            "del Norte", "Queretana",
        ),
        words_b=(
            "Comercializadora", "Distribuidora", "Servicios", "Constructora", "Grupo",
            "Consultores", "Transportes", "Inmobiliaria", "Farmacéutica", "Tecnologías",
            "Logística", "Alimentos",
        ),
        legal=("S.A. de C.V.", "S.A. de C.V.", "S. de R.L. de C.V."),
        first_names=(
            "Guadalupe", "José", "Alejandra", "Luis", "Fernanda", "Miguel", "Ximena",
            "Juan Carlos", "Daniela", "Ricardo", "Sofía", "Arturo",
        ),
        last_names=(
            "Hernández", "González", "Ramírez", "Flores", "Cruz", "Morales", "Reyes", "Jiménez",
            "Vargas", "Castillo", "Ortiz", "Mendoza",
        ),
        female_first_names=(),
        streets=(
            "Av. Paseo de la Reforma", "Av. Insurgentes Sur", "Calle Madero", "Av. Juárez",
            "Av. Chapultepec", "Av. Vallarta",
        ),
        cities=(
            ("Ciudad de México", "06600", "CDMX", "+52 55 #### ####"),
            ("Guadalajara", "44100", "Jal.", "+52 33 #### ####"),
            ("Monterrey", "64000", "N.L.", "+52 81 #### ####"),
            ("Puebla", "72000", "Pue.", "+52 222 ### ####"),
            ("Querétaro", "76000", "Qro.", "+52 442 ### ####"),
            ("Mérida", "97000", "Yuc.", "+52 999 ### ####"),
        ),
        address_pattern="{street} {n}, Col. Centro, {postcode} {city}, {region}",
        tax_pattern="AAAYA#A", email_tld="com.mx",
        portal_tlds=("mx",),
    ),
    _Country(
        code="RU", weight=11, currency="RUB", coupon_currency="RUB",
        languages=("ru",),
        name_pattern="{s} «{a} {b}»",
        words_a=(
            "Волга", "Сибирь", "Байкал", "Урал", "Нева", "Альфа", "Вектор", "Гранит", "Орион",
            "Меридиан", "Север", "Восток", "Зенит", "Кедр", "Ладога", "Амур",
        ),
        words_b=_RU_TRADES,
        legal=("ООО",),
        first_names=(
            "Алексей", "Дмитрий", "Сергей", "Андрей", "Игорь", "Михаил", "Павел", "Николай",
        ),
        last_names=(
            "Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков",
            "Морозов", "Волков",
        ),
        female_first_names=(
            "Анна", "Елена", "Ольга", "Мария", "Татьяна", "Наталья", "Ирина", "Екатерина",
        ),
        streets=(
            "ул. Тверская", "ул. Ленина", "Невский пр.", "ул. Пушкина", "ул. Гагарина",
            "пр. Мира",
        ),
        cities=(
            ("Москва", "125009", "", "+7 495 ###-##-##"),
            ("Санкт-Петербург", "191186", "", "+7 812 ###-##-##"),
            ("Новосибирск", "630099", "", "+7 383 ###-##-##"),
            ("Екатеринбург", "620014", "", "+7 343 ###-##-##"),
            ("Казань", "420111", "", "+7 843 ###-##-##"),
            ("Нижний Новгород", "603005", "", "+7 831 ###-##-##"),
        ),
        address_pattern="{postcode}, г. {city}, {street}, д. {n}",
        tax_pattern="77########", email_tld="ru",
        portal_tlds=("ru",),
    ),
    _Country(
        code="US", weight=8, currency="USD", coupon_currency="USD",
        languages=("en",),
        name_pattern="{a} {b} {s}",
        words_a=(
            "Liberty", "Summit", "Bluewater", "Redwood", "Lakeshore", "Keystone", "Prairie",
            "Granite", "Evergreen", "Pioneer", "Silverline", "Hudson", "Cascade", "Northstar",
            "Magnolia", "Ironwood",
        ),
        words_b=_EN_TRADES,
        legal=("LLC", "LLC", "Inc."),
        first_names=(
            "Emily", "Michael", "Jessica", "Daniel", "Ashley", "Christopher", "Sarah", "Matthew",
            "Megan", "Ryan",
        ),
        last_names=(
            "Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson",
            "Jackson", "White", "Lee",
        ),
        female_first_names=(),
        streets=(
            "Main Street", "Market Street", "Oak Avenue", "Broadway", "Elm Street", "Park Avenue",
        ),
        cities=(
            ("Austin", "78701", "TX", "+1 512 555 01##"),
            ("Denver", "80202", "CO", "+1 303 555 01##"),
            ("Seattle", "98101", "WA", "+1 206 555 01##"),
            ("Boston", "02108", "MA", "+1 617 555 01##"),
            ("Miami", "33131", "FL", "+1 305 555 01##"),
            ("Chicago", "60601", "IL", "+1 312 555 01##"),
        ),
        address_pattern="{n} {street}, {city}, {region} {postcode}",
        tax_pattern="##-#######", email_tld="com",
        portal_tlds=("com",),
    ),
    _Country(
        code="AU", weight=6, currency="AUD", coupon_currency="USD",
        languages=("en",),
        name_pattern="{a} {b} {s}",
        words_a=(
            "Banksia", "Coral Sea", "Outback", "Harbourside", "Wattle", "Jacaranda", "Kookaburra",
            "Eucalypt", "Bondi", "Yarra", "Ironbark", "Brolga",
        ),
        words_b=_EN_TRADES,
        legal=("Pty Ltd",),
        first_names=("Chloe", "Lachlan", "Matilda", "Cooper", "Zoe", "Harrison", "Grace", "Riley"),
        last_names=(
            "Nguyen", "Kelly", "Murphy", "Campbell", "Ryan", "Mitchell", "Hughes", "Bennett",
        ),
        female_first_names=(),
        streets=(
            "George Street", "Collins Street", "Queen Street", "Hay Street", "Elizabeth Street",
            "King William Street",
        ),
        cities=(
            ("Sydney", "2000", "NSW", "+61 2 #### ####"),
            ("Melbourne", "3000", "VIC", "+61 3 #### ####"),
            ("Brisbane", "4000", "QLD", "+61 7 #### ####"),
            ("Perth", "6000", "WA", "+61 8 #### ####"),
        ),
        address_pattern="{n} {street}, {city} {region} {postcode}",
        tax_pattern="## ### ### ###", email_tld="com.au",
        portal_tlds=("com",),
    ),
    _Country(
        code="BR", weight=5, currency="BRL", coupon_currency="USD",
        languages=("es", "en"),
        name_pattern="{b} {a} {s}",
        words_a=(
            "Paulista", "Carioca", "Amazônia", "Atlântico", "Cerrado", "Pampa", "Serra Azul",
            "Ipanema", "Paraná", "Bahia", "Tropical", "Cruzeiro",
        ),
        words_b=(
            "Comércio", "Distribuidora", "Construtora", "Transportes", "Consultoria",
            "Tecnologia", "Alimentos", "Engenharia", "Imobiliária", "Serviços", "Logística",
            "Clínica",
        ),
        legal=("Ltda.", "Ltda.", "S.A."),
        first_names=("Ana", "João", "Mariana", "Pedro", "Beatriz", "Lucas", "Camila", "Rafael"),
        last_names=(
            "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira",
        ),
        female_first_names=(),
        streets=("Av. Paulista", "Rua Augusta", "Av. Atlântica", "Rua das Flores", "Av. Brasil"),
        cities=(
            ("São Paulo", "01310-100", "SP", "+55 11 ####-####"),
            ("Rio de Janeiro", "20040-002", "RJ", "+55 21 ####-####"),
            ("Belo Horizonte", "30130-000", "MG", "+55 31 ####-####"),
            ("Curitiba", "80010-000", "PR", "+55 41 ####-####"),
            ("Porto Alegre", "90010-000", "RS", "+55 51 ####-####"),
        ),
        address_pattern="{street}, {n} - Centro, {city} - {region}, {postcode}",
        tax_pattern="##.###.###/0001-##", email_tld="com.br",
        portal_tlds=("com.br",),
    ),
    _Country(
        code="CO", weight=5, currency="COP", coupon_currency="USD",
        languages=("es",),
        name_pattern="{b} {a} {s}",
        words_a=(
            "Andina", "del Caribe", "Cafetera", "Antioqueña", "del Magdalena", "del Valle",
            "Santandereana", "Bogotana", "Llanera", "del Pacífico", "del Cauca", "Paisa",
        ),
        words_b=_ES_TRADES,
        legal=("S.A.S.", "S.A.S.", "Ltda."),
        first_names=(
            "Valentina", "Santiago", "Camila", "Andrés", "Daniela", "Felipe", "Juliana",
            "Sebastián",
        ),
        last_names=(
            "Rodríguez", "Gómez", "Martínez", "Restrepo", "Castaño", "Ospina", "Cárdenas",
            "Vargas",
        ),
        female_first_names=(),
        streets=("Carrera 7", "Calle 93", "Avenida 19", "Carrera 43A", "Calle 10", "Carrera 15"),
        cities=(
            ("Bogotá", "110111", "", "+57 601 ### ####"),
            ("Medellín", "050001", "", "+57 604 ### ####"),
            ("Cali", "760001", "", "+57 602 ### ####"),
            ("Barranquilla", "080001", "", "+57 605 ### ####"),
            ("Bucaramanga", "680001", "", "+57 607 ### ####"),
        ),
        address_pattern="{street} # {n}-{m}, {city}",
        tax_pattern="900.###.###-#", email_tld="com.co",
        portal_tlds=("co",),
    ),
    _Country(
        code="DE", weight=5, currency="EUR", coupon_currency="EUR",
        languages=("en",),
        name_pattern="{a} {b} {s}",
        words_a=(
            "Nordlicht", "Rheinland", "Alpen", "Hansa", "Elbtal", "Schwarzwald", "Isar", "Spree",
            "Taunus", "Eifel", "Weser", "Bodensee",
        ),
        words_b=(
            "Logistik", "Bau", "Technik", "Beratung", "Medien", "Systeme", "Handel", "Immobilien",
            "Software", "Energie", "Druck", "Maschinenbau",
        ),
        legal=("GmbH", "GmbH", "AG"),
        first_names=("Lukas", "Anna", "Jonas", "Lea", "Felix", "Laura", "Maximilian", "Sophie"),
        last_names=(
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        ),
        female_first_names=(),
        streets=(
            "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Lindenallee",
            "Marktplatz",
        ),
        cities=(
            ("Berlin", "10115", "", "+49 30 #######"),
            ("München", "80331", "", "+49 89 #######"),
            ("Hamburg", "20095", "", "+49 40 #######"),
            ("Köln", "50667", "", "+49 221 #######"),
            ("Frankfurt am Main", "60311", "", "+49 69 #######"),
            ("Stuttgart", "70173", "", "+49 711 #######"),
        ),
        address_pattern="{street} {n}, {postcode} {city}",
        tax_pattern="DE#########", email_tld="de",
        portal_tlds=("de", "de", "eu"),
    ),
    _Country(
        code="KZ", weight=3, currency="RUB", coupon_currency="RUB",
        languages=("ru",),
        name_pattern="{s} «{a} {b}»",
        words_a=(
            "Алатау", "Жетысу", "Тенгри", "Кокше", "Сарыарка", "Есиль", "Каспий", "Тулпар",
            "Кайнар", "Арман", "Самал", "Достар",
        ),
        words_b=_RU_TRADES,
        legal=("ТОО",),
        first_names=("Нурлан", "Ерлан", "Асхат", "Данияр", "Тимур", "Арман"),
        last_names=("Абенов", "Сеитов", "Жумабаев", "Касымов", "Нурланов", "Ахметов"),
        female_first_names=("Айгерим", "Динара", "Асель", "Гульнара", "Жанна", "Мадина"),
        streets=("пр. Абая", "ул. Кунаева", "пр. Достык", "ул. Сатпаева"),
        cities=(
            ("Алматы", "050000", "", "+7 727 ### ## ##"),
            ("Астана", "010000", "", "+7 7172 ## ## ##"),
            ("Шымкент", "160000", "", "+7 7252 ## ## ##"),
            ("Караганда", "100000", "", "+7 7212 ## ## ##"),
        ),
        address_pattern="{postcode}, г. {city}, {street}, д. {n}",
        tax_pattern="############", email_tld="kz",
        portal_tlds=("kz",),
    ),
)

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    [
        "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
        "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    ],
    strict=True,
))
# fmt: on


# --------------------------------------------------------------------------- ticket texts

#: (subject, description, high urgency, product-related) per language, same order.
_SUBJECTS: dict[str, tuple[tuple[str, str, bool, bool], ...]] = {
    "en": (
        (
            "Portal does not open: error 502",
            "Since this morning nobody in our team can open {portal}: the browser shows "
            "error 502. We cannot work at all.",
            True,
            True,
        ),
        (
            "CRM import from Excel stops halfway",
            "We are importing about 2,000 contacts from an .xlsx file (CRM → Contacts → "
            "Import). The import stops at 40 % with “Invalid file format”.",
            False,
            True,
        ),
        (
            "Incoming calls are not routed to the sales queue",
            "Since we connected our SIP number, incoming calls ring only on the "
            "administrator's phone instead of the sales queue.",
            False,
            True,
        ),
        (
            "Mail sync with Gmail stopped",
            "Our mailboxes connected to Bitrix24 Mail have not received new messages since "
            "yesterday. Reconnecting the mailbox did not help.",
            False,
            True,
        ),
        (
            "Business process stuck at the approval step",
            "The purchase approval process stays on “Approval by manager” even after the "
            "manager approves. Steps: create a request, approve it from the task, the status "
            "does not change.",
            False,
            True,
        ),
        (
            "Mobile app shows no push notifications",
            "Several users on Android do not receive push notifications from the Bitrix24 "
            "app. Notifications are enabled in the phone settings.",
            False,
            True,
        ),
        (
            "Sales staff can see all deals",
            "The sales department should see only their own deals, but after we changed the "
            "access permissions they still see everyone's deals.",
            False,
            True,
        ),
        (
            "Storage is full, uploads fail",
            "Drive says the storage is full and nobody can upload files. What takes the space "
            "and how can we add storage?",
            False,
            True,
        ),
        (
            "Deleted deals must be recovered",
            "An employee deleted about 150 deals by mistake yesterday. We need them back "
            "urgently: can they be restored from the recycle bin or a backup?",
            True,
            True,
        ),
        (
            "WhatsApp messages do not reach Open Channels",
            "Messages sent to our WhatsApp number no longer appear in Open Channels. The "
            "connector shows as active.",
            False,
            True,
        ),
        (
            "Invoice template shows the wrong currency",
            "Invoices created from deals show USD instead of our currency, although the deal "
            "itself is in the right currency.",
            False,
            True,
        ),
        (
            "Outlook calendar sync creates duplicates",
            "Every event synchronised from Outlook appears twice in the Bitrix24 calendar.",
            False,
            True,
        ),
        (
            "Employee locked out by two-factor authentication",
            "One of our employees lost her phone and cannot log in because of two-factor "
            "authentication. How can the administrator reset it?",
            False,
            True,
        ),
        (
            "Webhook returns error 403",
            "Our website sends leads to Bitrix24 through an inbound webhook. Since Monday "
            "every request returns 403 Forbidden.",
            False,
            True,
        ),
        (
            "Desktop app does not sync Drive folders",
            "The Bitrix24 desktop app stopped synchronising the shared Drive folders on two "
            "Windows computers.",
            False,
            True,
        ),
        (
            "Question about our last invoice",
            "Could you send us a copy of the last invoice with our new company address?",
            False,
            False,
        ),
        (
            "Change of billing contact",
            "Please send future invoices and renewal reminders to our accounts department.",
            False,
            False,
        ),
        (
            "Request for a training session",
            "We would like a two-hour online CRM training for five new sales staff. Which "
            "dates do you have available?",
            False,
            False,
        ),
    ),
    "es": (
        (
            "El portal no abre: error 502",
            "Desde esta mañana nadie del equipo puede abrir {portal}: el navegador muestra "
            "el error 502. No podemos trabajar.",
            True,
            True,
        ),
        (
            "La importación de Excel al CRM se detiene",
            "Estamos importando unos 2.000 contactos desde un archivo .xlsx (CRM → Contactos "
            "→ Importar). La importación se detiene al 40 % con el mensaje «Formato de "
            "archivo no válido».",
            False,
            True,
        ),
        (
            "Las llamadas entrantes no llegan a la cola de ventas",
            "Desde que conectamos nuestro número SIP, las llamadas entrantes solo suenan en "
            "el teléfono del administrador y no en la cola de ventas.",
            False,
            True,
        ),
        (
            "Se detuvo la sincronización del correo con Gmail",
            "Los buzones conectados a Bitrix24 Mail no reciben mensajes nuevos desde ayer. "
            "Volver a conectar el buzón no ayudó.",
            False,
            True,
        ),
        (
            "El proceso de negocio se queda en el paso de aprobación",
            "El proceso de aprobación de compras se queda en «Aprobación del responsable» "
            "aunque el responsable ya aprobó la solicitud.",
            False,
            True,
        ),
        (
            "La aplicación móvil no muestra notificaciones",
            "Varios usuarios con Android no reciben notificaciones push de la aplicación de "
            "Bitrix24. Las notificaciones están activadas en el teléfono.",
            False,
            True,
        ),
        (
            "El equipo de ventas ve todas las negociaciones",
            "Necesitamos que el departamento de ventas vea solo sus propias negociaciones, "
            "pero después de cambiar los permisos de acceso siguen viéndolas todas.",
            False,
            True,
        ),
        (
            "El almacenamiento está lleno y no se pueden subir archivos",
            "El Drive indica que el almacenamiento está lleno y nadie puede subir archivos. "
            "¿Qué ocupa el espacio y cómo podemos ampliarlo?",
            False,
            True,
        ),
        (
            "Hay que recuperar negociaciones eliminadas",
            "Ayer un empleado eliminó por error unas 150 negociaciones. Las necesitamos con "
            "urgencia: ¿se pueden restaurar desde la papelera o una copia de seguridad?",
            True,
            True,
        ),
        (
            "Los mensajes de WhatsApp no llegan a los Canales Abiertos",
            "Los mensajes enviados a nuestro número de WhatsApp ya no aparecen en los Canales "
            "Abiertos. El conector figura como activo.",
            False,
            True,
        ),
        (
            "La plantilla de factura muestra otra moneda",
            "Las facturas creadas desde las negociaciones muestran USD en lugar de nuestra "
            "moneda, aunque la negociación está en la moneda correcta.",
            False,
            True,
        ),
        (
            "La sincronización con Outlook duplica los eventos",
            "Cada evento sincronizado desde Outlook aparece dos veces en el calendario de "
            "Bitrix24.",
            False,
            True,
        ),
        (
            "Una empleada no puede entrar por la autenticación en dos pasos",
            "Una empleada perdió su teléfono y no puede iniciar sesión por la autenticación "
            "en dos pasos. ¿Cómo puede el administrador restablecerla?",
            False,
            True,
        ),
        (
            "El webhook devuelve el error 403",
            "Nuestra web envía prospectos a Bitrix24 mediante un webhook entrante. Desde el "
            "lunes todas las solicitudes devuelven 403 Forbidden.",
            False,
            True,
        ),
        (
            "La aplicación de escritorio no sincroniza las carpetas del Drive",
            "La aplicación de escritorio de Bitrix24 dejó de sincronizar las carpetas "
            "compartidas del Drive en dos ordenadores con Windows.",
            False,
            True,
        ),
        (
            "Consulta sobre la última factura",
            "¿Nos pueden enviar una copia de la última factura con la nueva dirección de la "
            "empresa?",
            False,
            False,
        ),
        (
            "Cambio del contacto de facturación",
            "Por favor, envíen las próximas facturas y los avisos de renovación a nuestro "
            "departamento de contabilidad.",
            False,
            False,
        ),
        (
            "Solicitud de una formación",
            "Queremos una formación en línea de dos horas sobre el CRM para cinco nuevos "
            "comerciales. ¿Qué fechas tienen disponibles?",
            False,
            False,
        ),
    ),
    "ru": (
        (
            "Портал не открывается: ошибка 502",
            "С утра никто из сотрудников не может открыть {portal}: браузер показывает "
            "ошибку 502. Работа полностью остановлена.",
            True,
            True,
        ),
        (
            "Импорт из Excel в CRM останавливается",
            "Импортируем около 2000 контактов из файла .xlsx (CRM → Контакты → Импорт). "
            "Импорт останавливается на 40 % с сообщением «Неверный формат файла».",
            False,
            True,
        ),
        (
            "Входящие звонки не попадают в очередь отдела продаж",
            "После подключения SIP-номера входящие звонки идут только на телефон "
            "администратора, а не в очередь отдела продаж.",
            False,
            True,
        ),
        (
            "Перестала работать синхронизация почты с Gmail",
            "Ящики, подключённые к почте Битрикс24, со вчерашнего дня не получают новые "
            "письма. Переподключение ящика не помогло.",
            False,
            True,
        ),
        (
            "Бизнес-процесс зависает на этапе согласования",
            "Процесс согласования закупки остаётся на шаге «Согласование руководителем», "
            "хотя руководитель уже согласовал заявку.",
            False,
            True,
        ),
        (
            "Мобильное приложение не присылает уведомления",
            "Несколько сотрудников с Android не получают push-уведомления из приложения "
            "Битрикс24. Уведомления в настройках телефона включены.",
            False,
            True,
        ),
        (
            "Менеджеры видят все сделки",
            "Нужно, чтобы отдел продаж видел только свои сделки, но после изменения прав "
            "доступа сотрудники по-прежнему видят все сделки.",
            False,
            True,
        ),
        (
            "Закончилось место на Диске",
            "Диск сообщает, что место закончилось, и никто не может загрузить файлы. Что "
            "занимает место и как его увеличить?",
            False,
            True,
        ),
        (
            "Нужно восстановить удалённые сделки",
            "Вчера сотрудник по ошибке удалил около 150 сделок. Они срочно нужны: можно ли "
            "восстановить их из корзины или резервной копии?",
            True,
            True,
        ),
        (
            "Сообщения из WhatsApp не приходят в открытые линии",
            "Сообщения на наш номер WhatsApp больше не появляются в открытых линиях. "
            "Коннектор отображается как активный.",
            False,
            True,
        ),
        (
            "В шаблоне счёта неверная валюта",
            "Счета, созданные из сделок, выставляются в USD вместо нашей валюты, хотя сама "
            "сделка в правильной валюте.",
            False,
            True,
        ),
        (
            "Синхронизация с Outlook дублирует события",
            "Каждое событие, синхронизированное из Outlook, появляется в календаре "
            "Битрикс24 дважды.",
            False,
            True,
        ),
        (
            "Сотрудница не может войти из-за двухэтапной авторизации",
            "Сотрудница потеряла телефон и не может войти из-за двухэтапной авторизации. "
            "Как администратору её сбросить?",
            False,
            True,
        ),
        (
            "Вебхук возвращает ошибку 403",
            "Сайт передаёт лиды в Битрикс24 через входящий вебхук. С понедельника все "
            "запросы возвращают 403 Forbidden.",
            False,
            True,
        ),
        (
            "Десктопное приложение не синхронизирует папки Диска",
            "Десктопное приложение Битрикс24 перестало синхронизировать общие папки Диска "
            "на двух компьютерах с Windows.",
            False,
            True,
        ),
        (
            "Вопрос по последнему счёту",
            "Пришлите, пожалуйста, копию последнего счёта с новым адресом компании.",
            False,
            False,
        ),
        (
            "Смена контакта для счетов",
            "Пожалуйста, отправляйте следующие счета и напоминания о продлении в нашу бухгалтерию.",
            False,
            False,
        ),
        (
            "Запрос на обучение",
            "Хотим провести двухчасовое онлайн-обучение по CRM для пяти новых менеджеров. "
            "Какие даты у вас свободны?",
            False,
            False,
        ),
    ),
}

#: Thread messages per language: what each step of a ticket's life says.
_THREAD: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "ack": (
            "Hello {name}, thank you for your message. We are looking into it and will "
            "come back to you shortly.",
            "Hi {name}, thanks for reporting this. I have reproduced the problem and I am "
            "working on it now.",
            "Hello {name}, we received your request and it is now with our support team.",
        ),
        "ask": (
            "Could you send us a screenshot of the error and the exact time it happened?",
            "Please tell us which browser and version you use, and whether the problem "
            "happens for all users.",
            "Could you give one of our administrators temporary access to the portal so we "
            "can check the settings?",
        ),
        "info": (
            "Here is the screenshot. It happened at about 10:15 this morning.",
            "We use Chrome, latest version. It happens for everyone in the sales team.",
            "Access granted to your administrator. Thank you.",
        ),
        "nudge": (
            "Any news on this? It is still affecting our work.",
            "Just checking whether you had a chance to look at this.",
        ),
        "note": (
            "Checked the portal settings: the problem is reproducible on our NFR portal too.",
            "Client is on a paid plan with a renewal coming up; mention it in the next reply.",
            "Looks like a configuration issue, not a product fault.",
        ),
        "fix": (
            "We have corrected the settings and everything works again. Please check on "
            "your side and let us know.",
            "The problem is solved: the cause was an expired connection token, which we "
            "have renewed.",
            "Done: we changed the access permissions as requested. Please ask the team to "
            "log in again.",
        ),
        "thanks": (
            "Thank you, everything works now.",
            "Confirmed, it works. Thanks for the quick help!",
        ),
        "reopen": (
            "Unfortunately the problem is back since this morning.",
            "It worked for a day, but now the same error appears again.",
        ),
        "esc_note": (
            "Escalated to the Bitrix24 helpdesk as {vendor}. Logs and screenshots attached there.",
        ),
        "esc_reply": (
            "We have passed the problem to the Bitrix24 developers (ticket {vendor}). We "
            "will let you know as soon as they answer.",
        ),
    },
    "es": {
        "ack": (
            "Hola, {name}: gracias por su mensaje. Lo estamos revisando y le responderemos "
            "en breve.",
            "Hola, {name}: gracias por avisarnos. Hemos reproducido el problema y ya estamos "
            "trabajando en él.",
            "Hola, {name}: hemos recibido su solicitud y nuestro equipo de soporte ya la "
            "está atendiendo.",
        ),
        "ask": (
            "¿Podría enviarnos una captura de pantalla del error y la hora exacta en que ocurrió?",
            "Indíquenos, por favor, qué navegador y versión utiliza y si el problema afecta "
            "a todos los usuarios.",
            "¿Podría dar acceso temporal al portal a uno de nuestros administradores para "
            "revisar la configuración?",
        ),
        "info": (
            "Adjunto la captura. Ocurrió hacia las 10:15 de esta mañana.",
            "Usamos Chrome, la última versión. Le pasa a todo el equipo de ventas.",
            "Ya hemos dado acceso a su administrador. Gracias.",
        ),
        "nudge": (
            "¿Hay novedades? Sigue afectando a nuestro trabajo.",
            "Solo quería saber si han podido revisarlo.",
        ),
        "note": (
            "Revisada la configuración del portal: el problema también se reproduce en "
            "nuestro portal NFR.",
            "Cliente con plan de pago y renovación próxima; mencionarlo en la siguiente respuesta.",
            "Parece un problema de configuración, no un fallo del producto.",
        ),
        "fix": (
            "Hemos corregido la configuración y todo vuelve a funcionar. Compruébelo, por "
            "favor, y díganos si todo está bien.",
            "El problema está resuelto: la causa era un token de conexión caducado, que ya "
            "hemos renovado.",
            "Listo: hemos cambiado los permisos de acceso como nos pidió. Pida al equipo "
            "que vuelva a iniciar sesión.",
        ),
        "thanks": (
            "Gracias, ya funciona todo.",
            "Confirmado, funciona. ¡Gracias por la ayuda tan rápida!",
        ),
        "reopen": (
            "Lamentablemente, el problema ha vuelto desde esta mañana.",
            "Funcionó un día, pero ahora vuelve a aparecer el mismo error.",
        ),
        "esc_note": (
            "Escalado al soporte de Bitrix24 como {vendor}. Registros y capturas adjuntados allí.",
        ),
        "esc_reply": (
            "Hemos trasladado el problema a los desarrolladores de Bitrix24 (ticket "
            "{vendor}). Le avisaremos en cuanto respondan.",
        ),
    },
    "ru": {
        "ack": (
            "Здравствуйте, {name}! Спасибо за обращение. Мы разбираемся и скоро вернёмся с "
            "ответом.",
            "Здравствуйте, {name}! Спасибо, что сообщили. Мы воспроизвели проблему и уже "
            "работаем над ней.",
            "Здравствуйте, {name}! Ваше обращение получено и передано специалисту поддержки.",
        ),
        "ask": (
            "Пришлите, пожалуйста, снимок экрана с ошибкой и точное время, когда она возникла.",
            "Уточните, пожалуйста, какой браузер и версию вы используете и повторяется ли "
            "проблема у всех сотрудников.",
            "Можете ли вы дать нашему администратору временный доступ к порталу, чтобы мы "
            "проверили настройки?",
        ),
        "info": (
            "Отправляем снимок экрана. Ошибка появилась сегодня около 10:15.",
            "Используем Chrome последней версии. Проблема у всего отдела продаж.",
            "Доступ вашему администратору выдали. Спасибо.",
        ),
        "nudge": (
            "Есть ли новости? Проблема по-прежнему мешает работе.",
            "Подскажите, удалось ли посмотреть наше обращение?",
        ),
        "note": (
            "Проверили настройки портала: проблема воспроизводится и на нашем NFR-портале.",
            "Клиент на платном тарифе, скоро продление: упомянуть в следующем ответе.",
            "Похоже на ошибку настройки, а не на сбой продукта.",
        ),
        "fix": (
            "Мы исправили настройки, всё снова работает. Проверьте, пожалуйста, со своей стороны.",
            "Проблема решена: причиной был просроченный токен подключения, мы его обновили.",
            "Готово: права доступа изменены, как вы просили. Попросите сотрудников заново "
            "войти в портал.",
        ),
        "thanks": (
            "Спасибо, всё работает.",
            "Подтверждаем, всё работает. Спасибо за быструю помощь!",
        ),
        "reopen": (
            "К сожалению, с утра проблема вернулась.",
            "День всё работало, но сейчас снова появляется та же ошибка.",
        ),
        "esc_note": (
            "Передано в техподдержку Битрикс24, обращение {vendor}. Логи и снимки экрана "
            "приложены там.",
        ),
        "esc_reply": (
            "Мы передали проблему разработчикам Битрикс24 (обращение {vendor}). Сообщим, "
            "как только получим ответ.",
        ),
    },
}

#: Who writes each step, and the hours it usually follows the previous one.
_STEP_KIND = {
    "open": "client",
    "ack": "reply",
    "ask": "reply",
    "info": "client",
    "nudge": "client",
    "note": "note",
    "fix": "reply",
    "thanks": "client",
    "reopen": "client",
    "esc_note": "note",
    "esc_reply": "reply",
}
_STEP_GAP_HOURS = {
    "open": (0, 0),
    "ack": (0.2, 10),
    "ask": (0.5, 24),
    "info": (1, 48),
    "nudge": (12, 72),
    "note": (0.1, 6),
    "fix": (2, 72),
    "thanks": (0.5, 48),
    "reopen": (24, 120),
    "esc_note": (0.5, 24),
    "esc_reply": (0.1, 2),
}

# --------------------------------------------------------------------------- invoice texts

_MONTHS = {"en": ("month", "months"), "es": ("mes", "meses"), "ru": ("мес.", "мес.")}
_LICENSE = {"en": "license", "es": "licencia", "ru": "лицензия"}
_UPDATES = {
    "en": "Renewal of updates for 12 months: {edition}",
    "es": "Renovación de actualizaciones por 12 meses: {edition}",
    "ru": "Продление обновлений на 12 мес.: {edition}",
}
_EXTRA_USERS = {
    "en": "Additional on-premise users",
    "es": "Usuarios adicionales (versión autoalojada)",
    "ru": "Дополнительные пользователи (коробочная версия)",
}
_EXTRA_STORAGE = {
    "en": "Extra storage 50 GB",
    "es": "Almacenamiento adicional 50 GB",
    "ru": "Дополнительное место 50 ГБ",
}
_SERVICES = {
    "svc_implementation": ("Implementation", "Implantación", "Внедрение"),
    "svc_customisation": ("Customisation", "Personalización", "Доработка"),
    "svc_localisation": ("Localisation", "Localización", "Локализация"),
    "svc_training": ("Training", "Formación", "Обучение"),
    "svc_workflow": (
        "Workflow automation",
        "Automatización de procesos",
        "Автоматизация бизнес-процессов",
    ),
    "svc_telephony": ("Telephony set-up", "Configuración de telefonía", "Настройка телефонии"),
    "svc_integration": ("Integration", "Integración", "Интеграция"),
    "svc_app_development": (
        "App development",
        "Desarrollo de aplicaciones",
        "Разработка приложений",
    ),
}
_HOURS = {"en": "hours", "es": "horas", "ru": "часы"}
_DISCOUNT_REASON = {
    "long_term": {
        "en": "Long-term plan discount",
        "es": "Descuento por plan de larga duración",
        "ru": "Скидка за длительный срок",
    },
    "non_profit": {
        "en": "Non-profit organisation discount",
        "es": "Descuento para organizaciones sin fines de lucro",
        "ru": "Скидка для некоммерческой организации",
    },
}
_INVOICE_NOTES = {
    "en": ("Thank you for your business.", "Please quote the invoice number with your payment."),
    "es": ("Gracias por su confianza.", "Indique el número de factura al realizar el pago."),
    "ru": ("Спасибо за сотрудничество.", "При оплате укажите, пожалуйста, номер счёта."),
}
_CLIENT_NOTES = (
    "Prefers e-mail to phone calls.",
    "Pays by bank transfer on receipt of the invoice.",
    "Decision maker is the managing director; the contact handles day-to-day issues.",
    "Interested in telephony integration next quarter.",
    "Came through the Bitrix24 partner directory.",
)
_VOID_NOTES = (
    "Cancelled: wrong plan ordered.",
    "Cancelled: the client changed the term.",
    "Cancelled at the client's request before activation.",
)

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
_CLOUD_PLANS = ("basic", "standard", "professional", "enterprise")
_CLOUD_PLAN_WEIGHTS = (20, 40, 30, 10)
_TERMS = (1, 3, 6, 12, 24)
_TERM_WEIGHTS = (10, 10, 15, 50, 15)
_CLOUD_STATES = ("active", "grace", "free", "frozen", "deleted", "free_plan")
_CLOUD_STATE_WEIGHTS = (62, 7, 12, 7, 7, 5)
_BRANCHES = ("sales", "team", "hq", "service", "branch")
_SELF_HOSTED_HOSTS = ("crm", "portal", "intranet", "b24")
_CLOUD_PRODUCTS = ("cloud_subscription", "renewal", "upgrade", "extra_storage")
_CLOUD_PRODUCT_WEIGHTS = (40, 35, 10, 15)
_ONPREM_PRODUCTS = ("onprem_key", "onprem_upgrade", "updates_renewal", "extra_users")
_ONPREM_PRODUCT_WEIGHTS = (35, 10, 35, 20)
_BONUS_PRODUCTS = ("cloud_subscription", "onprem_key")
_MIN_MONEY = Decimal("10")
_ONE_DAY = timedelta(days=1)


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (Cyrillic transliterated)."""
    out = []
    for ch in text.lower():
        t = _TRANSLIT.get(ch)
        out.append(ch if t is None else t)
    norm = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in norm if c.isascii() and c.isalnum())


def _fill(rng: random.Random, pattern: str) -> str:
    """``pattern`` with "#" → a digit, "A" → a capital letter, "Y" → a yymmdd date."""
    out = []
    for ch in pattern:
        if ch == "#":
            out.append(str(rng.randrange(10)))
        elif ch == "A":
            out.append(rng.choice(_LETTERS))
        elif ch == "Y":
            out.append(f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}")
        else:
            out.append(ch)
    return "".join(out)


def _cum(weights: Sequence[int]) -> list[int]:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


_CUM_PLAN = _cum(_CLOUD_PLAN_WEIGHTS)
_CUM_TERM = _cum(_TERM_WEIGHTS)
_SERVICE_CODES = tuple(_SERVICES)
_SERVICE_HOURS = ("1", "2", "2.5", "4", "6", "8", "10", "12", "16", "20")
_LANG_INDEX = {"en": 0, "es": 1, "ru": 2}
_CN_NOTE = {
    "en": "Cancels invoice {number} in full.",
    "es": "Anula íntegramente la factura {number}.",
    "ru": "Полностью аннулирует счёт {number}.",
}


def _short_plan(name: str) -> str:
    """The edition a ticket names: "Bitrix24 Professional" → "Professional"."""
    return name.removeprefix("Bitrix24 ").strip()


@dataclass(slots=True)
class _Client:
    id: int
    country: _Country
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
    subs: list[_Sub] = field(default_factory=list)


@dataclass(slots=True)
class _Sub:
    id: int
    client: _Client
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
class _Coupon:
    product: str
    plan: str
    term: int
    seats: int
    purchased: date
    currency: str
    list_price: Decimal
    cost: Decimal  # partner cost before any bonus
    client: _Client | None
    assigned: date | None
    activated: date | None
    state: str
    note: str
    created_at: datetime
    sub: _Sub | None = None
    bonus: Decimal = Decimal("0")
    code: str = ""
    id: int = 0


class _Builder:
    """Builds the demo office in memory, then writes it table by table."""

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
        self.clients: list[_Client] = []
        self.subs: list[_Sub] = []
        self.coupons: list[_Coupon] = []
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

    def write(self, model: type[m.BaseModel], fields: Sequence[Any], rows: list[tuple]) -> None:
        """Bulk insert ``rows`` (tuples in the order of ``fields``) in batches.

        ``Model.insert_many`` builds the statement (columns, placeholders and the
        defaults of the fields not given); the rows go through each field's
        ``db_value`` and are executed in batches with ``executemany``.  Building one
        multi-row statement per batch in peewee costs ~6 µs per value, which alone
        would take a large demo office past half a minute.
        """
        if not rows:
            return
        fields = list(fields)
        given = {f.name for f in fields}
        for f in model._meta.sorted_fields:
            if f.name not in given and callable(f.default):
                raise ValueError(f"{model.__name__}.{f.name}: give it (its default varies)")
        sql, params = model.insert_many(rows[:1], fields=fields).sql()
        defaults = tuple(params[len(fields) :])
        converters = [f.db_value for f in fields]
        cursor = database().cursor()
        for start in range(0, len(rows), BATCH_ROWS):
            columns = zip(*rows[start : start + BATCH_ROWS], strict=True)
            converted = [
                list(map(conv, col)) for conv, col in zip(converters, columns, strict=True)
            ]
            batch = [row + defaults for row in zip(*converted, strict=True)]
            cursor.executemany(sql, batch)

    def load_price_list(self) -> None:
        """Read the price list (the default one, completed when entries are missing)."""
        existing = {code for (code,) in m.Plan.select(m.Plan.code).tuples()}
        missing = [spec for spec in DEFAULT_PLANS if spec.code not in existing]
        if missing:
            insert_plans(missing)
        for pid, code, name, seats in (
            m.Plan.select(m.Plan.id, m.Plan.code, m.Plan.name, m.Plan.seats)
            .order_by(m.Plan.id)
            .tuples()
        ):
            self.plan_ids[code] = pid
            self.plan_names[code] = name
            self.plan_seats[code] = seats
        query = (
            m.PlanPrice.select(m.Plan.code, m.PlanPrice.currency, m.PlanPrice.price)
            .join(m.Plan)
            .order_by(m.PlanPrice.id)
            .tuples()
        )
        for code, currency, price in query:
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

    # ------------------------------------------------------------------ clients

    def build_clients(self) -> None:
        rng = self.rng
        n = self.size.clients
        cum = _cum([c.weight for c in COUNTRIES])
        by_code = {c.code: c for c in COUNTRIES}
        forced = [by_code[code] for code in ("NZ", "ES", "MX", "RU")]
        archived = set(rng.sample(range(5, n + 1), 2)) if n >= 6 else set()
        used: set[str] = set()
        for cid in range(1, n + 1):
            country = (
                forced[cid - 1]
                if cid <= len(forced)
                else rng.choices(COUNTRIES, cum_weights=cum)[0]
            )
            a, b, legal = (
                rng.choice(country.words_a),
                rng.choice(country.words_b),
                rng.choice(country.legal),
            )
            k = 1
            while True:
                b_k = b if k == 1 else f"{b} {k}"
                slug = _ascii(country.name_pattern.format(a=a, b=b_k, s=""))
                if slug not in used:
                    break
                k += 1
            used.add(slug)
            company = country.name_pattern.format(a=a, b=b_k, s=legal)
            if country.female_first_names and rng.random() < 0.5:
                first = rng.choice(country.female_first_names)
                last = rng.choice(country.last_names) + "а"
            else:
                first = rng.choice(country.first_names)
                last = rng.choice(country.last_names)
            if rng.random() < 0.75:
                local = f"{_ascii(first)}.{_ascii(last)}"
            else:
                local = rng.choice(("info", "office", "admin", "hello"))
            city, postcode, region, phone_pattern = rng.choice(country.cities)
            address = country.address_pattern.format(
                n=rng.randint(1, 250),
                m=rng.randint(10, 99),
                street=rng.choice(country.streets),
                city=city,
                postcode=postcode,
                region=region,
            )
            hosting = "cloud" if rng.random() < 0.85 else "self_hosted"
            tld = rng.choice(country.portal_tlds)
            if hosting == "cloud":
                portal = f"https://{slug}.bitrix24.{tld}"
            else:
                portal = f"https://{rng.choice(_SELF_HOSTED_HOSTS)}.{slug}.{country.email_tld}"
            non_profit = rng.random() < 0.08
            self.clients.append(
                _Client(
                    id=cid,
                    country=country,
                    company=company,
                    slug=slug,
                    first_name=first,
                    contact=f"{first} {last}",
                    email=f"{local}@{slug}.{country.email_tld}",
                    phone=_fill(rng, phone_pattern),
                    address=address,
                    tax_id=_fill(rng, country.tax_pattern),
                    portal=portal,
                    tld=tld,
                    lang=rng.choice(country.languages),
                    currency=country.currency,
                    non_profit=non_profit,
                    affiliated=rng.random() < 0.03,
                    new_client=rng.random() < 0.3,
                    linked_via=rng.choices(m.LINKED_VIA, weights=(40, 25, 25, 10))[0],
                    commercial=rng.random() < (0.4 if non_profit else 0.8),
                    hosting=hosting,
                    notes=rng.choice(_CLIENT_NOTES) if rng.random() < 0.15 else "",
                    archived=cid in archived,
                    created=self.ago(20, 1100),
                )
            )
        self.active_clients = [c for c in self.clients if not c.archived]

    # ------------------------------------------------------------------ subscriptions

    def _cloud_dates(
        self, state: str, term: int, days_left: int | None
    ) -> tuple[date, date | None, date | None]:
        """``paid_until`` and logins that put a paid portal in ``state`` on ``today``."""
        rng, today = self.rng, self.today

        def days(n: int) -> timedelta:
            return timedelta(days=n)

        for _attempt in range(100):
            user: date | None
            admin: date | None
            if state == "active":
                span = (add_months(today, term) - today).days - 1
                left = days_left if days_left is not None else rng.randint(0, span)
                paid_until = today + days(left)
                user, admin = today - days(rng.randint(0, 6)), today - days(rng.randint(0, 30))
            elif state == "grace":
                paid_until = today - days(rng.randint(1, 15))
                user, admin = today - days(rng.randint(0, 5)), today - days(rng.randint(0, 20))
            elif state == "free":
                ago = rng.randint(16, 240)
                paid_until = today - days(ago)
                user = today - days(rng.randint(0, min(30, ago - 16)))
                admin = None if rng.random() < 0.5 else user - days(rng.randint(0, 30))
            elif state == "frozen":
                freeze = today - days(rng.randint(0, 14))
                paid_until = add_months(freeze - _ONE_DAY, -1) - days(15)
                user = paid_until - days(rng.randint(0, 25))
                admin = user - days(rng.randint(0, 10))
            else:  # deleted
                paid_until = today - days(rng.randint(62, 400))
                user = paid_until - days(rng.randint(0, 30))
                admin = user - days(rng.randint(0, 20))
            found = cloud_state(paid_until, today, last_user_login=user, last_admin_login=admin)
            if found == state:
                return paid_until, user, admin
        raise AssertionError(f"no dates found for a {state} portal")  # pragma: no cover

    def build_subscriptions(self) -> None:
        rng = self.rng
        forced: list[tuple[str, int | None]] = [
            ("active", d) for d in (30, 7, 0, 30, 7, 0, 12, 3, 21, 1)
        ]
        forced += [(s, None) for s in ("grace", "free", "frozen", "deleted", "free_plan") * 2]
        cum_state = _cum(_CLOUD_STATE_WEIGHTS)
        for client in self.clients:
            if client.hosting == "cloud":
                count = 2 if rng.random() < 0.35 else 1
                branches = rng.sample(_BRANCHES, 2)
                for j in range(count):
                    portal = client.portal
                    if j:
                        portal = f"https://{client.slug}-{branches[j]}.bitrix24.{client.tld}"
                    days_left: int | None = None
                    if client.archived:
                        state = "deleted"
                    elif forced:
                        state, days_left = forced.pop(0)
                    else:
                        state = rng.choices(_CLOUD_STATES, cum_weights=cum_state)[0]
                    self.subs.append(self._cloud_sub(client, portal, state, days_left))
            else:
                hosts = rng.sample(_SELF_HOSTED_HOSTS, 2)
                for j in range(2 if rng.random() < 0.2 else 1):
                    portal = client.portal
                    if j:
                        portal = f"https://{hosts[1]}.{client.slug}.{client.country.email_tld}"
                    self.subs.append(self._onprem_sub(client, portal))
        for sid, sub in enumerate(self.subs, start=1):
            sub.id = sid
            sub.client.subs.append(sub)
            if sub.starts is not None and sub.starts < sub.client.created:
                sub.client.created = sub.starts - timedelta(days=rng.randint(1, 20))

    def _cloud_sub(
        self,
        client: _Client,
        portal: str,
        state: str,
        days_left: int | None,
    ) -> _Sub:
        rng, today = self.rng, self.today
        if state == "free_plan":
            login = today - timedelta(days=rng.randint(0, 25))
            starts = self.ago(60, 700)
            return _Sub(
                id=0,
                client=client,
                plan="free",
                kind="cloud",
                portal=portal,
                seats=0,
                storage=0,
                term=0,
                starts=starts,
                paid_until=None,
                purchased=None,
                license_price=None,
                currency="",
                updates_until=None,
                user_login=login,
                admin_login=login - timedelta(days=rng.randint(0, 40)),
                archived=False,
                created_at=self.office_time(starts),
            )
        plan = rng.choices(_CLOUD_PLANS, cum_weights=_CUM_PLAN)[0]
        term = 12 if days_left is not None else rng.choices(_TERMS, cum_weights=_CUM_TERM)[0]
        paid_until, user, admin = self._cloud_dates(state, term, days_left)
        starts = add_months(paid_until + _ONE_DAY, -term)
        purchased = starts - timedelta(days=rng.randint(0, 4))
        seats = self.seats_of(plan)
        if plan == "enterprise":
            seats = rng.choice((seats, seats * 2, seats * 4))
        return _Sub(
            id=0,
            client=client,
            plan=plan,
            kind="cloud",
            portal=portal,
            seats=seats,
            storage=rng.choice((50, 100)) if rng.random() < 0.1 else 0,
            term=term,
            starts=starts,
            paid_until=paid_until,
            purchased=purchased,
            license_price=None,
            currency="",
            updates_until=None,
            user_login=user,
            admin_login=admin,
            archived=client.archived,
            created_at=self.office_time(purchased),
        )

    def _onprem_sub(self, client: _Client, portal: str) -> _Sub:
        rng, today = self.rng, self.today
        edition = "onprem_business" if rng.random() < 0.75 else "onprem_enterprise"
        seats = self.seats_of(edition)
        if edition == "onprem_business" and rng.random() < 0.3:
            seats += rng.choice((5, 10, 25))
        purchased = self.ago(20, 1000)
        starts = purchased + timedelta(days=rng.randint(0, 5))
        renewals = rng.randint(1, 1 + (today - starts).days // 365)
        return _Sub(
            id=0,
            client=client,
            plan=edition,
            kind="on_premise",
            portal=portal,
            seats=seats,
            storage=0,
            term=12,
            starts=starts,
            paid_until=None,
            purchased=purchased,
            license_price=self.price(edition, client.currency),
            currency=client.currency,
            updates_until=add_months(starts, 12 * renewals) - timedelta(days=1),  # last covered day
            user_login=None,
            admin_login=None,
            archived=client.archived,
            created_at=self.office_time(purchased),
        )

    # ------------------------------------------------------------------ coupons

    def _coupon_terms(
        self, product: str, currency: str, sub: _Sub | None = None
    ) -> tuple[str, int, int, Decimal]:
        """``(plan, term, seats, list_price)`` of a coupon for ``product``."""
        rng = self.rng
        if sub is not None:
            plan, term, seats = sub.plan, sub.term, sub.seats
        elif product in ("cloud_subscription", "renewal", "upgrade"):
            plan = rng.choices(_CLOUD_PLANS, cum_weights=_CUM_PLAN)[0]
            if product == "upgrade" and plan == "basic":
                plan = "standard"
            term = rng.choices(_TERMS, cum_weights=_CUM_TERM)[0]
            seats = self.seats_of(plan)
        elif product == "extra_storage":
            plan, term, seats = "extra_storage_50gb", rng.choice((1, 6, 12)), 0
        elif product in ("onprem_key", "updates_renewal"):
            plan = "onprem_business" if rng.random() < 0.75 else "onprem_enterprise"
            term, seats = 12, (self.seats_of(plan) if product == "onprem_key" else 0)
        elif product == "onprem_upgrade":
            plan, term, seats = "onprem_enterprise", 0, self.seats_of("onprem_enterprise")
        else:  # extra_users
            plan, term, seats = "extra_users_onprem", 0, rng.choice((5, 10, 25, 50))
        unit = self.price(plan, currency)
        if product in ("cloud_subscription", "renewal", "extra_storage"):
            list_price = unit * term
        elif product == "upgrade":
            lower = _CLOUD_PLANS[_CLOUD_PLANS.index(plan) - 1]
            list_price = (unit - self.price(lower, currency)) * term
        elif product == "onprem_upgrade":
            list_price = unit - self.price("onprem_business", currency)
        elif product == "updates_renewal":
            list_price = round_money(unit * Decimal("0.22"), currency)
        elif product == "extra_users":
            list_price = unit * seats
        else:
            list_price = unit
        return plan, term, seats, list_price

    def _coupon(
        self,
        product: str,
        client: _Client | None,
        purchased: date,
        state: str,
        *,
        sub: _Sub | None = None,
        assigned: date | None = None,
        activated: date | None = None,
        note: str = "",
    ) -> _Coupon:
        rng = self.rng
        if client is not None:
            currency = client.country.coupon_currency
        else:
            currency = "USD" if rng.random() < 0.8 else "EUR"
        plan, term, seats, list_price = self._coupon_terms(product, currency, sub)
        return _Coupon(
            product=product,
            plan=plan,
            term=term,
            seats=seats,
            purchased=purchased,
            currency=currency,
            list_price=list_price,
            cost=partner_cost(list_price, PARTNER_STATUS, currency=currency),
            client=client,
            assigned=assigned,
            activated=activated,
            state=state,
            note=note,
            created_at=self.office_time(purchased),
            sub=sub,
        )

    def _product_for(self, client: _Client | None) -> str:
        rng = self.rng
        cloud = client.hosting == "cloud" if client is not None else rng.random() < 0.85
        if cloud:
            return rng.choices(_CLOUD_PRODUCTS, weights=_CLOUD_PRODUCT_WEIGHTS)[0]
        return rng.choices(_ONPREM_PRODUCTS, weights=_ONPREM_PRODUCT_WEIGHTS)[0]

    def build_coupons(self) -> None:
        rng, today = self.rng, self.today
        total = self.size.coupons
        # The coupon that started each paid subscription's current term.
        linkable = [
            s
            for s in self.subs
            if s.plan != "free" and s.purchased is not None and s.purchased >= self.accepted_on
        ]
        for sub in linkable[: int(total * 0.6)]:
            if sub.kind == "cloud":
                first = sub.client.new_client or rng.random() < 0.25
                product = "cloud_subscription" if first else "renewal"
            else:
                product = "onprem_key"
            assert sub.purchased is not None and sub.starts is not None
            assigned = sub.purchased + timedelta(
                days=rng.randint(0, (sub.starts - sub.purchased).days)
            )
            self.coupons.append(
                self._coupon(
                    product,
                    sub.client,
                    sub.purchased,
                    "activated",
                    sub=sub,
                    assigned=assigned,
                    activated=sub.starts,
                )
            )
        forced: list[tuple[str, int | None]] = [
            ("in_stock", 5),
            ("in_stock", 6),
            ("assigned", 5),
            ("assigned", 6),
            ("in_stock", 0),
            ("assigned", 2),
            ("expired", None),
            ("expired", None),
            ("void", None),
            ("void", None),
            ("activated", None),
        ]
        states = ("activated", "assigned", "in_stock", "expired", "void")
        cum_states = _cum((40, 12, 10, 22, 16))
        history_days = max(8, (today - self.accepted_on).days)
        while len(self.coupons) < total:
            age: int | None = None
            if forced:
                state, age = forced.pop(0)
            else:
                state = rng.choices(states, cum_weights=cum_states)[0]
            if state in ("in_stock", "assigned"):
                age = rng.randint(0, 7) if age is None else age
                purchased = today - timedelta(days=age)
                if state == "in_stock":
                    coupon = self._coupon(self._product_for(None), None, purchased, state)
                else:
                    client = rng.choice(self.active_clients)
                    assigned = purchased + timedelta(days=rng.randint(0, age))
                    coupon = self._coupon(
                        self._product_for(client), client, purchased, state, assigned=assigned
                    )
            elif state == "activated":
                client = rng.choice(self.active_clients)
                purchased = self.ago(8, history_days)
                delay = rng.randint(0, 7)
                coupon = self._coupon(
                    self._product_for(client),
                    client,
                    purchased,
                    state,
                    assigned=purchased + timedelta(days=rng.randint(0, delay)),
                    activated=purchased + timedelta(days=delay),
                )
            elif state == "expired":
                purchased = self.ago(8, min(400, history_days))
                client = rng.choice(self.active_clients) if rng.random() < 0.5 else None
                assigned = purchased + timedelta(days=rng.randint(0, 7)) if client else None
                coupon = self._coupon(
                    self._product_for(client),
                    client,
                    purchased,
                    state,
                    assigned=assigned,
                    note="Not activated within 7 days of purchase.",
                )
            else:  # void
                purchased = self.ago(0, min(400, history_days))
                client = rng.choice(self.active_clients) if rng.random() < 0.3 else None
                coupon = self._coupon(
                    self._product_for(client),
                    client,
                    purchased,
                    state,
                    assigned=purchased if client else None,
                    note=rng.choice(_VOID_NOTES),
                )
            self.coupons.append(coupon)
        self._spend_bonuses()
        # Ids follow the purchase date; codes are unique.
        order = sorted(range(len(self.coupons)), key=lambda i: (self.coupons[i].purchased, i))
        codes: set[str] = set()
        for cid, index in enumerate(order, start=1):
            coupon = self.coupons[index]
            coupon.id = cid
            while True:
                code = "B24-" + "-".join(
                    "".join(rng.choice(_CODE_ALPHABET) for _k in range(4)) for _k in range(3)
                )
                if code not in codes:
                    break
            codes.add(code)
            coupon.code = code
            if coupon.sub is not None:
                coupon.sub.coupon_id = cid
        self.coupons = [self.coupons[i] for i in order]

    def _spend_bonuses(self) -> None:
        """Pay part of new clients' coupons with the kickstart and the award bonus."""
        rng = self.rng
        self.kickstart_end = self.accepted_on + timedelta(days=90)
        windows = [
            [self.accepted_on, self.kickstart_end, Decimal("1000"), Decimal("0")],
            [self.award_on, self.today, Decimal("1300"), Decimal("0")],
        ]
        for coupon in sorted(self.coupons, key=lambda c: c.purchased):
            client = coupon.client
            if (
                coupon.product not in _BONUS_PRODUCTS
                or coupon.currency != "USD"
                or coupon.state not in ("assigned", "activated")
                or client is None
                or not client.new_client
                or client.affiliated
                or rng.random() < 0.4
            ):
                continue
            for window in windows:
                start, end, budget, used = window
                if start <= coupon.purchased <= end:
                    wish = Decimal(rng.choice((100, 150, 200, 250, 300, 400, 500)))
                    spend = min(wish, budget - used, coupon.cost - _MIN_MONEY)
                    if spend > 0:
                        coupon.bonus = spend
                        window[3] = used + spend
                    break
        self.kickstart_used = windows[0][3]
        self.award_used = windows[1][3]

    # ------------------------------------------------------------------ invoices

    def _line(
        self,
        kind: str,
        description: str,
        quantity: Decimal,
        unit: Decimal,
        client: _Client,
        plan: str | None,
        sub: _Sub | None = None,
        discount: tuple[str, Decimal] | None = None,
        term: int | None = None,
    ) -> tuple:
        """An invoice line as ``(kind, description, quantity, unit_price, discount,
        reason, tax_rate, plan_id, subscription_id, term_months)``."""
        rate, reason = Decimal("0"), ""
        if discount is not None:
            reason, rate = _DISCOUNT_REASON[discount[0]][client.lang], discount[1]
        tax = Decimal("0.15") if client.country.code == "NZ" else Decimal("0")
        return (
            kind,
            description,
            quantity,
            unit,
            rate,
            reason,
            tax,
            self.plan_ids.get(plan) if plan else None,
            sub.id if sub else None,
            term,
        )

    def _invoice_lines(self, client: _Client) -> tuple[list[tuple], str | None, int]:
        """1–4 lines for ``client``; also the plan and term of the main line (PayPal)."""
        rng, lang, cur = self.rng, client.lang, client.currency
        months = _MONTHS[lang]
        paid_subs = [s for s in client.subs if s.plan != "free"]
        sub = rng.choice(paid_subs) if paid_subs and rng.random() < 0.8 else None
        lines: list[tuple] = []
        main_plan: str | None = None
        main_term = 0
        if (sub is not None and sub.kind == "cloud") or (sub is None and client.hosting == "cloud"):
            if sub is not None:
                plan, term, host = sub.plan, sub.term, sub.portal.split("://", 1)[1]
            else:
                plan = rng.choices(_CLOUD_PLANS, cum_weights=_CUM_PLAN)[0]
                term = rng.choices(_TERMS, cum_weights=_CUM_TERM)[0]
                host = client.portal.split("://", 1)[1]
            word = months[0] if term == 1 else months[1]
            lines.append(
                self._line(
                    "product",
                    f"{self.plan_names[plan]} — {term} {word} ({host})",
                    Decimal(term),
                    self.price(plan, cur),
                    client,
                    plan,
                    sub,
                    best_discount(term, client.non_profit),
                    term,
                )
            )
            main_plan, main_term = plan, term
        else:
            plan = sub.plan if sub is not None else "onprem_business"
            name = self.plan_names[plan]
            if sub is not None and rng.random() < 0.6:
                unit = round_money(self.price(plan, cur) * Decimal("0.22"), cur)
                lines.append(
                    self._line(
                        "product",
                        _UPDATES[lang].format(edition=name),
                        Decimal(1),
                        unit,
                        client,
                        plan,
                        sub,
                        term=12,
                    )
                )
            else:
                lines.append(
                    self._line(
                        "product",
                        f"{name} — {_LICENSE[lang]}",
                        Decimal(1),
                        self.price(plan, cur),
                        client,
                        plan,
                        sub,
                    )
                )
        for _extra in range(rng.choices((0, 1, 2, 3), weights=(40, 30, 20, 10))[0]):
            if rng.random() < 0.75:
                code = rng.choice(_SERVICE_CODES)
                name = _SERVICES[code][_LANG_INDEX[lang]]
                hours = Decimal(rng.choice(_SERVICE_HOURS))
                lines.append(
                    self._line(
                        "service",
                        f"{name} ({_HOURS[lang]})",
                        hours,
                        self.price(code, cur),
                        client,
                        code,
                    )
                )
            elif client.hosting == "cloud":
                term = rng.choice((1, 6, 12))
                word = months[0] if term == 1 else months[1]
                lines.append(
                    self._line(
                        "product",
                        f"{_EXTRA_STORAGE[lang]} — {term} {word}",
                        Decimal(term),
                        self.price("extra_storage_50gb", cur),
                        client,
                        "extra_storage_50gb",
                        term=term,
                    )
                )
            else:
                users = Decimal(rng.choice((5, 10, 25)))
                lines.append(
                    self._line(
                        "product",
                        _EXTRA_USERS[lang],
                        users,
                        self.price("extra_users_onprem", cur),
                        client,
                        "extra_users_onprem",
                    )
                )
        return lines, main_plan, main_term

    def _payments(
        self,
        client: _Client,
        issue: date,
        total: Decimal,
        profile: str,
        plan: str | None,
        term: int,
    ) -> list[tuple[date, Decimal, str, str]]:
        """``(paid_on, amount, method, reference)`` rows; reference "" = the number."""
        rng, cur = self.rng, client.currency
        if profile == "paid":
            shares = [total]
            if rng.random() < 0.2:
                first = round_money(total * Decimal(rng.randint(30, 70)) / 100, cur)
                if 0 < first < total:
                    shares = [first, total - first]
        elif profile == "partly":
            part = round_money(total * Decimal(rng.randint(20, 80)) / 100, cur)
            if not 0 < part < total:
                return []
            shares = [part]
        else:
            return []
        if client.country.code == "NZ":
            methods, weights = ["bank_deposit", "eftpos", "visa"], [50, 15, 25]
        else:
            methods, weights = ["wire", "visa", "bank_deposit"], [50, 30, 10]
        if plan is not None and paypal_allowed(plan, term):
            methods.append("paypal")
            weights.append(20)
        rows = []
        day = issue
        for amount in shares:
            day = min(self.today, day + timedelta(days=rng.randint(0, 14)))
            method = rng.choices(methods, weights=weights)[0]
            if method == "visa":
                reference = f"VISA ****{rng.randint(1000, 9999)}"
            elif method == "eftpos":
                reference = f"EFTPOS {rng.randint(100000, 999999)}"
            elif method == "paypal":
                reference = "".join(rng.choice(_CODE_ALPHABET) for _k in range(17))
            else:
                reference = ""
            rows.append((day, amount, method, reference))
        return rows

    def build_invoices(self) -> None:
        rng = self.rng
        total_count = self.size.invoices
        n_cn = max(3, total_count * 3 // 100)
        n_draft = max(4, total_count * 6 // 100)
        rest = total_count - 2 * n_cn - n_draft
        n_notdue = max(3, rest * 12 // 100)
        n_overdue = max(3, rest * 12 // 100)
        n_partly = max(3, rest * 10 // 100)
        profiles = (
            ["credited"] * n_cn
            + ["draft"] * n_draft
            + ["notdue"] * n_notdue
            + ["overdue"] * n_overdue
            + ["partly"] * n_partly
            + ["paid"] * (rest - n_notdue - n_overdue - n_partly)
        )
        issue_ages = {
            "credited": (20, 500),
            "notdue": (0, 14),
            "overdue": (15, 180),
            "partly": (3, 200),
            "paid": (0, 700),
        }
        invoices: list[dict[str, Any]] = []
        for profile in profiles:
            client = rng.choice(self.active_clients)
            lines, plan, term = self._invoice_lines(client)
            totals = invoice_totals(
                [TotalsLine(ln[1], ln[2], ln[3], ln[4], ln[6]) for ln in lines], client.currency
            )
            if profile == "draft":
                issue = None
                created = self.office_time(self.ago(0, 20))
                payments: list[tuple[date, Decimal, str, str]] = []
            else:
                issue = self.ago(*issue_ages[profile])
                created = self.office_time(issue)
                payments = self._payments(client, issue, totals.total, profile, plan, term)
            notes = rng.choice(_INVOICE_NOTES[client.lang]) if rng.random() < 0.2 else ""
            invoice = {
                "kind": "invoice",
                "client": client,
                "issue": issue,
                "lines": lines,
                "totals": totals,
                "payments": payments,
                "notes": notes,
                "created": created,
                "state": {"draft": "draft", "credited": "credited"}.get(profile, "issued"),
                "credited": None,
            }
            invoices.append(invoice)
            if profile == "credited":
                assert issue is not None
                cn_issue = issue + timedelta(days=rng.randint(1, 15))
                invoices.append(
                    {
                        "kind": "credit_note",
                        "client": client,
                        "issue": cn_issue,
                        "lines": lines,
                        "totals": totals,
                        "payments": [],
                        "notes": "",
                        "created": self.office_time(cn_issue),
                        "state": "issued",
                        "credited": invoice,
                    }
                )
        # Ids in order of creation; numbers per kind and year in order of issue.
        for iid, inv in enumerate(sorted(invoices, key=lambda i: i["created"]), start=1):
            inv["id"] = iid
        self.sequences: dict[tuple[str, int], int] = {}
        prefixes = {"invoice": "INV", "credit_note": "CN"}
        for inv in sorted(
            (i for i in invoices if i["issue"] is not None), key=lambda i: (i["issue"], i["id"])
        ):
            key = (inv["kind"], inv["issue"].year)
            seq = self.sequences.get(key, 0) + 1
            self.sequences[key] = seq
            inv["year"], inv["seq"] = key[1], seq
            inv["number"] = f"{prefixes[inv['kind']]}-{key[1]}-{seq:04d}"
        self.invoices = sorted(invoices, key=lambda i: i["id"])

    # ------------------------------------------------------------------ tickets

    def _steps(self, status: str) -> list[str]:
        r = self.rng.random
        if status == "new":
            x = r()
            return ["open"] + (["nudge"] if x < 0.3 else ["note"] if x < 0.6 else [])
        if status == "in_progress":
            return ["open", "ack", "note"] + (["info"] if r() < 0.3 else [])
        if status == "waiting":
            return ["open", "ack"] + (["note"] if r() < 0.5 else []) + ["ask"]
        if status == "reopened":
            return ["open", "ack", "fix", "reopen"] + (["ack"] if r() < 0.4 else [])
        if status == "escalated":
            return ["open", "ack", "esc_note", "esc_reply"] + (["note"] if r() < 0.3 else [])
        steps = ["open", "ack"] + (["note"] if r() < 0.4 else [])
        steps += (["ask", "info"] if r() < 0.4 else []) + ["fix"]
        if status == "closed" and r() < 0.6:
            steps.append("thanks")
        return steps

    def build_tickets(self) -> None:
        rng, now = self.rng, self.now
        statuses = m.TICKET_STATUSES
        cum_status = _cum((10, 12, 10, 15, 40, 5, 8))
        recent = {
            "new": 1.0,
            "in_progress": 0.6,
            "waiting": 0.3,
            "resolved": 0.2,
            "closed": 0.05,
            "reopened": 0.5,
            "escalated": 0.1,
        }
        min_hours = {
            "new": 0.2,
            "in_progress": 1,
            "waiting": 6,
            "resolved": 12,
            "closed": 72,
            "reopened": 48,
            "escalated": 24,
        }
        max_days = {
            "new": 3,
            "in_progress": 20,
            "waiting": 30,
            "resolved": 14,
            "closed": 90,
            "reopened": 40,
            "escalated": 60,
        }
        forced = list(statuses) * 2
        tickets: list[list[Any]] = []
        for _ticket in range(self.size.tickets):
            status = forced.pop(0) if forced else rng.choices(statuses, cum_weights=cum_status)[0]
            client = rng.choice(self.active_clients)
            lang = client.lang
            product = status == "escalated" or rng.random() >= 0.08
            index = rng.randrange(15) if product else rng.randrange(15, 18)
            subject, description, high, _product = _SUBJECTS[lang][index]
            portal = client.portal
            subs = [s for s in client.subs if s.plan != "free"]
            sub = subs[0] if subs else None
            if sub is not None:
                portal = sub.portal
            description = description.format(portal=portal.split("://", 1)[1])
            if status == "escalated":
                level = "development"
            elif not product:
                level = "non_product"
            else:
                level = ("commercial_" if client.commercial else "noncommercial_") + (
                    "cloud" if client.hosting == "cloud" else "self_hosted"
                )
            if client.hosting == "cloud":
                version = "Cloud" if rng.random() < 0.75 else ""
                edition = _short_plan(self.plan_names.get(sub.plan, "")) if sub else ""
            else:
                version = rng.choice(("24.300.0", "24.200.0", "24.100.0", "23.900.0"))
                version = version if rng.random() < 0.75 else ""
                edition = "Enterprise" if sub and sub.plan == "onprem_enterprise" else "Business"
            if rng.random() < 0.2:
                edition = ""
            assignee = "" if status == "new" and rng.random() < 0.7 else rng.choice(STAFF)
            vendor = f"HD-{rng.randint(1000000, 9999999)}" if status == "escalated" else ""
            if rng.random() < recent[status]:
                hours = rng.uniform(min_hours[status], max(min_hours[status] + 1, 72))
            else:
                hours = rng.uniform(72, max_days[status] * 24)
            created = now - timedelta(minutes=int(hours * 60))
            # The thread: gaps drawn per step, squeezed into the time the ticket has had.
            steps = self._steps(status)
            offsets, total = [], 0.0
            for step in steps:
                low, high_gap = _STEP_GAP_HOURS[step]
                total += rng.uniform(low, high_gap) if high_gap else 0.0
                offsets.append(total)
            room = hours * (0.6 if status == "closed" else 0.95)
            scale = min(1.0, room / total) if total else 1.0
            texts = _THREAD[lang]
            author = assignee or rng.choice(STAFF)
            thread = []
            for step, offset in zip(steps, offsets, strict=True):
                at = created + timedelta(minutes=int(offset * scale * 60))
                kind = _STEP_KIND[step]
                if step == "open":
                    body = description
                else:
                    body = rng.choice(texts[step]).format(name=client.first_name, vendor=vendor)
                thread.append((kind, client.contact if kind == "client" else author, body, at))
            # The SLA clock: from the oldest client message not answered since the last reply.
            last_reply = max((i for i, t in enumerate(thread) if t[0] == "reply"), default=-1)
            pending = [t[3] for t in thread[last_reply + 1 :] if t[0] == "client"]
            clock = pending[0] if last_reply >= 0 and pending else created
            first_reply = next((t[3] for t in thread if t[0] == "reply" and t[3] >= clock), None)
            waiting_since = thread[-1][3] if status == "waiting" else None
            resolved_at = closed_at = rating = None
            if status in ("resolved", "closed"):
                resolved_at = next(t[3] for t, s in zip(thread, steps, strict=True) if s == "fix")
                if rng.random() < (0.7 if status == "closed" else 0.4):
                    rating = rng.choices((1, 2, 3, 4, 5), weights=(3, 5, 12, 35, 45))[0]
            if status == "closed":
                last = thread[-1][3]
                closed_at = last + min(timedelta(hours=rng.uniform(24, 120)), (now - last) / 2)
            tickets.append(
                [
                    created,
                    client.id,
                    subject,
                    description,
                    "" if rng.random() < 0.1 else portal,
                    version,
                    edition,
                    "high" if high or rng.random() < 0.02 else "normal",
                    level,
                    status,
                    assignee,
                    vendor,
                    created,
                    clock,
                    first_reply,
                    waiting_since,
                    resolved_at,
                    closed_at,
                    rating,
                    thread,
                ]
            )
        tickets.sort(key=lambda t: t[0])
        self.tickets = tickets

    # ------------------------------------------------------------------ writing

    def write_office(self) -> None:
        today = self.today
        office = {
            m.Office.name: "Kiwi Cloud Partners Ltd",
            m.Office.address: "Level 4, 110 Customs Street West\nAuckland Central\nAuckland 1010",
            m.Office.country: "NZ",
            m.Office.tax_number: "123-456-789",
            m.Office.email: "desk@kiwicloud.co.nz",
            m.Office.phone: "+64 9 379 0142",
            m.Office.website: "https://kiwicloud.co.nz",
            m.Office.bank_details: "ANZ 01-0102-0123456-00\nAccount name: Kiwi Cloud Partners Ltd",
            m.Office.refund_policy: "No refunds: subscriptions and licences are not refundable.",
            m.Office.default_currency: "NZD",
            m.Office.default_tax_rate: Decimal("0.15"),
            m.Office.invoice_prefix: "INV",
            m.Office.credit_note_prefix: "CN",
            m.Office.invoice_due_days: 14,
            m.Office.timezone: OFFICE_TZ,
            m.Office.holiday_country: "NZ",
            m.Office.holiday_subdivision: "AUK",
        }
        if not m.Office.update(office).where(m.Office.id == 1).execute():
            m.Office.insert({m.Office.id: 1, **office}).execute()
        self.write(
            m.ClosedDay,
            [m.ClosedDay.id, m.ClosedDay.day, m.ClosedDay.note],
            [
                (1, date(today.year, 12, 24), "Christmas Eve: office closed"),
                (2, date(today.year, 12, 31), "New Year's Eve: office closed"),
            ],
        )

    def write_partner(self) -> None:
        rng, today = self.rng, self.today
        accepted, confirmed = self.accepted_on, self.confirmed_on
        silver = add_months(confirmed, -12)
        profile = {
            m.PartnerProfile.partner_id: f"NZ-{rng.randint(100000, 999999)}",
            m.PartnerProfile.accepted_on: accepted,
            m.PartnerProfile.status: PARTNER_STATUS,
            m.PartnerProfile.confirmed_on: confirmed,
            m.PartnerProfile.held_before: None,
            m.PartnerProfile.registered_on: accepted - timedelta(days=14),
        }
        if not m.PartnerProfile.update(profile).where(m.PartnerProfile.id == 1).execute():
            m.PartnerProfile.insert({m.PartnerProfile.id: 1, **profile}).execute()
        f = m.PartnerStatusChange
        self.write(
            f,
            [f.id, f.status, f.confirmed_on, f.note],
            [
                (1, "bronze", accepted, "Accepted into the Bitrix24 partner programme as Bronze."),
                (2, "silver", silver, "Qualified for Silver: sales target and two new clients."),
                (3, "silver", confirmed, "Silver confirmed for the next status year."),
            ],
        )
        c = m.CourseCompletion
        self.write(
            c,
            [c.id, c.course, c.completed_on],
            [
                (1, "tutorial", accepted + timedelta(days=12)),
                (2, "sales_course", silver - timedelta(days=25)),
            ],
        )
        r = m.Requirement
        year_end = add_months(confirmed, 12)
        self.write(
            r,
            [r.id, r.key, r.due_on, r.done_on, r.note],
            [
                (
                    1,
                    "website_endorsement",
                    year_end,
                    silver + timedelta(days=10),
                    "Partner badge on kiwicloud.co.nz",
                ),
                (
                    2,
                    "social_endorsement",
                    year_end,
                    None,
                    "LinkedIn post announcing the Silver status",
                ),
                (
                    3,
                    "first_line_support",
                    year_end,
                    silver + timedelta(days=3),
                    "E-mail and phone support, 09:00–18:00 NZ time",
                ),
            ],
        )
        b = m.Bonus
        self.write(
            b,
            [b.id, b.kind, b.amount, b.used, b.currency, b.credited_on, b.expires_on, b.note],
            [
                (
                    1,
                    "kickstart",
                    Decimal("1000"),
                    self.kickstart_used,
                    "USD",
                    accepted,
                    self.kickstart_end,
                    "Kickstart bonus, valid 90 days after acceptance",
                ),
                (
                    2,
                    "award",
                    Decimal("2000"),
                    self.award_used,
                    "USD",
                    self.award_on,
                    date(today.year, 12, 31),
                    "Award bonus for the best new-client growth",
                ),
            ],
        )
        nfr_starts = add_months(today, -7)
        key_starts = add_months(today, -10)
        key = "-".join("".join(rng.choice(_CODE_ALPHABET) for _k in range(5)) for _k in range(3))
        n = m.NfrLicense
        self.write(
            n,
            [n.id, n.kind, n.reference, n.starts_on, n.expires_on, n.extended],
            [
                (
                    1,
                    "cloud",
                    "https://kiwicloud.bitrix24.com",
                    accepted + timedelta(days=20),
                    add_months(accepted + timedelta(days=20), 6),
                    False,
                ),
                (
                    2,
                    "cloud",
                    "https://kiwicloud-demo.bitrix24.com",
                    nfr_starts,
                    add_months(today, 2),
                    True,
                ),
                (3, "on_premise", f"NFR-{key}", key_starts, add_months(key_starts, 12), False),
            ],
        )
        reasons = (
            "Sales",
            "Sales",
            "Sales",
            "Webinar attended",
            "Case study published",
            "Partner Sales Course",
        )
        points = [
            (
                add_months(today, -k) - timedelta(days=rng.randint(0, 20)),
                rng.randint(5, 40) * 10,
                rng.choice(reasons),
            )
            for k in range(17, -1, -1)
        ]
        p = m.PointsAllocation
        self.write(
            p,
            [p.id, p.allocated_on, p.points, p.reason],
            [(i, *row) for i, row in enumerate(sorted(points), start=1)],
        )

    def write_clients(self) -> None:
        c = m.Client
        fields = [
            c.id,
            c.company,
            c.contact_person,
            c.email,
            c.phone,
            c.country,
            c.address,
            c.tax_id,
            c.portal_url,
            c.doc_language,
            c.currency,
            c.non_profit,
            c.affiliated,
            c.new_client,
            c.linked_via,
            c.support_commercial,
            c.hosting,
            c.notes,
            c.archived,
            c.created_at,
        ]
        rows = [
            (
                x.id,
                x.company,
                x.contact,
                x.email,
                x.phone,
                x.country.code,
                x.address,
                x.tax_id,
                x.portal,
                x.lang,
                x.currency,
                x.non_profit,
                x.affiliated,
                x.new_client,
                x.linked_via,
                x.commercial,
                x.hosting,
                x.notes,
                x.archived,
                self.office_time(x.created),
            )
            for x in self.clients
        ]
        self.client_created = {row[0]: row[-1] for row in rows}
        self.write(c, fields, rows)

    def write_coupons(self) -> None:
        rng, c = self.rng, m.Coupon
        fields = [
            c.id,
            c.code,
            c.product,
            c.plan,
            c.term_months,
            c.seats,
            c.purchased_on,
            c.currency,
            c.list_price,
            c.partner_cost,
            c.bonus_used,
            c.resale_price,
            c.client,
            c.assigned_on,
            c.activated_on,
            c.state,
            c.order_ref,
            c.note,
            c.created_at,
        ]
        rows = []
        for x in self.coupons:
            resale = None
            if x.client is not None and x.state in ("assigned", "activated") and rng.random() < 0.6:
                resale = x.list_price
            rows.append(
                (
                    x.id,
                    x.code,
                    x.product,
                    self.plan_ids[x.plan],
                    x.term,
                    x.seats,
                    x.purchased,
                    x.currency,
                    x.list_price,
                    x.cost - x.bonus,
                    x.bonus,
                    resale,
                    x.client.id if x.client else None,
                    x.assigned,
                    x.activated,
                    x.state,
                    f"B24-ORD-{x.purchased:%y%m%d}-{rng.randint(100, 999)}",
                    x.note,
                    x.created_at,
                )
            )
        self.write(c, fields, rows)

    def write_subscriptions(self) -> None:
        s = m.Subscription
        fields = [
            s.id,
            s.client,
            s.plan,
            s.kind,
            s.portal_url,
            s.seats,
            s.extra_storage_gb,
            s.term_months,
            s.starts_on,
            s.paid_until,
            s.purchased_on,
            s.license_price,
            s.currency,
            s.updates_until,
            s.last_user_login,
            s.last_admin_login,
            s.coupon,
            s.archived,
            s.created_at,
        ]
        rows = [
            (
                x.id,
                x.client.id,
                self.plan_ids[x.plan],
                x.kind,
                x.portal,
                x.seats,
                x.storage,
                x.term,
                x.starts,
                x.paid_until,
                x.purchased,
                x.license_price,
                x.currency,
                x.updates_until,
                x.user_login,
                x.admin_login,
                x.coupon_id,
                x.archived,
                x.created_at,
            )
            for x in self.subs
        ]
        self.write(s, fields, rows)

    def write_invoices(self) -> None:
        i, ln, p, q = m.Invoice, m.InvoiceLine, m.Payment, m.InvoiceSequence
        invoice_rows, line_rows, payment_rows = [], [], []
        # The term of a line (months of a plan or an option), where the schema has it.
        term_field = getattr(ln, "term_months", None)
        with_term = isinstance(term_field, pw.Field)
        self.invoice_activity: list[tuple[int, datetime, str, str]] = []
        for inv in self.invoices:
            client, totals, issue = inv["client"], inv["totals"], inv["issue"]
            number = inv.get("number")
            credited = inv["credited"]
            notes = inv["notes"]
            if credited is not None:
                notes = _CN_NOTE[client.lang].format(number=credited["number"])
            paid = sum((pay[1] for pay in inv["payments"]), Decimal("0"))
            due = issue + timedelta(days=14) if issue and inv["kind"] == "invoice" else None
            invoice_rows.append(
                (
                    inv["id"],
                    inv["kind"],
                    number,
                    inv.get("year"),
                    inv.get("seq"),
                    client.id,
                    credited["id"] if credited else None,
                    issue,
                    due,
                    client.currency,
                    client.lang,
                    inv["state"],
                    totals.net,
                    totals.tax,
                    totals.total,
                    paid,
                    notes,
                    inv["created"],
                )
            )
            for position, line in enumerate(inv["lines"], start=1):
                line = line if with_term else line[:-1]
                line_rows.append((len(line_rows) + 1, inv["id"], position, *line))
            for paid_on, amount, method, reference in inv["payments"]:
                payment_rows.append(
                    (
                        len(payment_rows) + 1,
                        inv["id"],
                        paid_on,
                        amount,
                        method,
                        reference or number,
                        self.office_time(paid_on),
                    )
                )
                self.invoice_activity.append(
                    (
                        client.id,
                        payment_rows[-1][-1],
                        "payment",
                        f"Payment of {amount} {client.currency} received for {number}",
                    )
                )
            if number is not None:
                if credited is not None:
                    text = f"Credit note {number} issued for invoice {credited['number']}"
                else:
                    text = f"Invoice {number} issued"
                self.invoice_activity.append((client.id, inv["created"], "invoice", text))
        self.write(
            i,
            [
                i.id,
                i.kind,
                i.number,
                i.year,
                i.seq,
                i.client,
                i.credited_invoice,
                i.issue_date,
                i.due_date,
                i.currency,
                i.language,
                i.state,
                i.net,
                i.tax,
                i.total,
                i.paid,
                i.notes,
                i.created_at,
            ],
            invoice_rows,
        )
        self.write(
            ln,
            [
                ln.id,
                ln.invoice,
                ln.position,
                ln.kind,
                ln.description,
                ln.quantity,
                ln.unit_price,
                ln.discount,
                ln.discount_reason,
                ln.tax_rate,
                ln.plan,
                ln.subscription,
                *([term_field] if with_term else []),
            ],
            line_rows,
        )
        self.write(
            q,
            [q.id, q.kind, q.year, q.last_seq],
            [
                (n, kind, year, seq)
                for n, ((kind, year), seq) in enumerate(sorted(self.sequences.items()), start=1)
            ],
        )
        self.write(
            p,
            [p.id, p.invoice, p.paid_on, p.amount, p.method, p.reference, p.created_at],
            payment_rows,
        )

    def write_tickets(self) -> None:
        t, tm = m.Ticket, m.TicketMessage
        ticket_rows, message_rows = [], []
        for tid, ticket in enumerate(self.tickets, start=1):
            ticket_rows.append((tid, f"T-{tid + 100:06d}", *ticket[1:-1]))
            for kind, author, body, at in ticket[-1]:
                message_rows.append((len(message_rows) + 1, tid, kind, author, body, at))
        self.write(
            t,
            [
                t.id,
                t.tid,
                t.client,
                t.subject,
                t.description,
                t.portal_url,
                t.product_version,
                t.edition,
                t.urgency,
                t.sla_level,
                t.status,
                t.assignee,
                t.vendor_ticket_id,
                t.created_at,
                t.clock_started_at,
                t.first_reply_at,
                t.waiting_since,
                t.resolved_at,
                t.closed_at,
                t.rating,
            ],
            ticket_rows,
        )
        self.progress(_("Writing ticket messages…"))
        self.write(tm, [tm.id, tm.ticket, tm.kind, tm.author, tm.body, tm.created_at], message_rows)

    def write_activity(self) -> None:
        entries: list[tuple[int, datetime, str, str]] = [
            (cid, at, "created", "Client created") for cid, at in self.client_created.items()
        ]
        for sub in self.subs:
            if sub.starts is not None:
                host = sub.portal.split("://", 1)[1]
                entries.append(
                    (
                        sub.client.id,
                        self.office_time(sub.starts),
                        "subscription",
                        f"{self.plan_names[sub.plan]} started on {host}",
                    )
                )
        for coupon in self.coupons:
            if coupon.client is not None and coupon.assigned is not None:
                entries.append(
                    (
                        coupon.client.id,
                        self.office_time(coupon.assigned),
                        "coupon",
                        f"Coupon {coupon.code} assigned",
                    )
                )
            if coupon.client is not None and coupon.activated is not None:
                entries.append(
                    (
                        coupon.client.id,
                        self.office_time(coupon.activated),
                        "coupon",
                        f"Coupon {coupon.code} activated",
                    )
                )
        entries += self.invoice_activity
        entries.sort(key=lambda e: e[1])
        a = m.Activity
        self.write(
            a,
            [a.id, a.client, a.at, a.kind, a.message],
            [(n, *entry) for n, entry in enumerate(entries, start=1)],
        )

    def run(self) -> None:
        self.progress(_("Writing the office and the partner profile…"))
        self.write_office()
        self.build_clients()
        self.build_subscriptions()
        self.build_coupons()
        self.write_partner()
        self.progress(_("Writing clients…"))
        self.write_clients()
        self.progress(_("Writing coupons…"))
        self.write_coupons()
        self.progress(_("Writing subscriptions…"))
        self.write_subscriptions()
        self.progress(_("Writing invoices…"))
        self.build_invoices()
        self.write_invoices()
        self.progress(_("Writing tickets…"))
        self.build_tickets()
        self.write_tickets()
        self.progress(_("Writing the activity log…"))
        self.write_activity()


# --------------------------------------------------------------------------- public API


def is_empty() -> bool:
    """Whether the open database holds no clients, coupons, tickets or invoices."""
    return not any(model.select().exists() for model in (m.Client, m.Coupon, m.Ticket, m.Invoice))


def generate_demo(
    size: str = "small",
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Fill the open, empty database with the demo office; returns rows per table.

    ``size``: ``"small"`` (about 60 clients) or ``"large"`` (5 000 clients, 20 000
    coupons, 50 000 tickets, 20 000 invoices).  The same ``seed`` and ``today``
    (default: the computer's date) give the same rows.  ``progress`` receives a short
    message as each step starts.  Raises :class:`DatabaseNotEmptyError`, changing
    nothing, when the database already holds business data (see :func:`is_empty`);
    everything else is written in one transaction.
    """
    if size not in SIZES:
        raise ValueError(f"unknown demo size {size!r}; choose one of {', '.join(SIZES)}")
    day = date.today() if today is None else today
    builder = _Builder(SIZES[size], seed, day, progress)
    db = database()
    with db.atomic():
        if not is_empty():
            raise DatabaseNotEmptyError(
                _(
                    "The database already holds clients, coupons, tickets or invoices. The "
                    "demo office is only written into an empty database."
                )
            )
        builder.progress(_("Writing the price list…"))
        seed_price_list()
        builder.load_price_list()
        builder.run()
        # The queue sorts by the SLA due time: compute it as the desk would.
        builder.progress(_("Computing the SLA due times…"))
        recompute_due_times(business_calendar())
        # The rows were written with their ids: the next save must not take id 1.
        reset_sequences(db, m.ALL_MODELS)
    counts = {
        model._meta.table_name: model.select().count()
        for model in m.ALL_MODELS
        if model is not m.SchemaVersion
    }
    events.notify(
        events.OFFICE,
        events.PARTNER,
        events.PRICES,
        events.CLIENTS,
        events.SUBSCRIPTIONS,
        events.COUPONS,
        events.INVOICES,
        events.TICKETS,
    )
    builder.progress(_("The demo office is ready."))
    return counts

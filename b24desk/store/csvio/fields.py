"""The fields a CSV column may be mapped to, per entity, and the columns' names.

:func:`suggest_mapping` maps each CSV column to a field of the entity (or to
``None``: ignored) by its normalised name (:func:`~.cells.normalize_name`): the
field's key, its label in English, Spanish or Russian, or one of the usual names of
such a column.  The labels are the store's and the rules' own
(:data:`~b24desk.store.clients.CLIENT_FIELD_LABELS`,
:data:`~b24desk.domain.errors.FIELD_LABELS`) where they name the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from b24desk.domain.errors import FIELD_LABELS, field_label
from b24desk.i18n import LANGUAGES, N_, _, translation
from b24desk.store import events
from b24desk.store.clients import CLIENT_FIELD_LABELS
from b24desk.store.csvio.cells import normalize_name

__all__ = [
    "ENTITIES",
    "ImportField",
    "entity_title",
    "field_title",
    "import_fields",
    "known_names",
    "suggest_mapping",
]


@dataclass(frozen=True)
class ImportField:
    """A field a CSV column may be mapped to."""

    key: str
    label: str  # English source text, translated by :meth:`title`
    synonyms: tuple[str, ...] = ()
    required: bool = False

    def title(self) -> str:
        return _(self.label)


#: The entities that can be imported, with their names (translated when shown).
ENTITIES: dict[str, str] = {
    events.CLIENTS: N_("Clients"),
    events.COUPONS: N_("Coupons"),
    events.TICKETS: N_("Tickets"),
    events.RATES: N_("Exchange rates"),
}


def _f(key: str, label: str, synonyms: str, required: bool = False) -> ImportField:
    """A field with its usual column names, ``|``-separated."""
    return ImportField(key, label, tuple(synonyms.split("|")), required)


_COMPANY = (
    "company|company name|organisation|organization|customer|client|empresa|compañía|"
    "nombre de la empresa|razón social|cliente|organización|компания|название компании|"
    "организация|наименование|клиент"
)
_CLIENT_REF = "client|customer|company|cliente|empresa|клиент|компания"
_PORTAL = (
    "portal|portal url|portal address|bitrix24|bitrix24 portal|url|dirección del portal|"
    "url del portal|портал|адрес портала"
)
_CURRENCY = "currency|moneda|divisa|валюта"
_NOTE = (
    "note|notes|comment|comments|nota|notas|comentario|comentarios|примечание|примечания|"
    "заметки|комментарий"
)
_NEW_CLIENT = "new client|new|cliente nuevo|nuevo cliente|новый клиент|новый"
_L = CLIENT_FIELD_LABELS
_R = FIELD_LABELS

_FIELDS: dict[str, tuple[ImportField, ...]] = {
    events.CLIENTS: (
        _f("company", _L["company"], _COMPANY, required=True),
        _f(
            "contact_person",
            _L["contact_person"],
            "contact|contact name|contacto|persona de contacto|контакт|контактное лицо|фио",
        ),
        _f(
            "email",
            _L["email"],
            "email|e-mail|mail|email address|correo|correo electrónico|почта|"
            "электронная почта|эл. почта|e-mail адрес",
        ),
        _f("phone", _L["phone"], "phone|telephone|tel|mobile|teléfono|móvil|телефон"),
        _f("country", _L["country"], "country|país|страна"),
        _f("address", _L["address"], "address|dirección|адрес"),
        _f(
            "tax_id",
            _L["tax_id"],
            "tax id|tax number|vat|vat number|gst number|nif|cif|rfc|nit|инн",
        ),
        _f("portal_url", _L["portal_url"], _PORTAL),
        _f("doc_language", _L["doc_language"], "language|idioma|lengua|язык|язык документов"),
        _f("currency", _L["currency"], _CURRENCY),
        _f("non_profit", _L["non_profit"], "nonprofit|ngo|sin fines de lucro|ong|нко"),
        _f("affiliated", _L["affiliated"], "own entity|afiliada|afiliado|аффилированный"),
        _f("new_client", _L["new_client"], _NEW_CLIENT),
        _f("linked_via", _L["linked_via"], "vinculado por|vinculado|привязан через|привязка"),
        _f("support_commercial", _L["support_commercial"], "commercial|comercial|коммерческий"),
        _f("hosting", _L["hosting"], "alojamiento|хостинг|размещение"),
        _f("notes", _L["notes"], _NOTE),
    ),
    events.COUPONS: (
        _f(
            "code",
            _R["code"],
            "code|coupon|coupon code|key|license key|código|cupón|código del cupón|clave|код|"
            "купон|код купона|ключ",
            required=True,
        ),
        _f("product", _R["product"], "product|producto|продукт|товар"),
        _f(
            "plan",
            _R["plan"],
            "plan|tariff|plan name|edition|tarifa|edición|тариф|план|редакция",
            required=True,
        ),
        _f(
            "term_months",
            _R["term_months"],
            "term|months|term months|duration|plazo|meses|duración|periodo|срок|месяцев|"
            "месяцы|период",
            required=True,
        ),
        _f("seats", _R["seats"], "seats|users|usuarios|licencias|места|пользователи"),
        _f(
            "purchased_on",
            _R["purchased_on"],
            "purchased|purchased on|purchase date|date|bought|fecha de compra|comprado|fecha|"
            "дата покупки|куплен|дата",
            required=True,
        ),
        _f(
            "list_price",
            _R["list_price"],
            "list price|price|precio|precio de lista|цена|цена по прайсу|розничная цена",
            required=True,
        ),
        _f("currency", _R["currency"], _CURRENCY, required=True),
        _f("client", _R["client"], _CLIENT_REF),
        _f("new_client", _L["new_client"], _NEW_CLIENT),
        _f(
            "order_ref",
            N_("Order reference"),
            "order|order ref|order number|pedido|referencia|número de pedido|заказ|номер заказа",
        ),
        _f("note", N_("Note"), _NOTE),
    ),
    events.TICKETS: (
        _f("client", _R["client"], _CLIENT_REF, required=True),
        _f("subject", _R["subject"], "subject|title|asunto|título|тема|заголовок", required=True),
        _f(
            "description",
            _R["description"],
            "description|details|problem|descripción|detalles|описание|проблема",
        ),
        _f("urgency", N_("Urgency"), "urgency|priority|urgencia|prioridad|срочность|приоритет"),
        _f("portal_url", N_("Portal URL"), _PORTAL),
        _f(
            "product_version",
            N_("Product version"),
            "version|product version|versión|версия|версия продукта",
        ),
        _f("edition", N_("Edition"), "edition|edición|редакция|plan|тариф"),
        _f(
            "assignee",
            N_("Assignee"),
            "assignee|assigned to|responsible|asignado|asignado a|responsable|исполнитель|"
            "ответственный",
        ),
    ),
}


_FIELDS[events.RATES] = (
    _f("day", N_("Date"), "day|date|rate date|fecha|día|дата|день|дата курса", required=True),
    _f("currency", _R["currency"], _CURRENCY, required=True),
    _f(
        "rate",
        N_("Exchange rate"),
        "rate|value|tipo de cambio|tasa|tasa de cambio|cambio|курс|"
        "курс валюты|значение",
        required=True,
    ),
    _f(
        "base",
        N_("Base currency"),
        "base|base currency|home currency|moneda base|moneda local|базовая валюта|"
        "основная валюта",
    ),
)


def _entity_fields(entity: str) -> tuple[ImportField, ...]:
    try:
        return _FIELDS[entity]
    except KeyError:
        raise ValueError(f"unknown import entity {entity!r}") from None


def import_fields(entity: str) -> list[ImportField]:
    """The fields of ``entity`` ("clients", "coupons", "tickets") a column may fill."""
    return list(_entity_fields(entity))


def entity_title(entity: str) -> str:
    """The translated name of ``entity`` ("Clients")."""
    return _(ENTITIES[entity]) if entity in ENTITIES else entity


@cache
def _synonyms(entity: str) -> dict[str, str]:
    """Normalised column name → field key (its key, its label in every language of
    the desk, and the usual names of the column)."""
    out: dict[str, str] = {}
    fields = _entity_fields(entity)
    # Exact names first: a field's own label wins over another field's synonym.
    for f in fields:
        out.setdefault(normalize_name(f.key), f.key)
        for lang in LANGUAGES:
            out.setdefault(normalize_name(translation(lang).gettext(f.label)), f.key)
    for f in fields:
        for name in f.synonyms:
            out.setdefault(normalize_name(name), f.key)
    out.pop("", None)
    return out


@cache
def known_names() -> frozenset[str]:
    """Every normalised column name that names a field of some entity (what tells a
    header row from a data row)."""
    return frozenset(name for entity in _FIELDS for name in _synonyms(entity))


def suggest_mapping(headers: Sequence[str], entity: str) -> list[str | None]:
    """For each column, the field of ``entity`` its name says (None: ignore it).

    Names are compared normalised (:func:`normalize_name`), in English, Spanish and
    Russian; each field goes to the first column that names it.
    """
    names = _synonyms(entity)
    used: set[str] = set()
    mapping: list[str | None] = []
    for header in headers:
        key = names.get(normalize_name(header))
        if key is None or key in used:
            mapping.append(None)
        else:
            used.add(key)
            mapping.append(key)
    return mapping


def field_title(entity: str, key: str) -> str:
    """The translated title of ``entity``'s field ``key`` (the rules' name if none)."""
    for f in _entity_fields(entity):
        if f.key == key:
            return f.title()
    return field_label(key)

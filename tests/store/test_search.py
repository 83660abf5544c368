"""Full-text search (issue #18): the same answers on SQLite (FTS5) and PostgreSQL
(pg_trgm) — accents, Cyrillic, case, parts of words, operators typed as text — kept
current by the database itself, and built for a database made before it existed."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from b24desk.store import migrations, search
from b24desk.store import models as m
from b24desk.store.clients import client_listing
from b24desk.store.db import close_database, open_database
from b24desk.store.lookup import find_clients
from b24desk.store.tickets import ticket_listing

TODAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def plan() -> m.Plan:
    return m.Plan.get_or_create(
        code="std", defaults={"name": "Standard", "kind": "cloud", "max_users": 50}
    )[0]


def client(company: str, **fields: object) -> m.Client:
    return m.Client.create(company=company, **fields)


def ticket(who: m.Client, subject: str, tid: str) -> m.Ticket:
    return m.Ticket.create(tid=tid, client=who, subject=subject, sla_level="commercial_cloud")


def companies(text: str) -> list[str]:
    listing = client_listing(TODAY)
    return sorted(r.company for r in listing.page(0, 100, search=text))


def subjects(text: str) -> list[str]:
    return sorted(r.subject for r in ticket_listing(NOW).page(0, 100, search=text))


def kinds(text: str) -> dict[str, list[str]]:
    return {g.kind: [h.title for h in g.hits] for g in search.global_search(text)}


@pytest.fixture
def office(db: peewee.Database) -> dict[str, m.Client]:
    made = {
        "bahia": client("Logística Bahia S.A.", email="rafael@logisticabahia.com.br"),
        "zenit": client("ООО «Зенит Проект»", portal_url="https://zenitproekt.bitrix24.ru"),
        "strasse": client("Straße Bau GmbH", contact_person="Jürgen Müller"),
        "kiwi": client("Kiwi Cloud Ltd", tax_id="123-456-789"),
    }
    ticket(made["zenit"], "Перестала работать синхронизация почты", "T-000001")
    ticket(made["bahia"], "La sincronización con Outlook duplica eventos", "T-000002")
    ticket(made["kiwi"], "Mail sync stopped", "T-000003")
    return made


def test_accents_case_and_parts_of_words(office: dict[str, m.Client]) -> None:
    assert companies("Logistica") == ["Logística Bahia S.A."]
    assert companies("LOGÍSTICA bahia") == ["Logística Bahia S.A."]
    assert companies("gist") == ["Logística Bahia S.A."]  # inside a word
    assert companies("straße") == companies("STRASSE") == ["Straße Bau GmbH"]
    assert companies("jurgen muller") == ["Straße Bau GmbH"]  # the contact, no umlauts
    assert companies("456-7") == ["Kiwi Cloud Ltd"]  # tax id, punctuation kept
    assert companies("logistica zenit") == []  # every word must be found


def test_cyrillic_in_any_case(office: dict[str, m.Client]) -> None:
    assert subjects("синх") == ["Перестала работать синхронизация почты"]
    assert subjects("СИНХРОНИЗАЦИЯ ПОЧТЫ") == ["Перестала работать синхронизация почты"]
    assert companies("зенит") == companies("ЗЕНИТ") == ["ООО «Зенит Проект»"]
    # A ticket is found by its client's name and portal too.
    assert subjects("зенит") == ["Перестала работать синхронизация почты"]
    assert subjects("sincronizacion") == ["La sincronización con Outlook duplica eventos"]


def test_short_words_are_found_too(office: dict[str, m.Client]) -> None:
    """Under three letters the trigram index cannot help: the text is scanned."""
    assert companies("ki") == ["Kiwi Cloud Ltd"]
    assert companies("ss") == ["Straße Bau GmbH"]  # "ß" folds to "ss"


@pytest.mark.parametrize(
    "typed",
    ['"', '""', '"quoted"', "*", "star*", "*star", "-", "-minus", "NEAR", "NEAR(a b)",
     "a NEAR b", "OR", "AND", "NOT", "^start", "body:x", "(", ")", "100%", "_", "\\",
     "a\"b", "'", "--", "%%%", "'; DROP TABLE client; --"],
)  # fmt: skip
def test_operators_are_searched_as_text(db: peewee.Database, typed: str) -> None:
    client("NEAR (AND) *star* -minus- \"quoted\" 100% a_b ^start body:x 'sq'")
    client("Plain Ltd")
    found = companies(typed)
    # Never an error; never everything for an operator the user typed as text.
    assert "Plain Ltd" not in found
    kinds(typed)
    assert m.Client.select().count() == 2


def test_operator_words_find_themselves(db: peewee.Database) -> None:
    client('NEAR Systems "Quoted" *Star*')
    client("Nearby Ltd")
    assert companies("NEAR") == ['NEAR Systems "Quoted" *Star*', "Nearby Ltd"]
    assert companies("near systems") == ['NEAR Systems "Quoted" *Star*']
    assert companies('"quoted"') == ['NEAR Systems "Quoted" *Star*']
    assert companies("*star*") == ['NEAR Systems "Quoted" *Star*']
    assert companies("star* -systems") == []  # "-systems" is a word, not a NOT


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=30))
def test_anything_typed_never_raises(db: peewee.Database, typed: str) -> None:
    companies(typed)
    search.global_search(typed)


def test_an_edit_is_found_at_once_and_the_old_text_is_gone(
    office: dict[str, m.Client],
) -> None:
    zenit = office["zenit"]
    m.Client.update(company="ООО «Спартак»").where(m.Client.id == zenit.id).execute()
    assert companies("зенит") == []
    assert companies("спартак") == ["ООО «Спартак»"]
    # The client's tickets follow its new name.
    assert subjects("спартак") == ["Перестала работать синхронизация почты"]
    assert subjects("зенит проект") == []
    t = m.Ticket.get(m.Ticket.tid == "T-000003")
    t.subject = "Webhook returns 403"
    t.save()
    assert subjects("sync") == []
    assert subjects("webhook") == ["Webhook returns 403"]


def test_a_deleted_record_is_gone_at_once(office: dict[str, m.Client]) -> None:
    t = m.Ticket.get(m.Ticket.tid == "T-000003")
    m.TicketMessage.create(ticket=t, kind="client", body="The mailbox Pōhutukawa stopped")
    assert [h.open_id for h in search.global_search("pohutukawa")[0].hits] == [t.id]
    t.delete_instance(recursive=True)
    assert subjects("mail sync") == []
    assert search.global_search("pohutukawa") == []
    kiwi = office["kiwi"]
    kiwi.delete_instance()
    assert companies("kiwi") == []


def test_portals_follow_their_subscriptions(office: dict[str, m.Client]) -> None:
    kiwi = office["kiwi"]
    sub = m.Subscription.create(
        client=kiwi, plan=plan(), portal_url="https://kiwi-crm.bitrix24.com"
    )
    assert companies("kiwi-crm") == ["Kiwi Cloud Ltd"]
    found = kinds("kiwi-crm")
    assert found["portal"] == ["https://kiwi-crm.bitrix24.com"]
    portal = search.global_search("kiwi-crm")[1].hits[0]
    assert (portal.open_kind, portal.open_id) == ("client", kiwi.id)
    sub.portal_url = "https://kiwi-new.bitrix24.com"
    sub.save()
    assert companies("kiwi-crm") == [] and "portal" not in kinds("kiwi-crm")
    assert companies("kiwi-new") == ["Kiwi Cloud Ltd"]
    sub.delete_instance()
    assert companies("kiwi-new") == []


def test_global_search_groups_every_kind(office: dict[str, m.Client]) -> None:
    bahia = office["bahia"]
    invoice = m.Invoice.create(client=bahia, currency="BRL", number="INV-2026-0042")
    coupon = m.Coupon.create(
        code="B24-BAHIA-0001", product="cloud_subscription", plan=plan(), purchased_on=TODAY,
        currency="BRL", list_price=0, partner_cost=0, client=bahia,
    )  # fmt: skip
    groups = search.global_search("bahia")
    assert [g.kind for g in groups] == ["client", "ticket", "invoice", "coupon"]
    by_kind = {g.kind: g for g in groups}
    assert by_kind["invoice"].hits[0].title == "INV-2026-0042"
    assert by_kind["invoice"].hits[0].open_id == invoice.id
    assert by_kind["coupon"].hits[0].title == coupon.code
    assert "Logística Bahia S.A." in by_kind["coupon"].hits[0].detail
    assert not any(g.more for g in groups)
    for n in range(7):
        ticket(bahia, f"Question {n}", f"T-1{n:05}")
    tickets = search.global_search("bahia", per_kind=5)[1]
    assert tickets.kind == "ticket" and len(tickets.hits) == 5 and tickets.more
    assert tickets.hits[0].title.startswith("T-100006")  # newest first


def test_highlights_follow_the_folding() -> None:
    assert search.highlights("Logística Bahia", "logistica") == [(0, 9)]
    assert search.highlights("ООО «Зенит»", "зен ит") == [(5, 10)]
    assert search.highlights("Straße", "strasse") == [(0, 6)]
    assert search.highlights("Acme", "") == []
    assert search.highlights("a-b a-b", "-") == [(1, 2), (5, 6)]


def test_find_clients_picker_uses_the_index(office: dict[str, m.Client]) -> None:
    client("Ingeniería Costa Brava S.L.")
    assert [c.company for c in find_clients("ingenieria")] == ["Ingeniería Costa Brava S.L."]
    assert [c.company for c in find_clients("jurgen")] == ["Straße Bau GmbH"]  # its contact


# --------------------------------------------------------------------------- upgrade


#: The indexes schema 6 adds (the tabs' default orders, Today's sections).
NEW_INDEXES = {
    "ticket": {"ticket_queue", "ticket_clock", "ticket_first_reply"},
    "client": {"client_company_lower", "client_archived_company"},
    "coupon": {"coupon_recent"},
    "invoice": {"invoice_state_due"},
}


def _as_before_search(db: peewee.Database) -> None:
    """Make ``db`` what schema 5 was: no search tables, no triggers, no new indexes."""
    with db.atomic():
        search.drop_triggers(db)
        for table in search.TABLES:
            db.execute_sql(f"DROP TABLE {table}")
        for names in NEW_INDEXES.values():
            for name in names:
                db.execute_sql(f'DROP INDEX "{name}"')
        m.SchemaVersion.delete().execute()
        m.SchemaVersion.create(version=5)


def test_an_older_database_gets_its_index_and_finds_old_rows(
    office: dict[str, m.Client], db: peewee.Database, db_target: str
) -> None:
    _as_before_search(db)
    close_database()
    heard: list[tuple[str, int, int]] = []
    migrations.set_progress_listener(lambda kind, done, total: heard.append((kind, done, total)))
    try:
        open_database(db_target)
    finally:
        migrations.set_progress_listener(None)
    assert m.SchemaVersion.get().version == migrations.LATEST_VERSION
    database = m.database_proxy.obj
    for table, names in NEW_INDEXES.items():
        assert names <= {i.name for i in database.get_indexes(table)}, table
    assert companies("logistica") == ["Logística Bahia S.A."]
    assert subjects("синх") == ["Перестала работать синхронизация почты"]
    assert ("client", 4, 4) in heard and ("ticket", 3, 3) in heard  # progress, per kind
    # …and keeps it current afterwards.
    client("Logística Nova Ltda")
    assert companies("logistica") == ["Logística Bahia S.A.", "Logística Nova Ltda"]


def test_the_version_1_file_is_searchable_after_its_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    shutil.copy(Path(__file__).parent / "data" / "schema_v1.sqlite", path)
    open_database(path)
    try:
        assert companies("otautahi") == ["Ōtautahi Dental Ltd"]
        assert companies("логист") == ["Соболь Логистика"]
        assert subjects("T-000001") != []
    finally:
        close_database()


def test_a_later_upgrade_rebuilding_a_table_keeps_the_triggers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite rebuilds a table to change it; the search triggers step aside and return.
    (SQLite only: PostgreSQL alters tables in place, and its shared test database must
    not be left at a schema this code does not know.)"""
    from playhouse.migrate import migrate

    path = tmp_path / "office.sqlite"
    open_database(path)
    close_database()
    nxt = migrations.LATEST_VERSION + 1

    def step(migrator: object, database: peewee.Database) -> None:
        migrate(migrator.add_column("client", "website", peewee.CharField(null=True)))  # type: ignore[attr-defined]

    monkeypatch.setattr(migrations, "LATEST_VERSION", nxt)
    monkeypatch.setitem(migrations.MIGRATIONS, nxt, step)
    open_database(path)
    try:
        client("Trigger Survivors Ltd")
        assert companies("survivors") == ["Trigger Survivors Ltd"]
    finally:
        close_database()

"""The demo office's clients and their subscriptions (cloud portals in every lifecycle
state, on-premise licenses)."""

from __future__ import annotations

from datetime import date, timedelta

import peewee as pw

from b24desk.domain.lifecycle import (
    DEFAULT_GRACE_DAYS,
    UPDATES_MONTHS,
    add_months,
    cloud_state,
    updates_until,
)
from b24desk.store import models as m
from b24desk.store.demo.base import (
    CUM_PLAN,
    CUM_TERM,
    ONE_DAY,
    BuilderBase,
    DemoClient,
    DemoSub,
    ascii_name,
    cumulative,
    fill,
)
from b24desk.store.demo.countries import COUNTRIES
from b24desk.store.demo.invoice_texts import (
    BRANCHES,
    CLIENT_NOTES,
    CLOUD_PLANS,
    CLOUD_STATE_WEIGHTS,
    CLOUD_STATES,
    SELF_HOSTED_HOSTS,
    TERMS,
)


class ClientsPart(BuilderBase):
    """The demo office's clients and their subscriptions (cloud portals in every lifecycle."""

    # ------------------------------------------------------------------ clients

    def build_clients(self) -> None:
        rng = self.rng
        n = self.size.clients
        cum = cumulative([c.weight for c in COUNTRIES])
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
                slug = ascii_name(country.name_pattern.format(a=a, b=b_k, s=""))
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
                local = f"{ascii_name(first)}.{ascii_name(last)}"
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
                portal = f"https://{rng.choice(SELF_HOSTED_HOSTS)}.{slug}.{country.email_tld}"
            non_profit = rng.random() < 0.08
            self.clients.append(
                DemoClient(
                    id=cid,
                    country=country,
                    company=company,
                    slug=slug,
                    first_name=first,
                    contact=f"{first} {last}",
                    email=f"{local}@{slug}.{country.email_tld}",
                    phone=fill(rng, phone_pattern),
                    address=address,
                    tax_id=fill(rng, country.tax_pattern),
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
                    notes=rng.choice(CLIENT_NOTES) if rng.random() < 0.15 else "",
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
                paid_until = today - days(rng.randint(1, DEFAULT_GRACE_DAYS))
                user, admin = today - days(rng.randint(0, 5)), today - days(rng.randint(0, 20))
            elif state == "free":
                ago = rng.randint(16, 240)
                paid_until = today - days(ago)
                user = today - days(rng.randint(0, min(30, ago - 16)))
                admin = None if rng.random() < 0.5 else user - days(rng.randint(0, 30))
            elif state == "frozen":
                freeze = today - days(rng.randint(0, 14))
                paid_until = add_months(freeze - ONE_DAY, -1) - days(DEFAULT_GRACE_DAYS)
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
        cum_state = cumulative(CLOUD_STATE_WEIGHTS)
        for client in self.clients:
            if client.hosting == "cloud":
                count = 2 if rng.random() < 0.35 else 1
                branches = rng.sample(BRANCHES, 2)
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
                        state = rng.choices(CLOUD_STATES, cum_weights=cum_state)[0]
                    self.subs.append(self._cloud_sub(client, portal, state, days_left))
            else:
                hosts = rng.sample(SELF_HOSTED_HOSTS, 2)
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
        client: DemoClient,
        portal: str,
        state: str,
        days_left: int | None,
    ) -> DemoSub:
        rng, today = self.rng, self.today
        if state == "free_plan":
            login = today - timedelta(days=rng.randint(0, 25))
            starts = self.ago(60, 700)
            return DemoSub(
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
        plan = rng.choices(CLOUD_PLANS, cum_weights=CUM_PLAN)[0]
        term = 12 if days_left is not None else rng.choices(TERMS, cum_weights=CUM_TERM)[0]
        paid_until, user, admin = self._cloud_dates(state, term, days_left)
        starts = add_months(paid_until + ONE_DAY, -term)
        purchased = starts - timedelta(days=rng.randint(0, 4))
        seats = self.seats_of(plan)
        if plan == "enterprise":
            seats = rng.choice((seats, seats * 2, seats * 4))
        return DemoSub(
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

    def _onprem_sub(self, client: DemoClient, portal: str) -> DemoSub:
        rng, today = self.rng, self.today
        edition = "onprem_business" if rng.random() < 0.75 else "onprem_enterprise"
        seats = self.seats_of(edition)
        if edition == "onprem_business" and rng.random() < 0.3:
            seats += rng.choice((5, 10, 25))
        purchased = self.ago(20, 1000)
        starts = purchased + timedelta(days=rng.randint(0, 5))
        renewals = rng.randint(1, 1 + (today - starts).days // 365)
        return DemoSub(
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
            updates_until=updates_until(starts, UPDATES_MONTHS * renewals),
            user_login=None,
            admin_login=None,
            archived=client.archived,
            created_at=self.office_time(purchased),
        )

    def write_clients(self) -> None:
        c = m.Client
        fields: list[pw.Field] = [
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

    def write_subscriptions(self) -> None:
        s = m.Subscription
        fields: list[pw.Field] = [
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


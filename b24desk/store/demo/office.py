"""The demo office itself, its partner profile and history, and the activity log."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from b24desk.domain.lifecycle import add_months
from b24desk.domain.partner_rules import KICKSTART_MAX, NFR_MONTHS, bonus_expiry
from b24desk.store import models as m
from b24desk.store.demo.base import (
    OFFICE_TZ,
    PARTNER_STATUS,
    BuilderBase,
)
from b24desk.store.demo.invoice_texts import (
    CODE_ALPHABET,
)
from b24desk.store.office import get_office


class OfficePart(BuilderBase):
    """The demo office itself, its partner profile and history, and the activity log."""

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
            m.Office.swift: "ANZBNZ22",  # for clients abroad (New Zealand has no IBAN)
            # Who the office's e-mails come from; the mail server is each office's own
            # (Office settings → E-mail), so the demo queues messages without sending.
            m.Office.sender_name: "Kiwi Cloud Partners",
            m.Office.sender_email: "accounts@kiwicloud.co.nz",
            m.Office.default_currency: "NZD",
            m.Office.default_tax_rate: Decimal("0.15"),
            m.Office.invoice_prefix: "INV",
            m.Office.credit_note_prefix: "CN",
            m.Office.timezone: OFFICE_TZ,
            m.Office.holiday_country: "NZ",
            m.Office.holiday_subdivision: "AUK",
        }
        # The payment terms stay the office's setting (14 days unless changed).
        if not m.Office.update(office).where(m.Office.id == 1).execute():
            m.Office.insert({m.Office.id: 1, **office}).execute()
        self.office = get_office()
        # The office's texts as a Spanish or a Russian invoice prints them (#15.5).
        self.write(
            m.OfficeText,
            [m.OfficeText.id, m.OfficeText.kind, m.OfficeText.language, m.OfficeText.text],
            [
                (1, "refund_policy", "es", "Sin reembolsos: las suscripciones y licencias no "
                 "son reembolsables."),
                (2, "refund_policy", "ru", "Возврат не производится: подписки и лицензии "
                 "возврату не подлежат."),
                (3, "bank_details", "es", "ANZ 01-0102-0123456-00\n"
                 "Titular: Kiwi Cloud Partners Ltd"),
                (4, "bank_details", "ru", "ANZ 01-0102-0123456-00\n"
                 "Получатель: Kiwi Cloud Partners Ltd"),
            ],
        )
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
                    KICKSTART_MAX,
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
                    bonus_expiry("award", self.award_on, accepted),
                    "Award bonus for the best new-client growth",
                ),
            ],
        )
        nfr_starts = add_months(today, -7)
        key_starts = add_months(today, -10)
        key = "-".join("".join(rng.choice(CODE_ALPHABET) for _k in range(5)) for _k in range(3))
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
                    add_months(accepted + timedelta(days=20), NFR_MONTHS["cloud"]),
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
                (
                    3,
                    "on_premise",
                    f"NFR-{key}",
                    key_starts,
                    add_months(key_starts, NFR_MONTHS["on_premise"]),
                    False,
                ),
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
            ((n, *entry) for n, entry in enumerate(entries, start=1)),  # rows made as written
        )


"""The demo office's invoices, credit notes and payments."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from b24desk.domain.invoicing import InvoiceLine as TotalsLine
from b24desk.domain.invoicing import default_tax_rate, invoice_totals
from b24desk.domain.pricing import (
    UPDATES_RENEWAL_EARLY_RATE,
    best_discount,
    payment_method_allowed,
    round_money,
)
from b24desk.store import models as m
from b24desk.store.demo.base import (
    CUM_PLAN,
    CUM_TERM,
    SERVICE_CODES,
    BuilderBase,
    DemoClient,
    DemoSub,
)
from b24desk.store.demo.invoice_texts import (
    CLOUD_PLANS,
    CN_NOTE,
    CODE_ALPHABET,
    DISCOUNT_REASON,
    EXTRA_STORAGE,
    EXTRA_USERS,
    HOURS,
    INVOICE_NOTES,
    LANG_INDEX,
    LICENSE,
    MONTHS,
    SERVICE_HOURS,
    SERVICES,
    TERMS,
    UPDATES,
)

#: How a client pays whose preferred method the rule refuses: any invoice may be
#: paid by bank deposit (:func:`~b24desk.domain.pricing.payment_method_allowed`).
FALLBACK_METHOD = "bank_deposit"
#: Invoices whose rows (with their lines and payments) are written at a time.
CHUNK_INVOICES = 5000


class InvoicesPart(BuilderBase):
    """The demo office's invoices, credit notes and payments."""

    # ------------------------------------------------------------------ invoices

    def _line(
        self,
        kind: str,
        description: str,
        quantity: Decimal,
        unit: Decimal,
        client: DemoClient,
        plan: str | None,
        sub: DemoSub | None = None,
        discount: tuple[str, Decimal] | None = None,
        term: int | None = None,
    ) -> tuple:
        """An invoice line as ``(kind, description, quantity, unit_price, discount,
        reason, tax_rate, plan_id, subscription_id, term_months)``."""
        rate, reason = Decimal("0"), ""
        if discount is not None:
            reason, rate = DISCOUNT_REASON[discount[0]][client.lang], discount[1]
        office = self.office
        tax = default_tax_rate(office.default_tax_rate, office.country, client.country.code)
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

    def _invoice_lines(self, client: DemoClient) -> tuple[list[tuple], str | None, int]:
        """1–4 lines for ``client``; also the plan and term of the main line (PayPal)."""
        rng, lang, cur = self.rng, client.lang, client.currency
        months = MONTHS[lang]
        paid_subs = [s for s in client.subs if s.plan != "free"]
        sub = rng.choice(paid_subs) if paid_subs and rng.random() < 0.8 else None
        lines: list[tuple] = []
        main_plan: str | None = None
        main_term = 0
        if (sub is not None and sub.kind == "cloud") or (sub is None and client.hosting == "cloud"):
            if sub is not None:
                plan, term, host = sub.plan, sub.term, sub.portal.split("://", 1)[1]
            else:
                plan = rng.choices(CLOUD_PLANS, cum_weights=CUM_PLAN)[0]
                term = rng.choices(TERMS, cum_weights=CUM_TERM)[0]
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
                unit = round_money(self.price(plan, cur) * UPDATES_RENEWAL_EARLY_RATE, cur)
                lines.append(
                    self._line(
                        "product",
                        UPDATES[lang].format(edition=name),
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
                        f"{name} — {LICENSE[lang]}",
                        Decimal(1),
                        self.price(plan, cur),
                        client,
                        plan,
                        sub,
                    )
                )
        for _extra in range(rng.choices((0, 1, 2, 3), weights=(40, 30, 20, 10))[0]):
            if rng.random() < 0.75:
                code = rng.choice(SERVICE_CODES)
                name = SERVICES[code][LANG_INDEX[lang]]
                hours = Decimal(rng.choice(SERVICE_HOURS))
                lines.append(
                    self._line(
                        "service",
                        f"{name} ({HOURS[lang]})",
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
                        f"{EXTRA_STORAGE[lang]} — {term} {word}",
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
                        EXTRA_USERS[lang],
                        users,
                        self.price("extra_users_onprem", cur),
                        client,
                        "extra_users_onprem",
                    )
                )
        return lines, main_plan, main_term

    def _payments(
        self,
        client: DemoClient,
        issue: date,
        total: Decimal,
        profile: str,
        plan: str | None,
        term: int,
        plans: list[tuple[str | None, int | None]],
    ) -> list[tuple[date, Decimal, str, str]]:
        """``(paid_on, amount, method, reference)`` rows; reference "" = the number.

        ``plan`` and ``term`` are the main line's, ``plans`` the ``(plan code, term)``
        of every line, which :func:`~b24desk.domain.pricing.payment_method_allowed`
        judges.
        """
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
        if payment_method_allowed("paypal", [(plan, term)]):
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
                reference = "".join(rng.choice(CODE_ALPHABET) for _k in range(17))
            else:
                reference = ""
            if not payment_method_allowed(method, plans):
                # 000: "For PayPal and wire payments (available for 6- or 12-month for
                # Standard and Professional plans only)": the client who would have
                # wired (or paid by PayPal for the main line) pays by bank deposit.  The
                # draw above stays as it is, so a seed keeps the rest of its office.
                method, reference = FALLBACK_METHOD, ""
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
        # Issued within the office's payment terms: not due yet; before them: overdue.
        due_days = self.office.invoice_due_days
        issue_ages = {
            "credited": (20, 500),
            "notdue": (0, due_days),
            "overdue": (due_days + 1, max(180, due_days + 30)),
            "partly": (3, 200),
            "paid": (0, 700),
        }
        plan_codes = {pid: code for code, pid in self.plan_ids.items()}
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
                plans = [(plan_codes.get(ln[7]), ln[9]) for ln in lines]
                payments = self._payments(client, issue, totals.total, profile, plan, term, plans)
            notes = rng.choice(INVOICE_NOTES[client.lang]) if rng.random() < 0.2 else ""
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
        self.sequences = {}
        prefixes = {
            "invoice": self.office.invoice_prefix,
            "credit_note": self.office.credit_note_prefix,
        }
        for inv in sorted(
            (i for i in invoices if i["issue"] is not None), key=lambda i: (i["issue"], i["id"])
        ):
            key = (inv["kind"], inv["issue"].year)
            seq = self.sequences.get(key, 0) + 1
            self.sequences[key] = seq
            inv["year"], inv["seq"] = key[1], seq
            inv["number"] = f"{prefixes[inv['kind']]}-{key[1]}-{seq:04d}"
        self.invoices = sorted(invoices, key=lambda i: i["id"])

    def write_invoices(self) -> None:
        i, ln, p, q = m.Invoice, m.InvoiceLine, m.Payment, m.InvoiceSequence
        due_days = self.office.invoice_due_days
        invoice_rows: list[tuple[Any, ...]] = []
        line_rows: list[tuple[Any, ...]] = []
        payment_rows: list[tuple[Any, ...]] = []
        lines_written = payments_written = 0

        def flush() -> None:
            """Write the rows built so far (invoices before their lines and payments)."""
            nonlocal lines_written, payments_written
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
                    ln.term_months,
                ],
                line_rows,
            )
            self.write(
                p,
                [p.id, p.invoice, p.paid_on, p.amount, p.method, p.reference, p.created_at],
                payment_rows,
            )
            lines_written += len(line_rows)
            payments_written += len(payment_rows)
            invoice_rows.clear()
            line_rows.clear()
            payment_rows.clear()

        self.invoice_activity: list[tuple[int, datetime, str, str]] = []
        for n, inv in enumerate(self.invoices, start=1):
            client, totals, issue = inv["client"], inv["totals"], inv["issue"]
            number = inv.get("number")
            credited = inv["credited"]
            notes = inv["notes"]
            if credited is not None:
                notes = CN_NOTE[client.lang].format(number=credited["number"])
            paid = sum((pay[1] for pay in inv["payments"]), Decimal("0"))
            due = issue + timedelta(days=due_days) if issue and inv["kind"] == "invoice" else None
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
                line_rows.append((lines_written + len(line_rows) + 1, inv["id"], position, *line))
            for paid_on, amount, method, reference in inv["payments"]:
                payment_rows.append(
                    (
                        payments_written + len(payment_rows) + 1,
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
            if n % CHUNK_INVOICES == 0:  # the rows of one chunk in memory at a time
                flush()
        flush()
        self.write(
            q,
            [q.id, q.kind, q.year, q.last_seq],
            [
                (n, kind, year, seq)
                for n, ((kind, year), seq) in enumerate(sorted(self.sequences.items()), start=1)
            ],
        )

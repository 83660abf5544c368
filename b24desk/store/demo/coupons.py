"""The demo office's coupons in every state, and the partner bonuses that paid part
of them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import peewee as pw

from b24desk.domain.lifecycle import COUPON_ACTIVATION_DAYS, COUPON_WARNING_DAY
from b24desk.domain.partner_rules import KICKSTART_MAX, bonus_expiry
from b24desk.domain.pricing import (
    BONUS_PRODUCTS,
    MIN_MONEY_PAYMENT,
    UPDATES_RENEWAL_EARLY_RATE,
    partner_cost,
    round_money,
)
from b24desk.store import models as m
from b24desk.store.demo.base import (
    CUM_PLAN,
    CUM_TERM,
    PARTNER_STATUS,
    BuilderBase,
    DemoClient,
    DemoCoupon,
    DemoSub,
    cumulative,
)
from b24desk.store.demo.invoice_texts import (
    CLOUD_PLANS,
    CLOUD_PRODUCT_WEIGHTS,
    CLOUD_PRODUCTS,
    CODE_ALPHABET,
    ONPREM_PRODUCT_WEIGHTS,
    ONPREM_PRODUCTS,
    TERMS,
    VOID_NOTES,
)


class CouponsPart(BuilderBase):
    """The demo office's coupons in every state, and the partner bonuses that paid part."""

    # ------------------------------------------------------------------ coupons

    def _coupon_terms(
        self, product: str, currency: str, sub: DemoSub | None = None
    ) -> tuple[str, int, int, Decimal]:
        """``(plan, term, seats, list_price)`` of a coupon for ``product``."""
        rng = self.rng
        if sub is not None:
            plan, term, seats = sub.plan, sub.term, sub.seats
        elif product in ("cloud_subscription", "renewal", "upgrade"):
            plan = rng.choices(CLOUD_PLANS, cum_weights=CUM_PLAN)[0]
            if product == "upgrade" and plan == "basic":
                plan = "standard"
            term = rng.choices(TERMS, cum_weights=CUM_TERM)[0]
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
            lower = CLOUD_PLANS[CLOUD_PLANS.index(plan) - 1]
            list_price = (unit - self.price(lower, currency)) * term
        elif product == "onprem_upgrade":
            list_price = unit - self.price("onprem_business", currency)
        elif product == "updates_renewal":
            list_price = round_money(unit * UPDATES_RENEWAL_EARLY_RATE, currency)
        elif product == "extra_users":
            list_price = unit * seats
        else:
            list_price = unit
        return plan, term, seats, list_price

    def _coupon(
        self,
        product: str,
        client: DemoClient | None,
        purchased: date,
        state: str,
        *,
        sub: DemoSub | None = None,
        assigned: date | None = None,
        activated: date | None = None,
        note: str = "",
    ) -> DemoCoupon:
        rng = self.rng
        if client is not None:
            currency = client.country.coupon_currency
        else:
            currency = "USD" if rng.random() < 0.8 else "EUR"
        plan, term, seats, list_price = self._coupon_terms(product, currency, sub)
        return DemoCoupon(
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

    def _product_for(self, client: DemoClient | None) -> str:
        rng = self.rng
        cloud = client.hosting == "cloud" if client is not None else rng.random() < 0.85
        if cloud:
            return rng.choices(CLOUD_PRODUCTS, weights=CLOUD_PRODUCT_WEIGHTS)[0]
        return rng.choices(ONPREM_PRODUCTS, weights=ONPREM_PRODUCT_WEIGHTS)[0]

    def build_coupons(self) -> None:
        rng, today = self.rng, self.today
        client: DemoClient | None
        assigned: date | None
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
            # In the last days to activate (a warning), and within the days.
            ("in_stock", COUPON_WARNING_DAY),
            ("in_stock", COUPON_WARNING_DAY + 1),
            ("assigned", COUPON_WARNING_DAY),
            ("assigned", COUPON_WARNING_DAY + 1),
            ("in_stock", 0),
            ("assigned", 2),
            ("expired", None),
            ("expired", None),
            ("void", None),
            ("void", None),
            ("activated", None),
        ]
        states = ("activated", "assigned", "in_stock", "expired", "void")
        cum_states = cumulative((40, 12, 10, 22, 16))
        window = COUPON_ACTIVATION_DAYS  # days a coupon has to be activated in
        history_days = max(window + 1, (today - self.accepted_on).days)
        while len(self.coupons) < total:
            age: int | None = None
            if forced:
                state, age = forced.pop(0)
            else:
                state = rng.choices(states, cum_weights=cum_states)[0]
            if state in ("in_stock", "assigned"):
                age = rng.randint(0, window) if age is None else age
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
                purchased = self.ago(window + 1, history_days)
                delay = rng.randint(0, window)
                coupon = self._coupon(
                    self._product_for(client),
                    client,
                    purchased,
                    state,
                    assigned=purchased + timedelta(days=rng.randint(0, delay)),
                    activated=purchased + timedelta(days=delay),
                )
            elif state == "expired":
                purchased = self.ago(window + 1, min(400, history_days))
                client = rng.choice(self.active_clients) if rng.random() < 0.5 else None
                assigned = purchased + timedelta(days=rng.randint(0, window)) if client else None
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
                    note=rng.choice(VOID_NOTES),
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
                    "".join(rng.choice(CODE_ALPHABET) for _k in range(4)) for _k in range(3)
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
        self.kickstart_end = bonus_expiry("kickstart", self.accepted_on, self.accepted_on)
        # Per bonus: first and last day of use, the amount, what is used of it.
        windows: list[tuple[date, date, Decimal]] = [
            (self.accepted_on, self.kickstart_end, KICKSTART_MAX),
            (self.award_on, self.today, Decimal("1300")),
        ]
        used = [Decimal("0"), Decimal("0")]
        for coupon in sorted(self.coupons, key=lambda c: c.purchased):
            client = coupon.client
            if (
                coupon.product not in BONUS_PRODUCTS
                or coupon.currency != "USD"
                or coupon.state not in ("assigned", "activated")
                or client is None
                or not client.new_client
                or client.affiliated
                or rng.random() < 0.4
            ):
                continue
            for k, (start, end, budget) in enumerate(windows):
                if start <= coupon.purchased <= end:
                    wish = Decimal(rng.choice((100, 150, 200, 250, 300, 400, 500)))
                    spend = min(wish, budget - used[k], coupon.cost - MIN_MONEY_PAYMENT)
                    if spend > 0:
                        coupon.bonus = spend
                        used[k] += spend
                    break
        self.kickstart_used, self.award_used = used

    def write_coupons(self) -> None:
        rng, c = self.rng, m.Coupon
        fields: list[pw.Field] = [
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


"""The demo office's support tickets with their message threads."""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import peewee as pw

from b24desk.domain.vocabulary import CLOSED_TICKET_STATUSES
from b24desk.store import models as m
from b24desk.store.demo.base import (
    STAFF,
    BuilderBase,
    cumulative,
    short_plan,
)
from b24desk.store.demo.ticket_texts import STEP_GAP_HOURS, STEP_KIND, SUBJECTS, THREAD

#: How often a ticket of each status is drawn (in the order of ``m.TICKET_STATUSES``).
CUM_STATUS = cumulative((10, 12, 10, 15, 40, 5, 8))
#: The share of tickets of each status created in the last three days.
RECENT = {
    "new": 1.0,
    "in_progress": 0.6,
    "waiting": 0.3,
    "resolved": 0.2,
    "closed": 0.05,
    "reopened": 0.5,
    "escalated": 0.1,
}
MIN_HOURS = {
    "new": 0.2,
    "in_progress": 1,
    "waiting": 6,
    "resolved": 12,
    "closed": 72,
    "reopened": 48,
    "escalated": 24,
}
MAX_DAYS = {
    "new": 3,
    "in_progress": 20,
    "waiting": 30,
    "resolved": 14,
    "closed": 90,
    "reopened": 40,
    "escalated": 60,
}
#: The thread every ticket of a status has, without the steps drawn on top of it:
#: what a size with a set number of messages (``DemoSize.messages``) falls back to.
SKELETON = {
    "new": ("open",),
    "in_progress": ("open", "ack", "note"),
    "waiting": ("open", "ack", "ask"),
    "resolved": ("open", "ack", "fix"),
    "closed": ("open", "ack", "fix"),
    "reopened": ("open", "ack", "fix", "reopen"),
    "escalated": ("open", "ack", "esc_note", "esc_reply"),
}
#: Tickets made, then written, per chunk: the memory holds one chunk's threads.
CHUNK_TICKETS = 5000


@dataclass(slots=True)
class _Chunk:
    """Where a chunk of tickets starts: the random source's state and the messages so far."""

    first: int
    state: Any
    messages: int


class TicketsPart(BuilderBase):
    """The demo office's support tickets with their message threads."""

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

    def _fit(self, steps: list[str], status: str, number: int, made: int) -> list[str]:
        """``steps``, or the status's skeleton when the size sets the number of messages
        and the skeleton keeps the running count (``made`` before ticket ``number``)
        nearer the even share.  Without such a size the draw is kept as it is."""
        target = self.size.messages
        if target is None:
            return steps
        due = (target * (number + 1) + self.size.tickets // 2) // self.size.tickets
        skeleton = list(SKELETON[status])
        if abs(made + len(skeleton) - due) < abs(made + len(steps) - due):
            return skeleton
        return steps

    def _ticket(self, number: int, made: int) -> list[Any]:
        """Ticket ``number`` (in the order drawn), ``made`` messages drawn before it:
        its row values after the id and number, its thread last."""
        rng, now = self.rng, self.now
        statuses = m.TICKET_STATUSES
        forced = 2 * len(statuses)  # the first tickets show every status twice
        if number < forced:
            status = statuses[number % len(statuses)]
        else:
            status = rng.choices(statuses, cum_weights=CUM_STATUS)[0]
        client = rng.choice(self.active_clients)
        lang = client.lang
        product = status == "escalated" or rng.random() >= 0.08
        index = rng.randrange(15) if product else rng.randrange(15, 18)
        subject, description, high, _product = SUBJECTS[lang][index]
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
            edition = short_plan(self.plan_names.get(sub.plan, "")) if sub else ""
        else:
            version = rng.choice(("24.300.0", "24.200.0", "24.100.0", "23.900.0"))
            version = version if rng.random() < 0.75 else ""
            edition = "Enterprise" if sub and sub.plan == "onprem_enterprise" else "Business"
        if rng.random() < 0.2:
            edition = ""
        assignee = "" if status == "new" and rng.random() < 0.7 else rng.choice(STAFF)
        vendor = f"HD-{rng.randint(1000000, 9999999)}" if status == "escalated" else ""
        if rng.random() < RECENT[status]:
            hours = rng.uniform(MIN_HOURS[status], max(MIN_HOURS[status] + 1, 72))
        else:
            hours = rng.uniform(72, MAX_DAYS[status] * 24)
        created = now - timedelta(minutes=int(hours * 60))
        # The thread: gaps drawn per step, squeezed into the time the ticket has had.
        steps = self._fit(self._steps(status), status, number, made)
        offsets, total = [], 0.0
        for step in steps:
            low, high_gap = STEP_GAP_HOURS[step]
            total += rng.uniform(low, high_gap) if high_gap else 0.0
            offsets.append(total)
        room = hours * (0.6 if status == "closed" else 0.95)
        scale = min(1.0, room / total) if total else 1.0
        texts = THREAD[lang]
        author = assignee or rng.choice(STAFF)
        thread = []
        for step, offset in zip(steps, offsets, strict=True):
            at = created + timedelta(minutes=int(offset * scale * 60))
            kind = STEP_KIND[step]
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
        if status in CLOSED_TICKET_STATUSES:
            resolved_at = next(t[3] for t, s in zip(thread, steps, strict=True) if s == "fix")
            if rng.random() < (0.7 if status == "closed" else 0.4):
                rating = rng.choices((1, 2, 3, 4, 5), weights=(3, 5, 12, 35, 45))[0]
        if status == "closed":
            last = thread[-1][3]
            closed_at = last + min(timedelta(hours=rng.uniform(24, 120)), (now - last) / 2)
        return [
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

    def build_tickets(self) -> None:
        """Draw every ticket once to learn its number (tickets are numbered in order
        of creation) and its messages' first id, keeping only a few values per
        ticket and the random source's state at the start of each chunk;
        :meth:`write_tickets` draws them again, chunk by chunk, and writes them."""
        count = self.size.tickets
        created: list[datetime] = []
        sizes = array("q")
        self._chunks: list[_Chunk] = []
        made = 0
        for number in range(count):
            if number % CHUNK_TICKETS == 0:
                self._chunks.append(_Chunk(number, self.rng.getstate(), made))
            ticket = self._ticket(number, made)
            created.append(ticket[0])
            sizes.append(len(ticket[-1]))
            made += len(ticket[-1])
        self._end_state = self.rng.getstate()
        order = sorted(range(count), key=created.__getitem__)
        del created
        self._ticket_ids = array("q", bytes(8 * count))
        self._first_message = array("q", bytes(8 * count))
        next_message = 1
        for tid, number in enumerate(order, start=1):
            self._ticket_ids[number] = tid
            self._first_message[number] = next_message
            next_message += sizes[number]

    def write_tickets(self) -> None:
        t, tm = m.Ticket, m.TicketMessage
        ticket_fields: list[pw.Field] = [
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
        ]
        message_fields: list[pw.Field] = [
            tm.id,
            tm.ticket,
            tm.kind,
            tm.author,
            tm.body,
            tm.created_at,
        ]
        count = self.size.tickets
        for chunk in self._chunks:
            self.rng.setstate(chunk.state)
            made = chunk.messages
            ticket_rows: list[tuple[Any, ...]] = []
            message_rows: list[tuple[Any, ...]] = []
            for number in range(chunk.first, min(count, chunk.first + CHUNK_TICKETS)):
                ticket = self._ticket(number, made)
                tid = self._ticket_ids[number]
                ticket_rows.append((tid, f"T-{tid + 100:06d}", *ticket[1:-1]))
                first = self._first_message[number]
                for k, (kind, author, body, at) in enumerate(ticket[-1]):
                    message_rows.append((first + k, tid, kind, author, body, at))
                made += len(ticket[-1])
            self.write(t, ticket_fields, ticket_rows)
            self.write(tm, message_fields, message_rows)
        self.rng.setstate(self._end_state)

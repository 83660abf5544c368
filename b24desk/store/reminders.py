"""The renewal reminder e-mail to a client, in the client's document language, and
its ``mailto:`` URL (moved out of store/clients.py to keep that module under 1 000 lines)."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from b24desk.domain.lifecycle import grace_end, renewal_reminder
from b24desk.i18n import _, format_date, translation
from b24desk.store.errors import NotFoundError
from b24desk.store.models import Client, Plan, Subscription
from b24desk.store.office import get_office

__all__ = ["mailto_url", "reminder_subscription", "renewal_reminder_mail"]


def _get_client(client_id: int) -> Client:
    client = Client.get_or_none(Client.id == client_id)
    if client is None:
        raise NotFoundError(_("The client no longer exists."))
    return client


def _reminder_subscription(client_id: int, subscription_id: int | None) -> Subscription | None:
    q = (
        Subscription.select(Subscription, Plan)
        .join(Plan)
        .where(
            (Subscription.client == client_id)
            & Subscription.paid_until.is_null(False)
            & (Subscription.archived == False)  # noqa: E712
        )
    )
    if subscription_id is not None:
        return q.where(Subscription.id == subscription_id).first()
    return q.order_by(Subscription.starts_on.desc(nulls="LAST"), Subscription.id.desc()).first()


def reminder_subscription(client_id: int) -> int | None:
    """The subscription a client's renewal reminder is about: its newest paid one."""
    sub = _reminder_subscription(client_id, None)
    return None if sub is None else int(sub.id)


def renewal_reminder_mail(
    client_id: int, today: date, subscription_id: int | None = None
) -> tuple[str, str, str] | None:
    """A renewal reminder e-mail ``(to, subject, body)`` in the **client's** document
    language, for ``subscription_id`` or the client's current paid subscription.

    ``None`` when the client has no paid subscription to renew.
    """
    client = _get_client(client_id)
    sub = _reminder_subscription(client_id, subscription_id)
    if sub is None or sub.paid_until is None:  # the query takes paid ones only
        return None
    lang = client.doc_language
    catalog = translation(lang)
    _ = catalog.gettext  # the client's language, not the desk's
    ngettext = catalog.ngettext
    office = get_office()
    plan = sub.plan.name  # the product's name, "Bitrix24 Professional"
    portal = sub.portal_url or client.portal_url
    paid_until = sub.paid_until
    when = format_date(paid_until, lang)
    left = (paid_until - today).days
    stage = renewal_reminder(paid_until, today)
    if portal:
        what = _("your {plan} subscription for the portal {portal}").format(
            plan=plan, portal=portal
        )
    else:
        what = _("your {plan} subscription").format(plan=plan)
    if stage == 0:
        subject = _("Your {plan} subscription ends today").format(plan=plan)
    elif left < 0:
        subject = _("Your {plan} subscription has ended").format(plan=plan)
    else:
        subject = _("Renewal of your {plan} subscription").format(plan=plan)
    lines = [_("Hello {name},").format(name=client.contact_person or client.company), ""]
    if left > 0:
        lines.append(
            ngettext(
                "We would like to remind you that {what} is paid until {date}: {days} day left.",
                "We would like to remind you that {what} is paid until {date}: {days} days left.",
                left,
            ).format(what=what, date=when, days=left)
        )
    elif left == 0:
        lines.append(
            _("We would like to remind you that {what} ends today, {date}.").format(
                what=what, date=when
            )
        )
    else:
        end = grace_end(paid_until, office.grace_days)
        if today <= end:
            lines.append(
                _(
                    "The paid period of {what} ended on {date}. The portal keeps working "
                    "without limits until {grace_end}; after that it moves to the free plan."
                ).format(what=what, date=when, grace_end=format_date(end, lang))
            )
        else:
            lines.append(
                _(
                    "The paid period of {what} ended on {date}, and the portal now runs on "
                    "the free plan with its limits."
                ).format(what=what, date=when)
            )
    lines += [
        "",
        _(
            "To renew it, reply to this e-mail: we will send you the invoice and the "
            "activation coupon."
        ),
        "",
        _("Kind regards,"),
    ]
    if office.name:
        lines.append(office.name)
    return client.email, subject, "\n".join(lines)


def mailto_url(to: str, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): address, subject and body percent-encoded as
    UTF-8, line breaks as CRLF."""
    address = quote(to.strip(), safe="@!$'()*+,;=")
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    query = "subject=" + quote(subject, safe="") + "&body=" + quote(body, safe="")
    return f"mailto:{address}?{query}"

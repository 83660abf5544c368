"""The texts of the messages the desk sends, one per kind and language (issue #16).

Each kind of :data:`~b24desk.domain.vocabulary.MAIL_KINDS` has a subject and a body in
English, Spanish and Russian.  They are *data* per language, written as an office clerk
of that country would write them (formal "usted" / "Вы"), not gettext msgids: a client's
message is in the client's language whatever the desk speaks, and an office may reword
any of them (``store.mail_templates``).

Placeholders are ``str.format`` fields with a plain name, ``{client}``, ``{number}``…;
each kind accepts the names in :data:`PLACEHOLDERS`.  :func:`check_template` refuses
anything else — an unknown name, a positional ``{0}``, attribute or index access
(``{total.__class__}``), a conversion or format spec (``{total!r}``, ``{total:>10}``),
unbalanced braces — so a saved template can only ever be filled with the values the
desk gives it.  :func:`render` substitutes known names and nothing else.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType

from b24desk.domain.errors import ErrorCollector, ValidationError
from b24desk.domain.vocabulary import MAIL_KINDS
from b24desk.i18n import N_, _

__all__ = [
    "PLACEHOLDERS",
    "PLACEHOLDER_HELP",
    "TEMPLATE_LANGUAGES",
    "check_template",
    "render",
    "shipped_template",
]

TEMPLATE_LANGUAGES = ("en", "es", "ru")

_COMMON = ("client", "company", "office")

#: kind -> the placeholder names its templates may use.
PLACEHOLDERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "invoice": (*_COMMON, "number", "issue_date", "due_date", "total", "balance", "portal"),
        "credit_note": (*_COMMON, "number", "issue_date", "total", "invoice", "portal"),
        "receipt": (*_COMMON, "number", "amount", "paid_on", "method", "reference", "balance"),
        "renewal": (*_COMMON, "plan", "portal", "paid_until", "days"),
        "grace": (*_COMMON, "plan", "portal", "paid_until", "grace_end"),
        "frozen": (*_COMMON, "plan", "portal", "paid_until", "frozen_on", "deletion_date"),
        "coupon": (*_COMMON, "code", "product", "plan", "portal", "deadline", "days"),
        "overdue": (*_COMMON, "number", "issue_date", "due_date", "total", "balance", "days"),
        "statement": (*_COMMON, "date", "balance", "overdue"),
    }
)

#: What each placeholder stands for (shown beside the template editor).
PLACEHOLDER_HELP: Mapping[str, str] = MappingProxyType(
    {
        "client": N_("the contact person, or the company when there is none"),
        "company": N_("the client's company name"),
        "office": N_("the office's name"),
        "number": N_("the invoice or credit note number"),
        "issue_date": N_("the issue date"),
        "due_date": N_("the due date"),
        "total": N_("the total, with its currency"),
        "balance": N_("what is still owed"),
        "portal": N_("the portal address"),
        "invoice": N_("the number of the invoice a credit note corrects"),
        "amount": N_("the amount paid"),
        "paid_on": N_("the payment date"),
        "method": N_("the payment method"),
        "reference": N_("the payment reference"),
        "plan": N_("the plan"),
        "paid_until": N_("the last paid day"),
        "days": N_("the number of days"),
        "grace_end": N_("the last day of the grace period"),
        "frozen_on": N_("the day the portal froze"),
        "deletion_date": N_("the day a frozen portal is deleted"),
        "code": N_("the coupon code"),
        "product": N_("what the coupon is for"),
        "deadline": N_("the last day to activate the coupon"),
        "date": N_("the statement date"),
        "overdue": N_("the part of the balance past its due date"),
    }
)

# --------------------------------------------------------------------------- shipped texts

_EN: dict[str, tuple[str, str]] = {
    "invoice": (
        "Invoice {number} from {office}",
        "Hello {client},\n\n"
        "Please find attached invoice {number} for {total}, due on {due_date}.\n\n"
        "If you have any questions about it, just reply to this e-mail.\n\n"
        "Kind regards,\n{office}",
    ),
    "credit_note": (
        "Credit note {number} from {office}",
        "Hello {client},\n\n"
        "Please find attached credit note {number} for {total}, issued against "
        "invoice {invoice}. The amount is deducted from that invoice.\n\n"
        "If you have any questions about it, just reply to this e-mail.\n\n"
        "Kind regards,\n{office}",
    ),
    "receipt": (
        "Payment received for invoice {number}",
        "Hello {client},\n\n"
        "Thank you: we have received your payment for invoice {number}.\n\n"
        "Amount: {amount}\n"
        "Date: {paid_on}\n"
        "Payment method: {method}\n"
        "Still to pay on this invoice: {balance}\n\n"
        "Kind regards,\n{office}",
    ),
    "renewal": (
        "Your {plan} subscription is paid until {paid_until}",
        "Hello {client},\n\n"
        "This is a reminder that your Bitrix24 {plan} subscription for the portal "
        "{portal} is paid until {paid_until}.\n\n"
        "To renew it without interruption, just reply to this e-mail: we will send you "
        "the invoice and the activation coupon.\n\n"
        "Kind regards,\n{office}",
    ),
    "grace": (
        "Your {plan} subscription has ended: grace period until {grace_end}",
        "Hello {client},\n\n"
        "The paid period of your Bitrix24 {plan} subscription for the portal {portal} "
        "ended on {paid_until}. The portal keeps working without limits during the grace "
        "period, until {grace_end}; after that it moves to the free plan and its limits "
        "(5 GB of storage).\n\n"
        "To renew now, just reply to this e-mail: we will send you the invoice and the "
        "activation coupon.\n\n"
        "Kind regards,\n{office}",
    ),
    "frozen": (
        "Your portal {portal} has been frozen",
        "Hello {client},\n\n"
        "Your portal {portal} has been frozen since {frozen_on}: nobody has logged in "
        "since the paid period of your {plan} subscription ended on {paid_until}.\n\n"
        "If no administrator logs in, the portal and all its data will be deleted on "
        "{deletion_date}. To keep it, log in as an administrator, or reply to this e-mail "
        "and we will help you renew.\n\n"
        "Kind regards,\n{office}",
    ),
    "coupon": (
        "Your Bitrix24 activation coupon {code}",
        "Hello {client},\n\n"
        "Here is your activation coupon for {product}:\n\n"
        "    {code}\n\n"
        "To activate it:\n"
        "1. Log in to your portal {portal} as an administrator.\n"
        "2. Go to Bitrix24 > Subscription > My Bitrix24 plan.\n"
        "3. Click \"Activate coupon\", enter the code above and confirm.\n\n"
        "Please activate it by {deadline} at the latest: after that date the vendor "
        "may deactivate the coupon.\n\n"
        "Kind regards,\n{office}",
    ),
    "overdue": (
        "Reminder: invoice {number} is overdue",
        "Hello {client},\n\n"
        "According to our records, invoice {number} of {issue_date} was due on "
        "{due_date} and {balance} of it is still unpaid.\n\n"
        "We would be grateful if you could settle it at your earliest convenience. If "
        "you have already paid, please disregard this message, or reply with the "
        "payment details so that we can match it.\n\n"
        "Kind regards,\n{office}",
    ),
    "statement": (
        "Statement of account from {office} as of {date}",
        "Hello {client},\n\n"
        "Please find attached your statement of account as of {date}. It lists your "
        "open invoices, payments and credit notes.\n\n"
        "Balance due: {balance}\n"
        "Of which overdue: {overdue}\n\n"
        "If anything in it does not match your records, just reply to this e-mail.\n\n"
        "Kind regards,\n{office}",
    ),
}

_ES: dict[str, tuple[str, str]] = {
    "invoice": (
        "Factura {number} de {office}",
        "Estimado/a {client}:\n\n"
        "Le adjuntamos la factura {number} por un importe de {total}, con vencimiento "
        "el {due_date}.\n\n"
        "Si tiene cualquier duda, no dude en responder a este correo.\n\n"
        "Atentamente,\n{office}",
    ),
    "credit_note": (
        "Nota de crédito {number} de {office}",
        "Estimado/a {client}:\n\n"
        "Le adjuntamos la nota de crédito {number} por un importe de {total}, "
        "correspondiente a la factura {invoice}. Dicho importe se descuenta de esa "
        "factura.\n\n"
        "Si tiene cualquier duda, no dude en responder a este correo.\n\n"
        "Atentamente,\n{office}",
    ),
    "receipt": (
        "Pago recibido de la factura {number}",
        "Estimado/a {client}:\n\n"
        "Le confirmamos que hemos recibido su pago de la factura {number}. Muchas "
        "gracias.\n\n"
        "Importe: {amount}\n"
        "Fecha: {paid_on}\n"
        "Forma de pago: {method}\n"
        "Pendiente de pago en esta factura: {balance}\n\n"
        "Atentamente,\n{office}",
    ),
    "renewal": (
        "Su suscripción {plan} está pagada hasta el {paid_until}",
        "Estimado/a {client}:\n\n"
        "Le recordamos que su suscripción a Bitrix24 {plan} del portal {portal} está "
        "pagada hasta el {paid_until}.\n\n"
        "Para renovarla sin interrupciones, responda a este correo y le enviaremos la "
        "factura y el cupón de activación.\n\n"
        "Atentamente,\n{office}",
    ),
    "grace": (
        "Su suscripción {plan} ha vencido: período de gracia hasta el {grace_end}",
        "Estimado/a {client}:\n\n"
        "El período pagado de su suscripción a Bitrix24 {plan} del portal {portal} "
        "finalizó el {paid_until}. El portal seguirá funcionando sin limitaciones durante "
        "el período de gracia, hasta el {grace_end}; después pasará al plan gratuito, con "
        "sus limitaciones (5 GB de almacenamiento).\n\n"
        "Si desea renovarla ya, responda a este correo y le enviaremos la factura y el "
        "cupón de activación.\n\n"
        "Atentamente,\n{office}",
    ),
    "frozen": (
        "Su portal {portal} ha sido congelado",
        "Estimado/a {client}:\n\n"
        "Su portal {portal} está congelado desde el {frozen_on}, ya que nadie ha "
        "iniciado sesión desde que finalizó el período pagado de su suscripción {plan}, "
        "el {paid_until}.\n\n"
        "Si ningún administrador inicia sesión, el portal y todos sus datos se eliminarán "
        "el {deletion_date}. Para conservarlo, inicie sesión como administrador o responda "
        "a este correo y le ayudaremos con la renovación.\n\n"
        "Atentamente,\n{office}",
    ),
    "coupon": (
        "Su cupón de activación de Bitrix24 {code}",
        "Estimado/a {client}:\n\n"
        "Le enviamos su cupón de activación para {product}:\n\n"
        "    {code}\n\n"
        "Para activarlo:\n"
        "1. Inicie sesión en su portal {portal} como administrador.\n"
        "2. Vaya a Bitrix24 > Suscripción > Mi plan de Bitrix24.\n"
        "3. Pulse «Activar cupón», introduzca el código indicado y confirme.\n\n"
        "Le rogamos que lo active como muy tarde el {deadline}: pasada esa fecha, el "
        "fabricante puede desactivar el cupón.\n\n"
        "Atentamente,\n{office}",
    ),
    "overdue": (
        "Recordatorio: factura {number} vencida",
        "Estimado/a {client}:\n\n"
        "Según nuestros registros, la factura {number} del {issue_date} venció el "
        "{due_date} y tiene todavía un importe pendiente de {balance}.\n\n"
        "Le agradeceríamos que procediera a su pago a la mayor brevedad posible. Si ya "
        "lo ha abonado, le rogamos que no tenga en cuenta este mensaje o que nos responda "
        "con los datos del pago para poder identificarlo.\n\n"
        "Atentamente,\n{office}",
    ),
    "statement": (
        "Extracto de cuenta de {office} a fecha de {date}",
        "Estimado/a {client}:\n\n"
        "Le adjuntamos su extracto de cuenta a fecha de {date}, con sus facturas pendientes, "
        "pagos y notas de crédito.\n\n"
        "Saldo pendiente: {balance}\n"
        "Importe vencido: {overdue}\n\n"
        "Si algún dato no coincide con sus registros, no dude en responder a este "
        "correo.\n\n"
        "Atentamente,\n{office}",
    ),
}

_RU: dict[str, tuple[str, str]] = {
    "invoice": (
        "Счёт {number} от {office}",
        "Здравствуйте, {client}!\n\n"
        "Направляем Вам счёт {number} на сумму {total}.\n"
        "Срок оплаты: {due_date}\n\n"
        "Если у Вас возникнут вопросы, просто ответьте на это письмо.\n\n"
        "С уважением,\n{office}",
    ),
    "credit_note": (
        "Кредит-нота {number} от {office}",
        "Здравствуйте, {client}!\n\n"
        "Направляем Вам кредит-ноту {number} на сумму {total} к счёту {invoice}. "
        "Эта сумма уменьшает задолженность по указанному счёту.\n\n"
        "Если у Вас возникнут вопросы, просто ответьте на это письмо.\n\n"
        "С уважением,\n{office}",
    ),
    "receipt": (
        "Оплата по счёту {number} получена",
        "Здравствуйте, {client}!\n\n"
        "Благодарим Вас: мы получили оплату по счёту {number}.\n\n"
        "Сумма: {amount}\n"
        "Дата: {paid_on}\n"
        "Способ оплаты: {method}\n"
        "Остаток к оплате по счёту: {balance}\n\n"
        "С уважением,\n{office}",
    ),
    "renewal": (
        "Продление подписки {plan}: оплачено до {paid_until}",
        "Здравствуйте, {client}!\n\n"
        "Напоминаем, что подписка Битрикс24 на тариф {plan} для портала {portal} "
        "оплачена до {paid_until} включительно.\n\n"
        "Чтобы продлить её без перерыва в работе, просто ответьте на это письмо — мы "
        "пришлём счёт и купон активации.\n\n"
        "С уважением,\n{office}",
    ),
    "grace": (
        "Подписка {plan} закончилась: льготный период до {grace_end}",
        "Здравствуйте, {client}!\n\n"
        "Оплаченный период подписки Битрикс24 на тариф {plan} для портала {portal} "
        "закончился {paid_until}, но до {grace_end} включительно портал работает без "
        "ограничений (льготный период). После этого он перейдёт на бесплатный тариф с "
        "его ограничениями (5 ГБ на диске).\n\n"
        "Чтобы продлить подписку, просто ответьте на это письмо — мы пришлём счёт и "
        "купон активации.\n\n"
        "С уважением,\n{office}",
    ),
    "frozen": (
        "Портал {portal} заморожен",
        "Здравствуйте, {client}!\n\n"
        "Ваш портал {portal} заморожен с {frozen_on}: после окончания оплаченного "
        "периода подписки на тариф {plan} ({paid_until}) в него никто не входил.\n\n"
        "Если до {deletion_date} администратор не войдёт на портал, портал и все его "
        "данные будут удалены. Чтобы сохранить портал, войдите в него как администратор "
        "или ответьте на это письмо — мы поможем продлить подписку.\n\n"
        "С уважением,\n{office}",
    ),
    "coupon": (
        "Ваш купон активации Битрикс24 {code}",
        "Здравствуйте, {client}!\n\n"
        "Направляем Вам купон активации для: {product}.\n\n"
        "    {code}\n\n"
        "Как активировать купон:\n"
        "1. Войдите на портал {portal} как администратор.\n"
        "2. Откройте Битрикс24 > Подписка > Мой тариф Битрикс24.\n"
        "3. Нажмите «Активировать купон», введите код и подтвердите.\n\n"
        "Пожалуйста, активируйте купон не позднее {deadline}: после этой даты "
        "производитель может его деактивировать.\n\n"
        "С уважением,\n{office}",
    ),
    "overdue": (
        "Напоминание: просрочена оплата счёта {number}",
        "Здравствуйте, {client}!\n\n"
        "По нашим данным, срок оплаты счёта {number} от {issue_date} истёк {due_date}, "
        "и по нему остаётся неоплаченной сумма {balance}.\n\n"
        "Просим Вас оплатить счёт в ближайшее время. Если оплата уже произведена, "
        "пожалуйста, не обращайте внимания на это письмо или пришлите нам платёжные "
        "данные, чтобы мы могли её найти.\n\n"
        "С уважением,\n{office}",
    ),
    "statement": (
        "Выписка по расчётам с {office} на {date}",
        "Здравствуйте, {client}!\n\n"
        "Направляем Вам выписку по расчётам на {date}: неоплаченные счета, платежи и "
        "кредит-ноты.\n\n"
        "Задолженность: {balance}\n"
        "В том числе просроченная: {overdue}\n\n"
        "Если какие-либо данные расходятся с Вашими, просто ответьте на это письмо.\n\n"
        "С уважением,\n{office}",
    ),
}

_SHIPPED: Mapping[str, Mapping[str, tuple[str, str]]] = MappingProxyType(
    {"en": _EN, "es": _ES, "ru": _RU}
)


def shipped_template(kind: str, language: str) -> tuple[str, str]:
    """The ``(subject, body)`` b24desk ships for ``kind`` in ``language`` (English for
    a language it does not ship)."""
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    texts = _SHIPPED.get(language, _EN)
    return texts[kind]


# --------------------------------------------------------------------------- checking


def _field_text(name: str | None, spec: str | None, conversion: str | None) -> str:
    text = "{" + (name or "")
    if conversion:
        text += "!" + conversion
    if spec:
        text += ":" + spec
    return text + "}"


def _check_text(kind: str, field: str, text: str) -> None:
    allowed = PLACEHOLDERS[kind]
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(
            field,
            _(
                "A brace is not closed or not opened: write a placeholder as {name}, "
                "and a brace meant as text twice: {{ or }}."
            ),
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        shown = _field_text(name, spec, conversion)
        if not name.isidentifier() or spec or conversion:
            raise ValidationError(
                field,
                _("{placeholder} is not allowed: a placeholder is a plain name such as "
                  "{{client}}.").format(placeholder=shown),
            )
        if name not in allowed:
            raise ValidationError(
                field,
                _("{placeholder} is not a placeholder of this message; use one of: "
                  "{names}.").format(
                    placeholder=shown, names=", ".join("{" + n + "}" for n in allowed)
                ),
            )


def check_template(kind: str, subject: str, body: str) -> None:
    """Refuse a template that could not be filled safely: raises
    :class:`~b24desk.domain.errors.ValidationErrors` naming ``subject`` and/or ``body``
    and the bad placeholder (an unknown name, ``{0}``, ``{total.__class__}``,
    ``{total!r}``, ``{total:>9}``, an unbalanced brace), an empty subject or body, or a
    subject on more than one line."""
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    errors = ErrorCollector()
    with errors.check():
        if not subject.strip():
            raise ValidationError("subject", _("Type a subject."))
        if "\r" in subject or "\n" in subject:
            raise ValidationError("subject", _("A subject is one line: remove the line breaks."))
        _check_text(kind, "subject", subject)
    with errors.check():
        if not body.strip():
            raise ValidationError("body", _("Type the text of the message."))
        _check_text(kind, "body", body)
    errors.raise_if_any()


# --------------------------------------------------------------------------- rendering


def _fill(text: str, values: Mapping[str, str]) -> str:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return text  # never checked (or hand-edited): sent as written, nothing evaluated
    out: list[str] = []
    for literal, name, spec, conversion in parsed:
        out.append(literal)
        if name is None:
            continue
        if name in values and name.isidentifier() and not spec and not conversion:
            out.append(str(values[name]))
        else:
            out.append(_field_text(name, spec, conversion))
    return "".join(out)


def render(subject: str, body: str, values: Mapping[str, str]) -> tuple[str, str]:
    """``(subject, body)`` with each ``{name}`` of ``values`` replaced by its value.

    Only plain names found in ``values`` are substituted (no attribute, index,
    conversion or format spec is ever evaluated); anything else stays as written."""
    return _fill(subject, values), _fill(body, values)

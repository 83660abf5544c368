"""The demo office's invoice and client texts in English, Spanish and Russian, and the
weights of its draws.  Pure data.
"""

from __future__ import annotations

MONTHS = {"en": ("month", "months"), "es": ("mes", "meses"), "ru": ("мес.", "мес.")}
LICENSE = {"en": "license", "es": "licencia", "ru": "лицензия"}
UPDATES = {
    "en": "Renewal of updates for 12 months: {edition}",
    "es": "Renovación de actualizaciones por 12 meses: {edition}",
    "ru": "Продление обновлений на 12 мес.: {edition}",
}
EXTRA_USERS = {
    "en": "Additional on-premise users",
    "es": "Usuarios adicionales (versión autoalojada)",
    "ru": "Дополнительные пользователи (коробочная версия)",
}
EXTRA_STORAGE = {
    "en": "Extra storage 50 GB",
    "es": "Almacenamiento adicional 50 GB",
    "ru": "Дополнительное место 50 ГБ",
}
SERVICES = {
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
HOURS = {"en": "hours", "es": "horas", "ru": "часы"}
DISCOUNT_REASON = {
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
INVOICE_NOTES = {
    "en": ("Thank you for your business.", "Please quote the invoice number with your payment."),
    "es": ("Gracias por su confianza.", "Indique el número de factura al realizar el pago."),
    "ru": ("Спасибо за сотрудничество.", "При оплате укажите, пожалуйста, номер счёта."),
}
CLIENT_NOTES = (
    "Prefers e-mail to phone calls.",
    "Pays by bank transfer on receipt of the invoice.",
    "Decision maker is the managing director; the contact handles day-to-day issues.",
    "Interested in telephony integration next quarter.",
    "Came through the Bitrix24 partner directory.",
)
VOID_NOTES = (
    "Cancelled: wrong plan ordered.",
    "Cancelled: the client changed the term.",
    "Cancelled at the client's request before activation.",
)
SERVICE_HOURS = ("1", "2", "2.5", "4", "6", "8", "10", "12", "16", "20")
LANG_INDEX = {"en": 0, "es": 1, "ru": 2}
CN_NOTE = {
    "en": "Cancels invoice {number} in full.",
    "es": "Anula íntegramente la factura {number}.",
    "ru": "Полностью аннулирует счёт {number}.",
}


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
CLOUD_PLANS = ("basic", "standard", "professional", "enterprise")
CLOUD_PLAN_WEIGHTS = (20, 40, 30, 10)
TERMS = (1, 3, 6, 12, 24)
TERM_WEIGHTS = (10, 10, 15, 50, 15)
CLOUD_STATES = ("active", "grace", "free", "frozen", "deleted", "free_plan")
CLOUD_STATE_WEIGHTS = (62, 7, 12, 7, 7, 5)
BRANCHES = ("sales", "team", "hq", "service", "branch")
SELF_HOSTED_HOSTS = ("crm", "portal", "intranet", "b24")
CLOUD_PRODUCTS = ("cloud_subscription", "renewal", "upgrade", "extra_storage")
CLOUD_PRODUCT_WEIGHTS = (40, 35, 10, 15)
ONPREM_PRODUCTS = ("onprem_key", "onprem_upgrade", "updates_renewal", "extra_users")
ONPREM_PRODUCT_WEIGHTS = (35, 10, 35, 20)

"""The business rules of b24desk, pure Python: no Qt, no database, no I/O.

* :mod:`~b24desk.domain.sla` – business calendar and support response times;
* :mod:`~b24desk.domain.lifecycle` – cloud portal states, renewals, on-premise and
  coupon dates;
* :mod:`~b24desk.domain.pricing` – partner discounts, updates renewal, bonuses,
  client discounts, payment methods;
* :mod:`~b24desk.domain.invoicing` – invoice lines and totals;
* :mod:`~b24desk.domain.targets` – partner status, sales and seat targets, points;
* :mod:`~b24desk.domain.validation` – checking what people type;
* :mod:`~b24desk.domain.errors` – the typed errors they raise.
"""

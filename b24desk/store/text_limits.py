"""Text limits taken from the models, checked by the domain's one text rule.

PostgreSQL refuses a ``VARCHAR(255)`` value of 256 characters and any text holding
NUL, SQLite accepts both: an office could then never move to PostgreSQL.  So every
path that saves text checks it first with
:func:`b24desk.domain.validation.validate_text`, with the column's own limit read
here from the model (``max_length`` of a ``CharField``; a ``TextField`` has no limit
and may hold line breaks), identically for both engines.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import peewee

from b24desk.domain.errors import ErrorCollector
from b24desk.domain.validation import validate_text

__all__ = ["check_text", "text_columns"]


@cache
def text_columns(model: type[peewee.Model]) -> Mapping[str, tuple[int | None, bool]]:
    """``{field name: (max length or None, multi-line)}`` of the model's text fields."""
    out: dict[str, tuple[int | None, bool]] = {}
    for field in model._meta.sorted_fields:
        if isinstance(field, peewee.TextField):
            out[field.name] = (None, True)
        elif isinstance(field, peewee.CharField):
            out[field.name] = (field.max_length, False)
    return out


def check_text(
    model: type[peewee.Model],
    values: Mapping[str, Any],
    errors: ErrorCollector | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> None:
    """Check every text value of ``values`` that goes into a text field of ``model``.

    Errors are collected into ``errors`` (or the first is raised when there is none);
    ``names`` maps a model field to the form's key when they differ.
    """
    columns = text_columns(model)
    for key, value in values.items():
        if key not in columns or not isinstance(value, str):
            continue
        max_length, multiline = columns[key]
        field = (names or {}).get(key, key)
        if errors is None:
            validate_text(value, field, max_length, multiline)
        else:
            with errors.check():
                validate_text(value, field, max_length, multiline)

"""CSV export and import (being split into the file format, cell parsing and the
per-entity import; for now everything lives in :mod:`.files`)."""

from b24desk.store.csvio.files import *  # noqa: F403
from b24desk.store.csvio.files import (  # noqa: F401
    Progress,
    _amount,
    _boolean,
    _date,
    _whole_number,
)
from b24desk.store.csvio.files import __all__ as __all__

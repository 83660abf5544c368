"""The Clients tab, as a feature package (being split out of ``ui/clients.py``)."""

from b24desk.ui.clients.tab import *  # noqa: F403

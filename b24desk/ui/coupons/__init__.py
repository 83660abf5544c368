"""The Coupons tab, as a feature package (being split out of ``ui/coupons.py``)."""

from b24desk.ui.coupons.tab import *  # noqa: F403

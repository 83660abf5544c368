"""Settings → Exchange rates… (issue #17.4): the office's dated rates, typed in or
imported from CSV."""

from b24desk.ui.rates.dialog import RateForm, RatesDialog, open_rates

__all__ = ["RateForm", "RatesDialog", "open_rates"]

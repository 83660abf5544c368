"""The office's price list (Settings → Price list…) and a client's own prices.

- :mod:`.dialog`: ``PriceListDialog`` (the list as of a day, history, plans, CSV);
- :mod:`.importing`: ``PriceImportDialog`` (the preview of a CSV import);
- :mod:`.client_prices`: ``ClientPricesDialog`` (Clients → Prices…);
- :mod:`.forms`: the small forms (a price from a date, a plan, a client's price).
"""

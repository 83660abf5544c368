"""The Quotes tab (issue #17.2), as a feature package.

- :mod:`.tab`: the tab (``QuotesTab``, ``build_tab``): the list, the current quote's
  summary and the actions on it;
- :mod:`.editor`: the draft editor (``QuoteEditor``), the invoice editor saving a quote.

Import names from the module that defines them; the package imports nothing,
so its modules can import each other without a loop through it.
"""

"""The Invoices tab, as a feature package.

- :mod:`.tab`: the tab (``InvoicesTab``, ``build_tab``): the list, the current
  invoice's summary and the actions on it;
- :mod:`.editor`: the draft editor (``InvoiceEditor``): lines, totals, save or issue;
- :mod:`.dialogs`: a payment and a credit note;
- :mod:`.common`: what they share (amounts, percentages, the question before issuing).

Import names from the module that defines them; the package imports nothing,
so its modules can import each other without a loop through it.
"""

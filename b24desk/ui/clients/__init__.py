"""The Clients tab, as a feature package.

- :mod:`.tab`: the tab (``ClientsTab``, ``build_tab``): the clients table, its
  filters and actions;
- :mod:`.detail`: the detail pane, one client with its history;
- :mod:`.dialogs`: the client form, a new subscription and a renewal;
- :mod:`.common`: what they share (lifecycle state words and tones, country names).

Import names from the module that defines them; the package imports nothing,
so its modules can import each other without a loop through it.
"""

"""The Coupons tab, as a feature package.

- :mod:`.tab`: the tab (``CouponsTab``, ``build_tab``): the coupons table, its
  filters and the actions of a coupon's life;
- :mod:`.purchase`: recording a purchase, with the partner cost and bonus live;
- :mod:`.detail`: the detail pane of the current coupon (below the table);
- :mod:`.dialogs`: the dialogs about one coupon (assign, activate, void);
- :mod:`.common`: what they share (coupon words, row tints, date fields).

Import names from the module that defines them; the package imports nothing,
so its modules can import each other without a loop through it.
"""

"""The Tickets tab, as a feature package.

- :mod:`.tab`: the tab (``TicketsTab``, ``build_tab``): the queue with its SLA clock;
- :mod:`.detail`: the detail pane, one ticket with its thread, reply box and actions;
- :mod:`.dialogs`: a new ticket or its details, escalation, assignment;
- :mod:`.common`: what they share (SLA colours, the modal loop, the warning box).

Import names from the module that defines them; the package imports nothing,
so its modules can import each other without a loop through it.
"""

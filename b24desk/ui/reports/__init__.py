"""The Reports tab (issue #17.5), as a feature package.

* :mod:`.tab`: the tab (:class:`~.tab.ReportsTab`, :func:`build_tab`): the report
  picker, its dates, the table, the chart, the notes and the exports;
* :mod:`.chart`: the chart drawn with ``QPainter``;
* :mod:`.model`: the table model of a report (with its total row);
* :mod:`.drill`: the dialog listing the records behind a figure;
* :mod:`.ranges`: the quick date ranges (this month, last quarter…);
* :mod:`.cells`: how cells, axis ticks and figures read in the desk language.

The figures come from :mod:`b24desk.store.reports`; nothing here queries.

Import names from the module that defines them; the package imports nothing,
so its modules can import each other without a loop through it.
"""

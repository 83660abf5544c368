"""The Partner targets tab as a feature package (the way Anki keeps ``aqt/browser/``).

* :mod:`.tab`: the tab itself (:class:`TargetsTab`, :func:`build_tab`);
* :mod:`.dialogs`: the small dialogs that record what the vendor confirms;
* :mod:`.claims`: NFR licences to claim, the kickstart bonus, the deadlines;
* :mod:`.chart`: the monthly sales chart;
* :mod:`.texts`: the gap sentence (shown by the Today tab too);
* :mod:`.common`: what they share (row colours, words, dates, labels).

Import names from the module that defines them; the package imports nothing,
so its modules can import each other without a loop through it.
"""

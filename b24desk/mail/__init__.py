"""E-mail that needs both the store and the PDF code (issue #16): the store never
imports :mod:`b24desk.pdf`, so the drafts that carry a PDF are finished here."""

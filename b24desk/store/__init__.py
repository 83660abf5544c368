"""The store: peewee models, opening the database, migrations and query functions.

Widgets never build queries; they call the functions of the entity modules here.
"""

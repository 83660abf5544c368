"""b24desk: the desk of a Bitrix24 reseller office."""

__version__ = "0.1.0"

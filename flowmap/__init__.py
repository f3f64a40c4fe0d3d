"""flowmap: map who, inside a company, is the internal customer of whom."""

__version__ = "0.1.0"

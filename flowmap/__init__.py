"""flowmap: map a company's internal customers — who, inside the company, is the customer of whom."""

__version__ = "0.1.0"

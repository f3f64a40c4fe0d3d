"""Outputs: emitters over one list of findings, charts and the report. No rule logic here."""

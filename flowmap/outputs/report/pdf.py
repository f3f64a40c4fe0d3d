"""report.pdf: the whole report as one document to print and sign, made by WeasyPrint.

It is the index page with every process in it (however many there are; the HTML report
gives many processes pages of their own), laid out by the same print stylesheet the
browser prints with (`templates/report.css`, `@media print` and `@page`): A4, charts and
processes on landscape pages, page numbers in the margin. WeasyPrint makes the bookmarks
from the headings (the contents' entries) and embeds the fonts it used, the CJK ones
included.

Nothing is fetched while it is laid out: the page is all there is (as in the browser, where
the Content-Security-Policy says so), and a link to a file beside the report stays a link.
WeasyPrint needs Pango (Debian's libpango, installed by scripts/system-deps); it is imported
only here, when a PDF is asked for.
"""

from __future__ import annotations

import logging


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here (Pango missing): why, and what to install."""


def html_to_pdf(html: str) -> bytes:
    """The PDF of one self-contained HTML page."""
    try:
        import weasyprint
    except OSError as error:  # cffi could not open libpango / libgobject
        raise PdfUnavailable(
            f"WeasyPrint needs Pango: install Debian's libpango-1.0-0 and libpangoft2-1.0-0 "
            f"(scripts/system-deps run does) ({error})"
        ) from None
    # WeasyPrint warns on CSS it does not know (the browser-only parts of the stylesheet)
    # through logging; those are not the user's problem.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, url_fetcher=_fetch_nothing, base_url=None)
    # Tagged (pdf_tags): headings, paragraphs, tables and their rows are marked as such,
    # for screen readers and reflow, and for the tests that read the pages back.
    return document.write_pdf(pdf_variant=None, uncompressed_pdf=False, pdf_tags=True)


def _fetch_nothing(url: str, *args, **kwargs) -> dict:
    """Every URL refused: a map's text cannot make the PDF load anything."""
    raise ValueError(f"the report loads nothing: {url[:80]}")

"""The report's stylesheet: readable on screen, and printable (no dark backgrounds)."""

CSS = """\
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
       "PingFang SC", "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 75rem;
       padding: 0 1rem; color: #1b1b1b; line-height: 1.4; }
h1 { margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2rem; margin-top: 2.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #c8c8c8; padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
thead th { background: #eef4fa; }
table.counts th { width: 16rem; background: #f6f6f6; }
table.counts, table.principles { width: auto; }
td.share { font-weight: bold; }
td.place { font-family: monospace; white-space: nowrap; }
tr.error td:first-child { color: #b00020; font-weight: bold; }
tr.warning td:first-child { color: #8a5a00; font-weight: bold; }
tr.late td, tr.below td { background: #fdecea; }
tfoot th, tfoot td { border-top: 2px solid #888; }
.verdict { font-size: 1.2rem; font-weight: bold; padding: 0.5rem 0.8rem; display: inline-block; }
.verdict.fail { color: #b00020; border: 2px solid #b00020; }
.verdict.pass { color: #1a7f37; border: 2px solid #1a7f37; }
figure { margin: 1rem 0 2rem; overflow-x: auto; border: 1px solid #e0e0e0; padding: 0.5rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: bold; margin-top: 0.5rem; }
.note { color: #8a5a00; }
article { margin-bottom: 1rem; }
footer { margin-top: 3rem; color: #666; font-size: 0.9rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  section { break-inside: auto; }
  figure { break-inside: avoid; break-before: page; border: none; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""

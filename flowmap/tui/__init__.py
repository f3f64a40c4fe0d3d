"""The Textual editor for process owners: `flowmap edit`, on top of flowmap.edit."""

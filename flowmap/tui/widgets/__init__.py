"""The editor's own widgets: the form, the findings panel, the tree of maps."""

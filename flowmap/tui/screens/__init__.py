"""The editor's modal screens: questions and the help."""

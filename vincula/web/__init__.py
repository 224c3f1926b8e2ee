"""The web pages people open: templates, Mexican formats, organisation sign-in."""

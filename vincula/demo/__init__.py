"""The end-to-end demonstration behind ``vincula demo``."""

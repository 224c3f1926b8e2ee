"""``vincula season``: a seeded hiring season fed through the public interfaces."""

"""Matching core: normalise, embed, retrieve, score, explain and allocate graduate-vacancy pairs."""

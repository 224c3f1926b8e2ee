"""The one text fold of the project, and the match keys built on it.

Taxonomy labels, skill texts, cohort cells (states, yes/no, modalities) and
synthetic data are all compared through ``fold``, so a label and a query that
differ only in case, accents, punctuation or a simple plural end up with the
same key, wherever the comparison happens.
"""

from __future__ import annotations

import re
import unicodedata

# "+" and "#" survive folding because "C++" and "C#" are different skills from "C".
_NOT_WORD = re.compile(r"[^0-9a-z+#ñ]+")
_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Remove diacritics but keep the ñ, which changes meaning in Spanish (año/ano)."""
    # NFKD also folds compatibility forms: "²" becomes "2", full-width letters plain ones.
    decomposed = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    for index, char in enumerate(decomposed):
        if unicodedata.category(char) == "Mn":
            if char == "\u0303" and index > 0 and decomposed[index - 1] in "nN":
                kept.append(char)
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def fold(text: str) -> str:
    """Lower-case, drop accents (not the ñ: año ≠ ano in Spanish) and punctuation, collapse spaces.

    The ñ is a letter of its own in Spanish, not an accented n: "año" (year) and
    "ano" (anus), "diseño" and "diseno", "caña" and "cana" are different words,
    so folding must not merge them. Every other diacritic (á, é, í, ó, ú, ü) is
    dropped, because people type "Querétaro" and "Queretaro" for the same thing.
    """
    lowered = strip_accents(text).casefold()
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", lowered)).strip()


def stem_token(token: str) -> str:
    """Reduce a Spanish or English word so that its singular and plural share a key."""
    if len(token) <= 3 or not token.isalpha():
        return token
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    # Dropping a final "e" after the "s" makes "redes"/"red", "machines"/"machine",
    # "aplicaciones"/"aplicacion" and "processes"/"process" meet.
    if len(token) > 3 and token.endswith("e"):
        token = token[:-1]
    if token.endswith("y"):
        token = token[:-1] + "i"
    return token


def tokens(text: str) -> list[str]:
    """Folded words of a text."""
    folded = fold(text)
    return folded.split(" ") if folded else []


def match_key(text: str) -> str:
    """Key under which a label or a query is looked up: folded and stemmed."""
    return " ".join(stem_token(token) for token in tokens(text))

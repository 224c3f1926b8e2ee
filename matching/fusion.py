"""Dense and lexical embeddings fused into one vector, so one dot product ranks by both.

With unit vectors d and l and weights a² + b² = 1, the row [a·d, b·l] is a unit
vector and its dot product with another such row is a²·cos_d + b²·cos_l: exact
cosine retrieval on the fused row ranks by the weighted mix of both signals,
and each signal can still be read back from its own slice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from matching.cache import Forgetful
from matching.encoder import Encoder, Matrix


class FusedEncoder:
    """Concatenates a dense and an optional lexical encoding, weighted by share."""

    def __init__(self, dense: Encoder, lexical: Encoder | None, *, lexical_share: float) -> None:
        if not 0.0 <= lexical_share <= 1.0:
            raise ValueError("lexical_share debe estar en [0, 1]")
        if lexical is None:
            lexical_share = 0.0
        self._dense = dense
        self._lexical = lexical
        self.lexical_share = lexical_share
        self._a = math.sqrt(1.0 - lexical_share)
        self._b = math.sqrt(lexical_share)
        self._dense_dim: int | None = None
        lex_name = lexical.name if lexical is not None else "none"
        self.name = f"{dense.name}+{lex_name}:{lexical_share:.4f}"

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Fused unit rows for the texts."""
        dense = self._dense.encode(texts)
        self._dense_dim = int(dense.shape[1])
        if self._lexical is None:
            return dense
        lexical = self._lexical.encode(texts)
        return np.hstack([self._a * dense, self._b * lexical]).astype(np.float32)

    def forget(self, texts: Sequence[str]) -> None:
        """Drop the vectors of the texts from whichever part keeps them (its cache)."""
        for part in (self._dense, self._lexical):
            if isinstance(part, Forgetful):
                part.forget(texts)

    @property
    def dense_dim(self) -> int:
        """Width of the dense slice."""
        if self._dense_dim is None:
            self.encode([""])
        assert self._dense_dim is not None
        return self._dense_dim

    def split_similarities(self, query: Matrix, rows: Matrix) -> tuple[Matrix, Matrix]:
        """Dense and lexical cosines between one fused query row and fused rows."""
        d = self.dense_dim
        q = query.reshape(-1)
        if rows.shape[0] == 0:
            empty = np.zeros(0, dtype=np.float32)
            return empty, empty
        dense_dot = rows[:, :d] @ q[:d]
        semantic = dense_dot / self._a**2 if self._a > 0 else np.zeros_like(dense_dot)
        if self._lexical is None or self._b == 0:
            lexical = np.zeros_like(dense_dot)
        else:
            lexical = (rows[:, d:] @ q[d:]) / self._b**2
        return (
            np.clip(semantic, -1.0, 1.0).astype(np.float32),
            np.clip(lexical, 0.0, 1.0).astype(np.float32),
        )

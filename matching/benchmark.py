"""Timing of retrieval and allocation on synthetic data (``vincula bench-matching``)."""

from __future__ import annotations

import dataclasses
import time
from typing import TextIO

import numpy as np

from matching.allocation import allocate_greedy, allocate_joint, total_score
from matching.domain import Candidate, Opening, ScoredMatch
from matching.encoder import Matrix
from matching.index import CandidateIndex, OpeningIndex
from matching.retrieval import search_candidates, search_openings
from schemas.enums import CefrLevel, MexicanState, Modality, Sector, VacancyKind


def _unit_rows(rng: np.random.Generator, n: int, dim: int) -> Matrix:
    v = rng.normal(size=(n, dim)).astype(np.float32)
    rows: Matrix = v / np.linalg.norm(v, axis=1, keepdims=True)
    return rows


def _candidates(rng: np.random.Generator, n: int) -> list[Candidate]:
    states = list(MexicanState)
    levels = [None, *CefrLevel]
    return [
        Candidate(
            graduate_id=f"g{i:06d}",
            skills=(),
            credentials=(),
            state=states[int(rng.integers(len(states)))],
            willing_to_relocate=bool(rng.uniform() < 0.3),
            english_level=levels[int(rng.integers(len(levels)))],
            can_be_matched=bool(rng.uniform() < 0.95),
        )
        for i in range(n)
    ]


def _openings(rng: np.random.Generator, n: int) -> list[Opening]:
    states = list(MexicanState)
    modalities = list(Modality)
    return [
        Opening(
            vacancy_id=f"v{i:05d}",
            employer_id="e",
            kind=VacancyKind.JOB,
            title="",
            description="",
            language="es",
            sector=Sector.OTHER,
            state=states[int(rng.integers(len(states)))],
            city="",
            modality=modalities[int(rng.integers(len(modalities)))],
            seats=int(rng.integers(1, 6)),
            open_seats=int(rng.integers(1, 6)),
            english_level=CefrLevel.A2 if rng.uniform() < 0.5 else None,
        )
        for i in range(n)
    ]


def bench_retrieval(
    n_candidates: int, dim: int, queries: int, k: int, out: TextIO, seed: int = 0
) -> None:
    """Build a candidate index and time filtered exact top-k per opening."""
    rng = np.random.default_rng(seed)
    cands = _candidates(rng, n_candidates)
    vecs = _unit_rows(rng, n_candidates, dim)
    t0 = time.perf_counter()
    index = CandidateIndex(capacity=n_candidates)
    for c, v in zip(cands, vecs, strict=True):
        index.upsert(c, v)
    build = time.perf_counter() - t0
    opens = _openings(rng, queries)
    qvecs = _unit_rows(rng, queries, dim)
    search_candidates(opens[0], qvecs[0], index, k)
    t0 = time.perf_counter()
    for o, q in zip(opens, qvecs, strict=True):
        search_candidates(o, q, index, k)
    per_query = (time.perf_counter() - t0) / queries * 1000
    out.write(
        f"retrieval: {n_candidates} candidates x {dim} dims, index built in {build:.1f} s, "
        f"{per_query:.1f} ms per opening query (top-{k}, filters on)\n"
    )
    oindex = OpeningIndex(capacity=queries)
    for o, q in zip(opens, qvecs, strict=True):
        oindex.upsert(o, q)
    t0 = time.perf_counter()
    for i in range(min(queries, 200)):
        search_openings(cands[i], vecs[i], oindex, k)
    per_c = (time.perf_counter() - t0) / min(queries, 200) * 1000
    out.write(f"retrieval: {queries} openings, {per_c:.2f} ms per candidate query\n")


def bench_allocation(
    n_grad: int, n_vac: int, edges_per_vacancy: int, out: TextIO, seed: int = 0
) -> None:
    """Time the joint and the greedy allocation of one batch."""
    rng = np.random.default_rng(seed)
    edges: list[ScoredMatch] = []
    for v in range(n_vac):
        chosen = rng.choice(n_grad, size=edges_per_vacancy, replace=False)
        for g in chosen:
            score = float(np.round(rng.uniform(0.2, 1.0), 6))
            edges.append(ScoredMatch(f"g{g:05d}", f"v{v:04d}", score, {}, (), (), (), "bench"))
    caps_o = {f"v{v:04d}": int(rng.integers(1, 6)) * 2 for v in range(n_vac)}
    caps_g = {f"g{g:05d}": 3 for g in range(n_grad)}
    t0 = time.perf_counter()
    joint = allocate_joint(edges, opening_capacity=caps_o, graduate_capacity=caps_g)
    t_joint = time.perf_counter() - t0
    t0 = time.perf_counter()
    greedy = allocate_greedy(edges, opening_capacity=caps_o, graduate_capacity=caps_g)
    t_greedy = time.perf_counter() - t0
    out.write(
        f"allocation: {n_grad} graduates x {n_vac} vacancies, {len(edges)} edges: "
        f"joint {t_joint * 1000:.0f} ms (total {total_score(joint):.2f}, {len(joint)} pairs), "
        f"greedy {t_greedy * 1000:.0f} ms (total {total_score(greedy):.2f}, {len(greedy)} pairs)\n"
    )


def bench_matcher(n_candidates: int, queries: int, k: int, out: TextIO, seed: int = 0) -> None:
    """Time the full path (fused hashing vectors, filters, rescoring, Spanish reasons)."""
    from matching.encoder import HashingEncoder
    from matching.matcher import Matcher

    rng = np.random.default_rng(seed)
    pool = [
        "Python",
        "SQL",
        "AWS",
        "Java",
        "Linux",
        "Redes",
        "Docker",
        "Excel",
        "Kubernetes",
    ]
    cands = [
        Candidate(
            graduate_id=c.graduate_id,
            skills=tuple(rng.choice(pool, size=3, replace=False).tolist()),
            credentials=(),
            state=c.state,
            willing_to_relocate=c.willing_to_relocate,
            english_level=c.english_level,
            can_be_matched=c.can_be_matched,
        )
        for c in _candidates(rng, n_candidates)
    ]
    matcher = Matcher(HashingEncoder(384))
    t0 = time.perf_counter()
    index = matcher.candidate_index(cands)
    build = time.perf_counter() - t0
    opens = [
        dataclasses.replace(o, title="Analista de datos", required_skills=("Python", "SQL", "AWS"))
        for o in _openings(rng, queries)
    ]
    t0 = time.perf_counter()
    for o in opens:
        matcher.rank_candidates(o, index, k)
    per_query = (time.perf_counter() - t0) / queries * 1000
    out.write(
        f"matcher: {n_candidates} candidates indexed in {build:.1f} s; "
        f"{per_query:.1f} ms per opening (retrieve {matcher.retrieval_depth}, rescore, top-{k})\n"
    )

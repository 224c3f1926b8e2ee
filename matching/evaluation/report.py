"""Render an evaluation report as a Markdown table."""

from __future__ import annotations

from matching.evaluation.harness import EvaluationReport


def render_markdown(report: EvaluationReport) -> str:
    """One row per (case set, ranker), the best nDCG of each case set in bold."""
    k = report.k
    lines = [
        f"| casos | ranker | consultas | vacantes | recall@{k} | nDCG@{k} | MRR | segundos |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    best = {result.cases: report.best(result.cases) for result in report.results}
    for result in report.results:
        ranker = f"**{result.ranker}**" if best[result.cases] is result else result.ranker
        lines.append(
            f"| {result.cases} | {ranker} | {result.queries} | {result.documents} "
            f"| {result.recall_at_k:.3f} | {result.ndcg_at_k:.3f} | {result.mrr:.3f} "
            f"| {result.seconds:.1f} |"
        )
    return "\n".join(lines) + "\n"


def render_tuning(weights: dict[str, float], default_ndcg: float, ndcg: float) -> str:
    """One paragraph on the weights tuned on the tuning split."""
    shown = ", ".join(f"{name} {value:.2f}" for name, value in weights.items())
    return (
        "Pesos ajustados solo con los casos de ajuste (otras ocupaciones, otra "
        f"semilla): {shown}; nDCG@10 de ajuste {default_ndcg:.3f} → {ndcg:.3f}.\n"
    )

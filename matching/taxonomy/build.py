"""Merge the ESCO and O*NET rows of the reference snapshot into one bilingual ``Taxonomy``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from matching import reference
from matching.reference import LabelRow, RelationRow, TechnologyRow
from matching.taxonomy.model import Occupation, SkillConcept, Taxonomy
from matching.text import fold

ONET_PREFIX = "onet:"


@dataclass(slots=True)
class _Draft:
    """Mutable accumulator for one skill while sources are merged."""

    id: str
    label_es: str = ""
    label_en: str = ""
    alt_es: dict[str, None] = field(default_factory=dict)
    alt_en: dict[str, None] = field(default_factory=dict)
    digital: bool = False
    onet_names: dict[str, None] = field(default_factory=dict)
    hot: bool = False

    def freeze(self) -> SkillConcept:
        label_es = self.label_es or self.label_en
        label_en = self.label_en or self.label_es
        return SkillConcept(
            id=self.id,
            label_es=label_es,
            label_en=label_en,
            alt_es=tuple(label for label in self.alt_es if label != label_es),
            alt_en=tuple(label for label in self.alt_en if label != label_en),
            digital=self.digital,
            source="onet" if self.id.startswith(ONET_PREFIX) else "esco",
            onet_names=tuple(self.onet_names),
            hot=self.hot,
        )


def _clean(label: str) -> str:
    """A published label with its runs of white space collapsed."""
    return " ".join(label.split())


def _add_labels(
    drafts: dict[str, _Draft],
    rows: list[LabelRow],
    *,
    spanish: bool,
    digital: bool,
) -> None:
    for row in rows:
        draft = drafts.setdefault(row.uri, _Draft(row.uri))
        draft.digital = draft.digital or digital
        preferred = _clean(row.preferred)
        if spanish:
            # The first Spanish source read (v1.2) wins the preferred label; an
            # older preferred label stays findable as an alternative.
            draft.label_es = draft.label_es or preferred
            draft.alt_es.update(dict.fromkeys((preferred, *row.alternatives)))
        else:
            draft.label_en = draft.label_en or preferred
            draft.alt_en.update(dict.fromkeys((preferred, *row.alternatives)))


def onet_candidate_names(name: str) -> list[str]:
    """Ways an O*NET technology name may appear as an ESCO label, most literal first."""
    words = name.split()
    candidates = [name]
    if len(words) > 1 and words[-1].lower() == "software":
        words = words[:-1]
        candidates.append(" ".join(words))
    if len(words) > 1 and words[1][:1].isupper():
        # "Oracle Java", "Microsoft Excel": a capitalised first word is usually the
        # vendor; "Inventory control system" is a generic phrase and keeps its head.
        candidates.append(" ".join(words[1:]))
    return candidates


def _attach_onet(drafts: dict[str, _Draft], technologies: list[TechnologyRow]) -> None:
    preferred: dict[str, str] = {}
    alternative: dict[str, str] = {}
    for uri in sorted(drafts):
        draft = drafts[uri]
        if not draft.digital:
            continue
        preferred.setdefault(fold(draft.label_en), uri)
        for label in draft.alt_en:
            alternative.setdefault(fold(label), uri)
    for technology in technologies:
        if not (technology.hot or technology.in_demand):
            continue
        target = None
        for candidate in onet_candidate_names(technology.name):
            # Product names are compared folded but not stemmed ("Canva" is not "Canvas").
            key = fold(candidate)
            target = preferred.get(key) or alternative.get(key)
            if target is not None:
                break
        if target is None:
            slug = fold(technology.name).replace(" ", "-")
            target = f"{ONET_PREFIX}{technology.commodity_code}/{slug}"
            drafts[target] = _Draft(
                target, label_es=technology.name, label_en=technology.name, digital=True
            )
        draft = drafts[target]
        draft.onet_names[technology.name] = None
        draft.hot = draft.hot or technology.hot


def _occupations(
    spanish: list[LabelRow],
    english: list[LabelRow],
    relations: list[RelationRow],
    known_skills: set[str],
) -> list[Occupation]:
    essential: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    for relation in relations:
        if relation.skill_uri in known_skills:
            target = essential if relation.essential else optional
            target[relation.occupation_uri].append(relation.skill_uri)
    english_by_uri = {row.uri: row for row in english}
    occupations = []
    for row in spanish:
        en = english_by_uri.get(row.uri)
        label_es = _clean(row.preferred)
        occupations.append(
            Occupation(
                id=row.uri,
                isco_group=row.isco_group or (en.isco_group if en else ""),
                label_es=label_es,
                label_en=_clean(en.preferred) if en else label_es,
                alt_es=tuple(label for label in row.alternatives if label != label_es),
                alt_en=tuple(en.alternatives) if en else (),
                description_es=row.description,
                description_en=en.description if en else "",
                essential_skills=tuple(essential.get(row.uri, ())),
                optional_skills=tuple(optional.get(row.uri, ())),
            )
        )
    return occupations


def build_taxonomy(reference_data_dir: Path | None = None) -> Taxonomy:
    """Build the taxonomy from a snapshot folder, the packaged one by default (slow: seconds)."""
    snapshot = reference.open_snapshot(reference_data_dir)
    drafts: dict[str, _Draft] = {}
    _add_labels(drafts, snapshot.labels(reference.DIGITAL_SKILLS_ES), spanish=True, digital=True)
    _add_labels(drafts, snapshot.labels(reference.SKILLS_ES), spanish=True, digital=False)
    _add_labels(drafts, snapshot.labels(reference.SKILLS_EN), spanish=False, digital=False)
    for row in snapshot.labels(reference.DIGITAL_SKILLS_EN):
        if row.uri in drafts:
            drafts[row.uri].digital = True
    _attach_onet(drafts, snapshot.technologies())
    occupations = _occupations(
        snapshot.labels(reference.OCCUPATIONS_ES),
        snapshot.labels(reference.OCCUPATIONS_EN),
        snapshot.occupation_skills(),
        set(drafts),
    )
    return Taxonomy((draft.freeze() for draft in drafts.values()), occupations)

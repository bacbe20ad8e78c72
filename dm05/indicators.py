"""The indicator catalogue: built-in data file plus the workspace's additions and overrides."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from dm05 import tomlfile
from dm05.config_errors import Problem, problems
from dm05.errors import WorkspaceError
from dm05.messages import both, joined
from dm05.textnorm import match_key

Kind = Literal["count", "amount", "ratio", "threshold"]
SUMMED: tuple[Kind, ...] = ("count", "amount")  # the kinds whose figures add up the tree
MONEY = "đồng"  # an amount is money, kept in whole đồng (the smallest unit): sums are exact integers
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")  # a key is a name in templates and narratives: {{ v.my_key }}


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: Kind
    temporal: Literal["flow", "stock"] = "stock"
    measure: str = ""
    at_most: str | None = None
    cell_default: int | None = None
    empty_is_zero: bool = False
    dash_is_zero: bool = True  # "-" is "không phát sinh" in Vietnamese statistics
    required: bool = False
    rating: bool = False
    # ratio
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    # threshold
    target: str | None = None
    min_per_year: float | None = None
    max_per_year: float | None = None
    # amount: what a bare number typed in a sheet is in, when neither the cell ("1,5 tỷ") nor its header
    # ("(triệu đồng)") says; and the unit of the report's table cells ("598,4" under "(triệu đồng)")
    input_unit: str = MONEY
    table_unit: str = "triệu đồng"

    @model_validator(mode="after")
    def _kind_fields(self) -> Indicator:
        if not _KEY.match(self.key):
            raise Problem(both("catalogue.key_form"))
        if self.kind == "ratio" and (not self.numerator or not self.denominator):
            raise Problem(both("catalogue.ratio_parts"))
        if self.kind == "threshold" and (self.target is None or self.min_per_year is None):
            raise Problem(both("catalogue.threshold_parts"))
        if self.kind == "amount":
            if self.measure not in ("", MONEY):
                raise Problem(both("catalogue.amount_measure", money=MONEY))
            if self.at_most or self.cell_default is not None or self.rating:
                raise Problem(both("catalogue.amount_fields"))
        return self

    @property
    def summed(self) -> bool:
        """Whether figures add up the tree (counts and amounts)."""
        return self.kind in SUMMED

    @property
    def is_input(self) -> bool:
        """Whether a sheet's figure is read for it (ratios are always recomputed)."""
        return self.kind != "ratio"


@dataclass
class Catalogue:
    indicators: list[Indicator]
    added: frozenset[str] = frozenset()  # keys the workspace's indicators.toml adds to the built-in ones
    changed: frozenset[str] = frozenset()  # built-in keys whose fields it changes
    by_key: dict[str, Indicator] = field(init=False)
    by_header: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {i.key: i for i in self.indicators}
        self.by_header = {}

    @property
    def counts(self) -> list[Indicator]:
        return [i for i in self.indicators if i.kind == "count"]

    @property
    def amounts(self) -> list[Indicator]:
        return [i for i in self.indicators if i.kind == "amount"]

    @property
    def summed(self) -> list[Indicator]:
        """Counts and amounts, in catalogue order: the figures a sheet gives and the tree adds up."""
        return [i for i in self.indicators if i.kind in SUMMED]

    @property
    def ratios(self) -> list[Indicator]:
        return [i for i in self.indicators if i.kind == "ratio"]

    @property
    def thresholds(self) -> list[Indicator]:
        return [i for i in self.indicators if i.kind == "threshold"]

    def lookup_header(self, text: object) -> Indicator | None:
        key = self.by_header.get(match_key(text))
        return self.by_key[key] if key else None

    def to_json(self) -> list[dict[str, object]]:
        """Every indicator as ``dm05 indicators --format json`` lists it (see README); ``custom``: added by
        the workspace, ``changed``: a built-in one the workspace changed."""
        rows = []
        for ind in self.indicators:
            entry: dict[str, object] = {"key": ind.key, "label": ind.label, "aliases": list(ind.aliases),
                                        "kind": ind.kind, "temporal": ind.temporal, "measure": ind.measure or None,
                                        "custom": ind.key in self.added, "changed": ind.key in self.changed}
            if ind.kind == "ratio":
                entry.update(numerator=list(ind.numerator), denominator=list(ind.denominator))
            if ind.kind == "amount":
                entry.update(input_unit=ind.input_unit, table_unit=ind.table_unit)
            if ind.kind == "threshold":
                entry.update(target=ind.target, min_per_year=ind.min_per_year, max_per_year=ind.max_per_year)
            if ind.at_most:
                entry["at_most"] = ind.at_most
            rows.append(entry)
        return rows

    def find(self, text: str) -> Indicator | None:
        """The indicator a person names by key, label or alias ("so_dang_vien", "Số đảng viên", "Số ĐV")."""
        return self.by_key.get(text.strip()) or self.lookup_header(text)

    def close_to(self, text: str, n: int = 3) -> list[str]:
        """Keys whose key, label or alias is close to ``text``, for "did you mean"."""
        names: dict[str, str] = {}
        for ind in self.indicators:
            for t in (ind.key, ind.label, *ind.aliases):
                names.setdefault(match_key(t), ind.key)
        close = difflib.get_close_matches(match_key(text), list(names), n=n * 3, cutoff=0.7)
        return list(dict.fromkeys(names[c] for c in close))[:n]


def _read_entries(path: Path | None, text: str, name: str) -> list[dict[str, object]]:
    data = tomlfile.loads(text, name)
    entries = data.get("indicator", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise WorkspaceError("catalogue.invalid", file=name, detail=both("catalogue.entries"))
    return entries


def builtin_text() -> str:
    return resources.files("dm05").joinpath("catalogue/indicators.toml").read_text(encoding="utf-8")


def load_catalogue(override: Path | None = None) -> Catalogue:
    """Built-in catalogue, then ``override`` entries: a known key updates fields, a new key is added."""
    merged: dict[str, dict[str, object]] = {}
    new_keys: set[str] = set()
    changed_keys: set[str] = set()
    sources: list[tuple[str, list[dict[str, object]]]] = [("dm05/catalogue/indicators.toml",
                                                          _read_entries(None, builtin_text(), "indicators.toml"))]
    if override is not None and override.is_file():
        sources.append((str(override), _read_entries(override, override.read_text(encoding="utf-8-sig"), str(override))))
    for n, (name, entries) in enumerate(sources):
        for entry in entries:
            key = entry.get("key")
            if not isinstance(key, str) or not key:
                raise WorkspaceError("catalogue.invalid", file=name, detail=both("catalogue.no_key", entry=entry))
            if n and key in merged:
                changed_keys.add(key)
            elif n:
                new_keys.add(key)
            if key in merged:
                previous = merged[key]
                merged[key] = {**previous, **entry}
                before, added = previous.get("aliases", []), entry.get("aliases")
                if isinstance(before, list) and isinstance(added, list):  # workspace aliases add to the built-in ones
                    merged[key]["aliases"] = [*before, *added]
            else:
                merged[key] = dict(entry)
    indicators: list[Indicator] = []
    for key, entry in merged.items():
        try:
            indicators.append(Indicator.model_validate(entry))
        except ValidationError as e:
            raise WorkspaceError("catalogue.invalid", file=sources[-1][0],
                                 detail=problems(e, Indicator, prefix=f"{key}.")) from None
    cat = Catalogue(indicators, frozenset(new_keys), frozenset(changed_keys - new_keys))
    _check(cat, sources[-1][0])
    return cat


def _check(cat: Catalogue, name: str) -> None:
    """Cross-references must resolve and no header text may name two indicators."""
    found: list[dict[str, str]] = []
    for ind in cat.indicators:
        refs = [*ind.numerator, *ind.denominator] + [r for r in (ind.at_most, ind.target) if r]
        for ref in refs:
            other = cat.by_key.get(ref)
            if other is None:
                found.append(both("catalogue.unknown_ref", key=ind.key, ref=ref))
            elif other.kind != "count":
                found.append(both("catalogue.not_count", key=ind.key, ref=ref))
        for text in (ind.key, ind.label, *ind.aliases):
            k = match_key(text)
            owner = cat.by_header.setdefault(k, ind.key)
            if owner != ind.key:
                found.append(both("catalogue.header_twice", text=text, owner=owner, key=ind.key))
    if found:
        raise WorkspaceError("catalogue.invalid", file=name, detail=joined(found))

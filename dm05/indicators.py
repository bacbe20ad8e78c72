"""The indicator catalogue: built-in data file plus the workspace's additions and overrides."""

from __future__ import annotations

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

Kind = Literal["count", "ratio", "threshold"]


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

    @model_validator(mode="after")
    def _kind_fields(self) -> Indicator:
        if self.kind == "ratio" and (not self.numerator or not self.denominator):
            raise Problem(both("catalogue.ratio_parts"))
        if self.kind == "threshold" and (self.target is None or self.min_per_year is None):
            raise Problem(both("catalogue.threshold_parts"))
        return self

    @property
    def is_input(self) -> bool:
        """Whether a sheet's figure is read for it (ratios are always recomputed)."""
        return self.kind != "ratio"


@dataclass
class Catalogue:
    indicators: list[Indicator]
    by_key: dict[str, Indicator] = field(init=False)
    by_header: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key = {i.key: i for i in self.indicators}
        self.by_header = {}

    @property
    def counts(self) -> list[Indicator]:
        return [i for i in self.indicators if i.kind == "count"]

    @property
    def ratios(self) -> list[Indicator]:
        return [i for i in self.indicators if i.kind == "ratio"]

    @property
    def thresholds(self) -> list[Indicator]:
        return [i for i in self.indicators if i.kind == "threshold"]

    def lookup_header(self, text: object) -> Indicator | None:
        key = self.by_header.get(match_key(text))
        return self.by_key[key] if key else None


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
    sources: list[tuple[str, list[dict[str, object]]]] = [("dm05/catalogue/indicators.toml",
                                                          _read_entries(None, builtin_text(), "indicators.toml"))]
    if override is not None and override.is_file():
        sources.append((str(override), _read_entries(override, override.read_text(encoding="utf-8-sig"), str(override))))
    for name, entries in sources:
        for entry in entries:
            key = entry.get("key")
            if not isinstance(key, str) or not key:
                raise WorkspaceError("catalogue.invalid", file=name, detail=both("catalogue.no_key", entry=entry))
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
    cat = Catalogue(indicators)
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

"""What a report says and shows, as data: the documents reported on, the report kinds, the summary table's
rows, the annex's and the per-year table's columns, the terminal table's columns and the charts.

The built-in defaults are ``dm05/templates/report.toml``; a workspace's ``report.toml`` (beside dm05.toml)
is merged over them, as its ``indicators.toml`` and ``vocabulary.toml`` are: a ``[document.X]`` or
``[kind.X]`` it names updates the fields it gives (a new kind may start ``based_on`` another), and a
list it gives replaces the built-in one (``rows``, ``columns``, ``items``) or adds to it (``add``).
Every key is checked against the workspace's catalogue when the workspace loads, so a typo is said
with the file and the entry, not met half-way through a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dm05 import tomlfile
from dm05.config_errors import Problem, problems
from dm05.errors import WorkspaceError
from dm05.indicators import Catalogue, Indicator
from dm05.messages import both, joined

REPORT_FILE = "report.toml"
BUILTIN_NAME = "dm05/templates/report.toml"
BUILTIN_TEMPLATES = ("bao_cao.docx", "phu_luc.docx")  # the two layouts dm05 builds from the style profile
PERIOD_SHAPES = ("year", "part", "range")


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Document(_M):
    """The document a report reports on: its exact title (the subject quotes it in full, its first
    citation) and its short citation (the opening sentence)."""

    title: str = Field(min_length=1)
    short: str = Field(min_length=1)


class ReportKind(_M):
    name: str = ""
    description: str = ""
    periods: list[Literal["year", "part", "range"]] = Field(min_length=1)
    document: str = "kl01"
    template: str = "bao_cao.docx"
    narrative: str = "bao_cao_nam.md.j2"
    doc_type: str = "BÁO CÁO"
    subject: str = Field(min_length=1)
    annex_title: str = Field(min_length=1)
    annex_depth: int = Field(1, ge=1)
    charts: bool = True

    @field_validator("template", "narrative")
    @classmethod
    def _file_name(cls, name: str) -> str:
        if "/" in name or "\\" in name or name.startswith("."):
            raise Problem(both("report.file_name"))
        return name


class Column(_M):
    """A column of a table: a figure (``key``), or two counts written "x/y" (``key`` and ``pair``)."""

    key: str
    pair: str = ""
    label: str = ""  # default: the indicator's label ("Tỷ lệ (%)" for a rate in the annex)
    label_en: str = ""  # the terminal table's heading in English (default: ``label``)
    width: float = Field(0, ge=0, le=120)  # mm; 0: as the table decides


class Series(_M):
    key: str
    legend: str = ""


class Chart(_M):
    title: str = Field(min_length=1)
    caption: str = Field(min_length=1)
    series: list[Series] = Field(min_length=1, max_length=4)


class SummaryRow(_M):
    """A row of the summary table: a count or amount and, beside it, its rate."""

    key: str
    rate: str = ""

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):  # ["dang_vien_dang_ky", "ti_le_dang_vien_dang_ky"]
            if not 1 <= len(value) <= 2:
                raise Problem(both("report.summary_row"))
            return {"key": value[0], "rate": value[1] if len(value) > 1 else ""}
        return value


class _Tables(_M):
    summary: list[SummaryRow]
    annex: list[Column]
    years: list[Column]
    terminal: list[Column]
    charts: list[Chart]


@dataclass
class ReportSpec:
    documents: dict[str, Document]
    kinds: dict[str, ReportKind]
    summary: list[SummaryRow]
    annex: list[Column]
    years: list[Column]
    terminal: list[Column]
    charts: list[Chart]
    source: str = BUILTIN_NAME  # the file the workspace's part came from, for messages
    templates: tuple[str, ...] = field(default=BUILTIN_TEMPLATES)

    def kind(self, name: str) -> ReportKind | None:
        return self.kinds.get(name)


def builtin_text() -> str:
    return resources.files("dm05").joinpath("templates/report.toml").read_text(encoding="utf-8")


# The lists of each table: the key that replaces the built-in list, and the section it lives in.
_LISTS = {"summary": "rows", "annex": "columns", "years": "columns", "terminal": "columns", "charts": "items"}


def _merge(base: dict[str, Any], over: dict[str, Any], name: str) -> tuple[dict[str, Any], set[str]]:
    """``over`` (a workspace's report.toml) merged over ``base``; returns also the tables whose list the
    workspace replaced."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    replaced: set[str] = set()
    for section, value in over.items():
        if section in ("document", "kind"):
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise WorkspaceError("report.invalid", file=name, detail=both("report.section_table", section=section))
            merged = {k: dict(v) for k, v in out.get(section, {}).items()}
            for key, fields in value.items():
                if section == "kind" and key not in merged and "based_on" in fields:
                    start = merged.get(str(fields["based_on"]))
                    if start is None:
                        raise WorkspaceError("report.invalid", file=name, detail=both(
                            "report.no_kind", key=key, base=fields["based_on"], kinds=", ".join(merged)))
                    merged[key] = dict(start)
                merged[key] = {**merged.get(key, {}), **{k: v for k, v in fields.items() if k != "based_on"}}
            out[section] = merged
        elif section in _LISTS:
            if not isinstance(value, dict) or not set(value) <= {_LISTS[section], "add"}:
                raise WorkspaceError("report.invalid", file=name,
                                     detail=both("report.list_or_add", section=section, list=_LISTS[section]))
            own = value.get(_LISTS[section])
            items = list(own) if own is not None else list(out[section][_LISTS[section]])
            if own is not None:
                replaced.add(section)
            out[section] = {_LISTS[section]: items + list(value.get("add", []))}
        else:
            raise WorkspaceError("report.invalid", file=name, detail=both(
                "report.no_section", section=section, sections=", ".join(["document", "kind", *_LISTS])))
    return out, replaced


def _validation_detail(e: ValidationError, prefix: str, model: type[BaseModel] | None = None) -> dict[str, str]:
    return problems(e, model, prefix=prefix)


def load_report_spec(catalogue: Catalogue, override: Path | None = None, templates_dir: Path | None = None
                     ) -> ReportSpec:
    """The built-in report data with a workspace's ``report.toml`` merged over it, checked against the
    catalogue. An indicator the workspace adds appears in the annex unless the workspace lists the
    annex's columns itself."""
    data = tomlfile.loads(builtin_text(), BUILTIN_NAME)
    name = BUILTIN_NAME
    replaced: set[str] = set()
    if override is not None and override.is_file():
        name = str(override)
        try:
            text = override.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise WorkspaceError("config.invalid", file=name, detail=both("config.utf8")) from None
        data, replaced = _merge(data, tomlfile.loads(text, name), name)
    try:
        documents = {k: Document.model_validate(v) for k, v in data.get("document", {}).items()}
    except ValidationError as e:
        raise WorkspaceError("report.invalid", file=name, detail=_validation_detail(e, "document.", Document)) from None
    kinds: dict[str, ReportKind] = {}
    for key, fields in data.get("kind", {}).items():
        try:
            kinds[key] = ReportKind.model_validate({**fields, "name": key})
        except ValidationError as e:
            raise WorkspaceError("report.invalid", file=name, detail=_validation_detail(e, f"kind.{key}.", ReportKind)) from None
    try:
        tables = _Tables.model_validate({s: data[s][_LISTS[s]] for s in _LISTS})
    except KeyError as e:
        raise WorkspaceError("report.invalid", file=name, detail=both("report.missing_table", table=e.args[0])) from None
    except ValidationError as e:
        raise WorkspaceError("report.invalid", file=name, detail=_validation_detail(e, "", _Tables)) from None
    annex = list(tables.annex)
    if "annex" not in replaced:  # the workspace's own indicators join the annex's columns
        listed = {c.key for c in annex} | {c.pair for c in annex}
        annex += [Column(key=i.key) for i in catalogue.indicators
                  if i.key in catalogue.added and i.kind != "threshold" and i.key not in listed]
    spec = ReportSpec(documents, kinds, list(tables.summary), annex, list(tables.years), list(tables.terminal),
                      list(tables.charts), name)
    if templates_dir is not None and templates_dir.is_dir():
        spec.templates = tuple(sorted({*BUILTIN_TEMPLATES, *(p.name for p in templates_dir.glob("*.docx"))}))
    _check(spec, catalogue, name)
    return spec


def _check(spec: ReportSpec, cat: Catalogue, name: str) -> None:
    """Every key names an indicator of the right kind, every kind a document and a template."""
    issues: list[dict[str, str]] = []

    def need(where: str, key: str, kinds: tuple[str, ...], what: str) -> Indicator | None:
        ind = cat.by_key.get(key)
        if ind is None:
            close = cat.close_to(key)
            issues.append(both("report.no_indicator", where=where, key=key,
                              hint=both("hint.keys", keys=", ".join(close)) if close else ""))
            return None
        if ind.kind not in kinds:
            issues.append(both("report.wrong_kind", where=where, key=key, kind=ind.kind, needed=what))
            return None
        return ind

    for kind in spec.kinds.values():
        if kind.document not in spec.documents:
            issues.append(both("report.no_document", kind=kind.name, document=kind.document,
                              documents=", ".join(spec.documents)))
        if kind.template not in spec.templates:
            issues.append(both("report.no_template", kind=kind.name, template=kind.template,
                              builtin=", ".join(BUILTIN_TEMPLATES)))
    for i, row in enumerate(spec.summary, start=1):
        need(f"summary.rows[{i}]", row.key, ("count", "amount"), "count/amount")
        if row.rate:
            need(f"summary.rows[{i}]", row.rate, ("ratio",), "ratio")
    for table in ("annex", "years", "terminal"):
        for i, col in enumerate(getattr(spec, table), start=1):
            where = f"{table}.columns[{i}]"
            ind = need(where, col.key, ("count", "amount", "ratio"), "count/amount/ratio")
            if col.pair:
                need(where, col.pair, ("count",), "count")
                if ind is not None and ind.kind != "count":
                    issues.append(both("report.pair", where=where))
    for i, chart in enumerate(spec.charts, start=1):
        found = [need(f"charts.items[{i}]", s.key, ("count", "amount", "ratio"), "count/amount/ratio")
                 for s in chart.series]
        kinds = {ind.kind for ind in found if ind is not None}
        if len(kinds) > 1:
            issues.append(both("report.chart_kinds", i=i, kinds=", ".join(sorted(kinds))))
    if issues:
        raise WorkspaceError("report.invalid", file=name, detail=joined(issues))


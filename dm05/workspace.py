"""A workspace: the folder a clerk keeps per committee, and its typed configuration (dm05.toml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from dm05 import tomlfile
from dm05.changes import CHANGES_FILE, UnitChanges, load_changes
from dm05.config_errors import Problem, problems
from dm05.errors import InputError, WorkspaceError
from dm05.indicators import MONEY, Catalogue, load_catalogue
from dm05.messages import both
from dm05.period import Period
from dm05.reportspec import REPORT_FILE, ReportSpec, load_report_spec
from dm05.safety import Limits
from dm05.style import StyleProfile, load_style
from dm05.textnorm import match_key
from dm05.units import UnitHistory, UnitTree, load_units
from dm05.vnformat import parse_date
from dm05.vocabulary import VOCABULARY_FILE, Vocabulary, builtin_vocabulary, load_vocabulary

DEFAULT_STYLE = "qd399-2026"  # the current format basis (Quy định 399-QĐ/TW); its numbers are 36-HD's
CONFIG_FILE = "dm05.toml"
UNITS_FILE = "units.csv"
INDICATORS_FILE = "indicators.toml"
INBOX_DIR = "inbox"
DATA_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


def _clerk_date(value: Any) -> Any:
    """A date as TOML writes it (2026-12-15, native), or as text a clerk typed: "15/12/2026", "15-12-2026"."""
    if isinstance(value, str):
        day = parse_date(value)
        if day is None:
            raise Problem(both("config.needs_date", value=value))
        return day
    return value


ClerkDate = Annotated[dt.date, BeforeValidator(_clerk_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Issuer(_Model):
    superior: str = Field(description="Dòng cơ quan cấp trên, ví dụ ĐẢNG BỘ TỈNH …")
    name: str = Field(description="Cơ quan ban hành, ví dụ TỈNH ỦY …")
    place: str = Field(description="Địa danh ở dòng ngày tháng")
    body: str = Field(description="Chủ thể báo cáo trong câu văn, ví dụ Ban Thường vụ Tỉnh ủy")
    area: str = Field("", description="Cách gọi địa bàn trong câu văn, ví dụ toàn Đảng bộ tỉnh")


class Number(_Model):
    number: str = ""
    type: str = "BC"
    body: str


class Signer(_Model):
    on_behalf: str = ""
    title: str
    name: str


class ReportSettings(_Model):
    date: ClerkDate | None = None
    style: str = Field(DEFAULT_STYLE, description="Hồ sơ thể thức (dm05/styles/, hoặc styles/ của thư mục làm việc)")
    charts: bool = True
    min_coverage: float = Field(1.0, ge=0, le=1, description="Phần đơn vị cơ sở tối thiểu mà mỗi số liệu trong lời "
                                "báo cáo phải bao gồm (1.0: mọi đơn vị); thấp hơn thì chỉ lập được bản --draft")
    instructions: list[str] = Field(default_factory=list, description=(
        "Văn bản của cấp trên mà báo cáo thực hiện, dẫn ở câu mở đầu: \"Kế hoạch số 25-KH/TU, ngày 10/02/2026 của "
        "Ban Thường vụ Tỉnh ủy\""))

    @field_validator("instructions")
    @classmethod
    def _no_blank(cls, items: list[str]) -> list[str]:
        return [i.strip().rstrip(",;.") for i in items if i.strip()]


class ValidationSettings(_Model):
    jump_factor: float = Field(3.0, ge=0, description="Cảnh báo khi số liệu thay đổi quá N lần so với kỳ trước (0: tắt)")
    jump_min: float = Field(50, ge=0, description="Chỉ xét thay đổi khi số lớn hơn đạt mức này")


class FormSettings(_Model):
    deadlines: dict[str, ClerkDate] = Field(default_factory=dict, description="Thời hạn gửi biểu theo kỳ, ví dụ \"2026\" = 2026-12-05")


class Config(_Model):
    schema_version: int = Field(1, alias="schema")
    issuer: Issuer
    number: Number
    signer: Signer
    recipients: list[str] = Field(min_length=1)
    report: ReportSettings = ReportSettings()
    validation: ValidationSettings = ValidationSettings()
    limits: Limits = Limits()
    forms: FormSettings = FormSettings()
    themes: dict[str, str] = {}
    cell_level: str = "chi_bo"
    prefer: Literal["children", "own"] = "children"


@dataclass
class Workspace:
    root: Path
    config: Config
    units: UnitHistory
    catalogue: Catalogue
    changes: UnitChanges
    vocabulary: Vocabulary = field(default_factory=builtin_vocabulary)
    report: ReportSpec = field(default_factory=lambda: load_report_spec(load_catalogue()))
    style: StyleProfile = field(default_factory=lambda: load_style(DEFAULT_STYLE))

    def inbox(self, period: Period) -> Path:
        return self.root / INBOX_DIR / period.id

    def inbox_files(self, period: Period) -> list[Path]:
        """The period's data files in a stable order; Office lock files (~$x.xlsx) are left out."""
        folder = self.inbox(period)
        if not folder.is_dir():
            raise InputError("inbox.missing", path=str(folder), period=period.id)
        files = sorted((p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES
                        and not p.name.startswith(("~$", ".~lock"))), key=lambda p: p.as_posix())
        # a linked folder that leads outside the workspace is not followed, but listed: its reading
        # says so (file.outside_workspace) instead of its files vanishing in silence
        files += sorted((p for p in folder.rglob("*") if p.is_symlink() and p.is_dir()
                         and not p.resolve().is_relative_to(self.root.resolve())), key=lambda p: p.as_posix())
        if not files:
            raise InputError("inbox.empty", path=str(folder))
        return files

    def sources(self) -> list[Path]:
        """The workspace files that shape how its inbox is read (the read cache's context)."""
        return [self.root / name for name in (CONFIG_FILE, UNITS_FILE, INDICATORS_FILE, CHANGES_FILE, VOCABULARY_FILE)]

    def tree(self, period: Period) -> UnitTree:
        """The unit structure at the end of ``period`` (units.csv's valid_from/valid_to)."""
        return self.units.on(period.end)

    def table_units(self) -> dict[str, int]:
        """The đồng of one table unit of each amount indicator ("triệu đồng" → 1000000)."""
        units = self.vocabulary.amount_units
        return {i.key: units.get(match_key(i.table_unit), 1) for i in self.catalogue.amounts}

    def theme(self, period: Period) -> str:
        return self.config.themes.get(period.id) or self.config.themes.get(str(period.end.year), "")


def load_config(path: Path) -> Config:
    try:
        data = tomlfile.loads(path.read_text(encoding="utf-8-sig"), str(path))
    except UnicodeDecodeError:
        raise WorkspaceError("config.invalid", file=str(path), detail=both("config.utf8")) from None
    try:
        return Config.model_validate(data)
    except ValidationError as e:
        raise WorkspaceError("config.invalid", file=str(path), detail=config_problems(e)) from None


def config_problems(e: ValidationError, model: type[BaseModel] = Config) -> dict[str, str]:
    """A pydantic error of a workspace file (dm05.toml by default; ``model`` names the keys an unknown one is
    compared with) as "field: what to do; …", in both languages (dm05.config_errors)."""
    return problems(e, model)


def load_workspace(root: Path) -> Workspace:
    """Load dm05.toml, units.csv and the optional indicators.toml, vocabulary.toml, report.toml,
    styles/*.toml and unit_changes.csv, or say which one is wrong."""
    if not root.is_dir():
        raise WorkspaceError("workspace.missing", path=str(root))
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise WorkspaceError("workspace.no_config", path=str(root))
    config = load_config(config_path)
    units = load_units(root / UNITS_FILE)
    levels = sorted({u.level for u in units.rows})
    if "cell_level" in config.model_fields_set and config.cell_level not in levels:
        raise WorkspaceError("config.invalid", file=str(config_path),
                             detail=both("config.cell_level", value=config.cell_level, levels=", ".join(levels)))
    catalogue = load_catalogue(root / INDICATORS_FILE)
    changes = load_changes(root / CHANGES_FILE, set(catalogue.by_key))
    vocabulary = load_vocabulary(root / VOCABULARY_FILE)
    _check_amount_units(catalogue, vocabulary, root / INDICATORS_FILE)
    report = load_report_spec(catalogue, root / REPORT_FILE, root / "templates")
    style = load_style(config.report.style, root)
    return Workspace(root, config, units, catalogue, changes, vocabulary, report, style)


def _check_amount_units(catalogue: Catalogue, vocabulary: Vocabulary, path: Path) -> None:
    """An amount's ``input_unit`` and ``table_unit`` are money units of the vocabulary."""
    known = vocabulary.amount_units
    for ind in catalogue.amounts:
        for name in ("input_unit", "table_unit"):
            given = getattr(ind, name)
            if match_key(given) not in known:
                main = ", ".join(k for k, v in known.items() if k.endswith(MONEY) and k[0].isalpha())
                raise WorkspaceError("catalogue.invalid", file=str(path),
                                     detail=both("catalogue.not_money", key=ind.key, field=name, given=given, units=main))

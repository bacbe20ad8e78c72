"""What a reader knows while reading: the period's unit tree, the catalogue, and how to find the unit a
row names — by code (also a code Excel turned into a number), by name in the spellings clerks use
("1. Chi bộ thôn An Lạc", "CB thôn Hạ", "Thôn 3"), and within the part of the tree the file is about
(a title "ĐẢNG ỦY XÃ AN LẠC", the file or sheet name), since names such as "Chi bộ thôn 1" recur in
every commune."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dm05.indicators import Catalogue
from dm05.ingest.header import HeaderMatcher
from dm05.ingest.values import code_text, is_blank
from dm05.period import Period
from dm05.safety import Limits
from dm05.textnorm import match_key
from dm05.units import UnitHistory, UnitTree
from dm05.vocabulary import Vocabulary, builtin_vocabulary

# Prefixes a sheet may leave out of a unit's name ("Thôn Đông" for "Chi bộ thôn Đông").
NAME_PREFIXES = tuple(match_key(s) + " " for s in (
    "Chi bộ cơ sở", "Đảng bộ cơ sở", "Chi bộ", "Đảng bộ", "Đảng ủy", "Ban chấp hành đảng bộ", "BCH đảng bộ",
    "Ban thường vụ đảng ủy", "Ban thường vụ"))
_ENUMERATOR = re.compile(r"^(\d{1,3}(\.\d{1,3})*|[ivxlc]{1,6}|[a-zđ])\s*[.)/:-]\s*(?=\S)")
_BULLET = re.compile(r"^[-+–—•·*]\s*(?=\S)")  # the sub-rows of party statistical forms: "- Chi bộ thôn Đông"
_CODE_LIKE = re.compile(r"^\d+(\.\d+)*$")


def fold(text: str) -> str:
    """Text without diacritics, for file and sheet names typed without them ("xa_an_lac")."""
    d = unicodedata.normalize("NFD", match_key(text).replace("đ", "d"))
    return re.sub(r"[\u0300-\u036f]", "", d)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


@dataclass
class Resolution:
    units: list[str]
    via: str = ""  # code | excel_code | name | name_after_code
    code: str = ""  # the code as written, when it was not found


@dataclass
class ReadContext:
    tree: UnitTree  # the structure of the period
    catalogue: Catalogue
    period: Period
    cell_level: str = "chi_bo"
    all_units: UnitHistory | None = None  # every unit ever listed, to tell "abolished" from "unknown"
    limits: Limits = field(default_factory=Limits)
    root: Path | None = None  # the workspace: an inbox link leading outside it is not followed
    vocabulary: Vocabulary = field(default_factory=builtin_vocabulary)
    _short_names: dict[str, list[str]] | None = None
    _excel_codes: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None
    _cores: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None
    _matcher: HeaderMatcher | None = None

    def __getstate__(self) -> dict[str, Any]:  # caches are rebuilt in each worker process
        state = dict(self.__dict__)
        for k in ("_short_names", "_excel_codes", "_cores", "_matcher"):
            state[k] = None
        return state

    @property
    def matcher(self) -> HeaderMatcher:
        if self._matcher is None:
            self._matcher = HeaderMatcher(self.catalogue, self.vocabulary, frozenset(self.period.years))
        return self._matcher

    def short_names(self) -> dict[str, list[str]]:
        """Unit names with a standard prefix removed, for sheets that leave it out."""
        if self._short_names is None:
            index: dict[str, list[str]] = {}
            for key, codes in self.tree.names().items():
                for prefix in NAME_PREFIXES:
                    if key.startswith(prefix):
                        index.setdefault(key[len(prefix):], []).extend(codes)
                        break
            self._short_names = index
        return self._short_names

    def excel_codes(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Codes as Excel may have stored them: "04.10" typed into a number cell is 4.1 and "0105" is
        105 (keyed by the number); "01.05" retyped as text may lose its zeros, "1.5" (keyed by the parts
        without zeros). A units.csv saved through Excel matches sheets that kept their zeros, too."""
        if self._excel_codes is None:
            by_number: dict[str, list[str]] = {}
            by_parts: dict[str, list[str]] = {}
            for code in self.tree.units:
                if not _CODE_LIKE.match(code):
                    continue
                by_parts.setdefault(_parts_key(code), []).append(code)
                if code.count(".") <= 1:
                    by_number.setdefault(_number_key(float(code)), []).append(code)
            self._excel_codes = (by_number, by_parts)
        return self._excel_codes

    def name_keys(self, name_v: Any) -> list[str]:
        """The spellings to try for a name: as written, without its list number ("1.", "a)", "II.") or
        bullet ("- ", "+ "),
        with a leading abbreviation expanded ("CB" → "chi bộ")."""
        key = match_key(name_v)
        out = [key]
        stripped = _ENUMERATOR.sub("", _BULLET.sub("", key))
        if stripped != key:
            out.append(stripped)
        for k in list(out):
            expanded = self.vocabulary.expand_unit_name(k)
            if expanded not in out:
                out.append(expanded)
        return out

    def by_name(self, name_v: Any) -> list[str]:
        for key in self.name_keys(name_v):
            found = self.tree.by_name(key) or self.short_names().get(key, [])
            if found:
                return list(found)
        return []

    def resolve(self, code_v: Any, name_v: Any) -> Resolution:
        """Candidate units for a row: by code; by a code Excel reformatted; else by the name beside it
        (unless the code is one of a unit that existed at another time: that is no typing slip)."""
        if not is_blank(code_v):
            code = code_text(code_v)
            if code in self.tree:
                return Resolution([code], "code")
            excel = self._excel_code(code_v, code)
            named = self.by_name(name_v) if not is_blank(name_v) else []
            if len(excel) == 1 and (is_blank(name_v) or excel[0] in named):
                return Resolution(excel, "excel_code", code)
            if self.all_units is not None and self.all_units.knows(code):
                return Resolution([], "code", code)
            if not is_blank(name_v):  # a code Excel may have changed never outweighs the name beside it
                return Resolution(named, "name_after_code" if named else "", code)
            return Resolution(excel, "excel_code" if excel else "", code)
        if not is_blank(name_v):
            return Resolution(self.by_name(name_v), "name")
        return Resolution([])

    def _excel_code(self, code_v: Any, code: str) -> list[str]:
        by_number, by_parts = self.excel_codes()
        if type(code_v) in (int, float):
            return list(by_number.get(_number_key(float(code_v)), []))
        if not _CODE_LIKE.match(code):
            return []
        found = by_parts.get(_parts_key(code), [])
        if not found and code.count(".") <= 1:
            found = by_number.get(_number_key(float(code)), [])
        return list(found)

    def lookup(self, code_v: Any, name_v: Any) -> list[str]:
        return self.resolve(code_v, name_v).units

    def scope_of(self, texts: list[str]) -> str | None:
        """The one unit with sub-units that ``texts`` (titles, labels, the file and sheet name) name most
        specifically: "ĐẢNG ỦY XÃ AN LẠC", "Đơn vị: Đảng bộ xã An Lạc", "xa_an_lac_2026.xlsx"."""
        exact, folded = self._core_index()
        hits: dict[str, int] = {}  # unit → the longest phrase that named it ("xã an lạc" over "xã an")
        for text in texts:
            for index, key in ((exact, match_key(text)), (folded, fold(text))):
                words = _words(key)
                for i in range(len(words)):
                    for j in range(i + 1, min(len(words), i + 8) + 1):
                        for code in index.get(" ".join(words[i:j]), ()):
                            hits[code] = max(hits.get(code, 0), j - i)
        if not hits:
            return None
        depth = self.tree.depth
        best_at: dict[int, int] = {}  # at each depth, only the units named by its longest phrase
        for c, n in hits.items():
            best_at[depth[c]] = max(best_at.get(depth[c], 0), n)
        found = {c for c, n in hits.items() if n == best_at[depth[c]]}
        deepest = max(self.tree.depth[c] for c in found)
        at = [c for c in found if self.tree.depth[c] == deepest]
        return at[0] if len(at) == 1 else None

    def _core_index(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Units with sub-units by their name without its party prefix ("xã an lạc"), and folded."""
        if self._cores is None:
            exact: dict[str, list[str]] = {}
            folded: dict[str, list[str]] = {}
            for code in self.tree.order:
                if self.tree.is_leaf(code) or self.tree[code].parent is None:
                    continue
                key = match_key(self.tree[code].name)
                for prefix in NAME_PREFIXES:
                    if key.startswith(prefix):
                        key = key[len(prefix):]
                        break
                if len(_words(key)) < 2:  # "Thôn 1" alone is too common to name a file's unit
                    continue
                core = " ".join(_words(key))
                exact.setdefault(core, []).append(code)
                folded.setdefault(" ".join(_words(fold(core))), []).append(code)
            self._cores = (exact, folded)
        return self._cores


def _number_key(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _parts_key(code: str) -> str:
    return ".".join(p.lstrip("0") or "0" for p in code.split("."))

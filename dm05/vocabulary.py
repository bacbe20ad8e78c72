"""The reading vocabulary: abbreviations clerks write in headers and unit names, words that tell no
indicator apart, and the words that mark a rate column. Data (``catalogue/vocabulary.toml``), with a
workspace's ``vocabulary.toml`` merged over it, because every province abbreviates its own way."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dm05.config_errors import toml_problem
from dm05.errors import WorkspaceError
from dm05.messages import both
from dm05.textnorm import match_key

VOCABULARY_FILE = "vocabulary.toml"
_WORD = re.compile(r"[^\W_]+|%", re.UNICODE)


@dataclass(frozen=True)
class Vocabulary:
    header_abbreviations: dict[str, str] = field(default_factory=dict)
    unit_abbreviations: dict[str, str] = field(default_factory=dict)
    stop_words: frozenset[str] = frozenset()
    rate_words: tuple[str, ...] = ()
    blocking_words: tuple[str, ...] = ()
    amount_units: dict[str, int] = field(default_factory=dict)  # "triệu đồng" → 1000000 (đồng in one)
    _words: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)  # a cache

    def words(self, text: str) -> tuple[str, ...]:
        """A header's words, lower-case, abbreviations expanded ("Số ĐV" → số, đảng, viên; "KT, GS" →
        kiểm, tra, giám, sát)."""
        cached = self._words.get(text)
        if cached is not None:
            return cached
        if len(self._words) > 100_000:
            self._words.clear()
        key = match_key(text)
        for phrase, full in self.header_abbreviations.items():
            if not phrase.isalnum() and phrase in key:
                key = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", f" {full} ", key)
        out: list[str] = []
        for w in _WORD.findall(key):
            out.extend(self.header_abbreviations.get(w, w).split())
        self._words[text] = words = tuple(out)
        return words

    def is_rate(self, text: str) -> bool:
        """A rate column: "Tỷ lệ", "TL", or a bare "%" ("Tỷ lệ (%)", "%"), not a "%" inside a count's
        label ("Số chi bộ có 100% đảng viên đăng ký")."""
        key = " ".join(self.words(text))
        return any(f" {r} " in f" {key} " for r in self.rate_words) or re.search(r"(^|[\s(])%", text) is not None

    def blocking(self, text: str) -> set[str]:
        """The blocking phrases ``text`` holds, as whole words."""
        key = " " + " ".join(self.words(text)) + " "
        return {b for b in self.blocking_words if f" {b} " in key}

    def tokens(self, text: str) -> frozenset[str]:
        """The words that tell one indicator from another: stop words and rate words removed."""
        rate = {w for r in self.rate_words for w in r.split()} | {"%"}
        return frozenset(w for w in self.words(text) if w not in self.stop_words and w not in rate)

    def expand_unit_name(self, text: str) -> str:
        """"CB thôn Hạ" → "chi bộ thôn hạ" (the first word only: "CB" inside a name is left alone)."""
        key = match_key(text)
        first, _, rest = key.partition(" ")
        full = self.unit_abbreviations.get(first.rstrip("."))
        return f"{full} {rest}".strip() if full else key


def _parse(text: str, name: str) -> dict[str, object]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise WorkspaceError("config.syntax", file=name, detail=toml_problem(str(e), text)) from None


def _build(data: dict[str, object], name: str) -> Vocabulary:
    def table(key: str) -> dict[str, str]:
        value = data.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise WorkspaceError("config.invalid", file=name, detail=both("vocabulary.table", key=key))
        return {match_key(k): match_key(v) for k, v in value.items()}

    def words(key: str) -> list[str]:
        value = data.get(key, {})
        items = value.get("words", []) if isinstance(value, dict) else None
        if not isinstance(items, list) or not all(isinstance(w, str) for w in items):
            raise WorkspaceError("config.invalid", file=name, detail=both("vocabulary.words", key=key))
        return [match_key(w) for w in items]

    def units(key: str) -> dict[str, int]:
        value = data.get(key, {})
        if not isinstance(value, dict) or not all(type(v) is int and v >= 1 for v in value.values()):
            raise WorkspaceError("config.invalid", file=name, detail=both("vocabulary.money", key=key))
        return {match_key(k): v for k, v in value.items()}

    return Vocabulary(table("header_abbreviations"), table("unit_abbreviations"),
                      frozenset(words("header_stop_words")), tuple(words("rate_words")), tuple(words("blocking_words")),
                      units("amount_units"))


@lru_cache(maxsize=1)
def _builtin_text() -> str:
    return resources.files("dm05").joinpath("catalogue/vocabulary.toml").read_text(encoding="utf-8")


def builtin_vocabulary() -> Vocabulary:
    return _build(_parse(_builtin_text(), "dm05/catalogue/vocabulary.toml"), "dm05/catalogue/vocabulary.toml")


def load_vocabulary(override: Path | None = None) -> Vocabulary:
    """The built-in vocabulary, with a workspace file's entries added (and its word lists extended)."""
    data = _parse(_builtin_text(), "dm05/catalogue/vocabulary.toml")
    name = "dm05/catalogue/vocabulary.toml"
    if override is not None and override.is_file():
        name = str(override)
        try:
            extra = _parse(override.read_text(encoding="utf-8-sig"), name)
        except UnicodeDecodeError:
            raise WorkspaceError("config.invalid", file=name, detail=both("config.utf8")) from None
        for key, value in extra.items():
            base = data.get(key)
            if isinstance(value, dict) and "words" in value and isinstance(base, dict):
                data[key] = {"words": [*base.get("words", []), *value["words"]]}
            elif isinstance(value, dict) and isinstance(base, dict):
                data[key] = {**base, **value}
            else:
                data[key] = value
    return _build(data, name)

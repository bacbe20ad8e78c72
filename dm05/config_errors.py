"""Mistakes in a workspace's TOML files (dm05.toml, indicators.toml, vocabulary.toml) in words a clerk can act on.

tomllib and pydantic say what went wrong in English and for a programmer ("Input should be a valid string",
"Invalid value (at line 3, column 8)"). The common cases — wrong type, unknown key, missing key, a bad date, text
without quotes, quotes that Word curled — are said here from the catalogue, in both languages, with the fix.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from typing import Any

from pydantic import BaseModel, ValidationError

from dm05.messages import both, joined


class Problem(ValueError):
    """Raised by a validator with its words from the catalogue (``both(...)``), so that they reach the clerk
    in the language asked for instead of pydantic's "Value error, …"."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(words["en"])
        self.words = words


_TYPES = {
    "string_type": "config.needs_text",
    "int_type": "config.needs_whole", "int_parsing": "config.needs_whole", "int_from_float": "config.needs_whole",
    "float_type": "config.needs_number", "float_parsing": "config.needs_number",
    "bool_type": "config.needs_bool", "bool_parsing": "config.needs_bool",
    "date_type": "config.needs_date", "date_parsing": "config.needs_date", "date_from_datetime_parsing":
    "config.needs_date", "date_from_datetime_inexact": "config.needs_date", "datetime_type": "config.needs_date",
    "list_type": "config.needs_list", "tuple_type": "config.needs_list",
    "dict_type": "config.needs_table", "model_type": "config.needs_table", "model_attributes_type":
    "config.needs_table",
}
_BOUNDS = {"greater_than_equal": ("config.at_least", "ge"), "greater_than": ("config.above", "gt"),
           "less_than_equal": ("config.at_most", "le"), "less_than": ("config.below", "lt")}


def _fields_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    """The keys a table of ``model`` may hold at ``loc`` (how they are written in the file: aliases)."""
    for part in loc:
        if model is None:
            return []
        field = next((f for name, f in model.model_fields.items() if (f.alias or name) == part), None)
        annotation = getattr(field, "annotation", None)
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return [] if model is None else [f.alias or name for name, f in model.model_fields.items()]


def _number(value: Any) -> Any:
    """256, not 256.0: a bound as the clerk would write it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def problem(err: Any, model: type[BaseModel] | None = None) -> dict[str, str]:
    """One pydantic error in both languages, with how to fix it."""
    kind, ctx, loc = err["type"], err.get("ctx") or {}, tuple(err.get("loc", ()))
    given = err.get("input")
    if kind == "missing":
        return both("config.missing", key=loc[-1] if loc else "")
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        close = get_close_matches(str(loc[-1]), known, n=1)
        hint = both("config.did_you_mean", key=close[0]) if close else both("config.known_keys", keys=", ".join(known))
        return both("config.unknown_key", hint=hint if known else "")
    if kind == "value_error" and isinstance(ctx.get("error"), Problem):
        return ctx["error"].words
    if kind in ("literal_error", "enum"):
        return both("config.choice", value=given, choices=str(ctx.get("expected", "")).replace(" or ", ", "))
    if kind in _BOUNDS:
        code, key = _BOUNDS[kind]
        return both(code, value=_number(given), limit=_number(ctx.get(key)))
    if kind == "too_short":
        return both("config.too_short", n=ctx.get("min_length"))
    if kind in _TYPES:
        return both(_TYPES[kind], value=given if isinstance(given, (str, int, float)) else "")
    return both("config.other", detail=err.get("msg", kind))


def problems(e: ValidationError, model: type[BaseModel] | None = None, prefix: str = "") -> dict[str, str]:
    """Every error of a validation as "field: what to do; …", in both languages."""
    parts = []
    for err in e.errors():
        where = prefix + ".".join(str(p) for p in err["loc"])
        words = problem(err, model)
        parts.append({lang: f"{where}: {words[lang]}" if where else words[lang] for lang in ("vi", "en")})
    return joined(parts)


_AT = re.compile(r"^(?P<msg>.*?) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)$", re.S)
_DATE_LIKE = re.compile(r"=\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*(#.*)?$")
_SYNTAX = [  # tomllib's message (its start) → the catalogue's words
    ("Invalid value", "toml.value"), ("Invalid date or datetime", "toml.date"),
    ("Expected newline or end of document after a statement", "toml.value"),
    ("Expected '=' after a key", "toml.expected_equals"), ("Unclosed array", "toml.unclosed_array"),
    ("Unclosed inline table", "toml.unclosed_table"), ("Unterminated string", "toml.unterminated"),
    ("Cannot overwrite a value", "toml.twice"), ("Cannot declare", "toml.twice"), ("Duplicate inline table key",
                                                                                   "toml.twice"),
    ("Cannot redefine namespace", "toml.twice"), ("Cannot mutate immutable namespace", "toml.twice"),
    ("Expected ']' at the end of a table", "toml.table_name"), ("Expected ']]'", "toml.table_name"),
    ("Unescaped '\\'", "toml.backslash"), ("Invalid statement", "toml.statement"),
    ("Invalid initial character for a key part", "toml.statement"), ("Found invalid character", "toml.statement"),
    ("Illegal character", "toml.statement"), ("Invalid hex value", "toml.escape"),
    ("Escaped character is not a Unicode scalar value", "toml.escape"),
]


def toml_problem(message: str, source: str) -> dict[str, str]:
    """A tomllib error in both languages: where it is and what to write instead."""
    m = _AT.match(message)
    if m is None:
        return both("toml.other", detail=message, line="?", column="?")
    msg, line, column = m.group("msg"), m.group("line"), m.group("column")
    if line is None:  # at the end of the document: something opened was never closed
        line = str(source.count("\n") + 1)
        column = "1"
    code = next((c for start, c in _SYNTAX if msg.startswith(start)), "toml.other")
    text = source.splitlines()[int(line) - 1] if 0 < int(line) <= len(source.splitlines()) else ""
    if code in ("toml.value", "toml.statement", "toml.expected_equals", "toml.unterminated"):
        if any(q in text for q in "“”‘’„"):
            code = "toml.curly_quotes"
        elif _DATE_LIKE.search(text):
            code = "toml.date"
    return both(code, line=line, column=column, detail=msg)

"""Finding a table's header: one to four rows (group over sub-group over column, merged cells), the
column-number row under it, and what each column is. A column's label is its whole header path
("Đảng viên › Đã đăng ký"), so that two columns with the same sub-label under different groups are
different columns; abbreviations are expanded from the vocabulary before matching."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dm05.indicators import Catalogue, Indicator
from dm05.ingest.amounts import strip_unit, unit_of
from dm05.ingest.values import code_text, is_blank, is_numeric
from dm05.readers import Grid
from dm05.textnorm import clean, match_key
from dm05.vocabulary import Vocabulary

HEADER_SCAN_ROWS = 30
MAX_HEADER_ROWS = 4
CODE_HEADERS = frozenset(match_key(s) for s in (
    "Mã đơn vị", "Mã", "Mã số", "Mã chi bộ", "Mã tổ chức đảng", "Mã ĐV", "Mã đảng bộ", "code"))
NAME_HEADERS = frozenset(match_key(s) for s in (
    "Tên đơn vị", "Đơn vị", "Tên chi bộ", "Chi bộ", "Tên", "Tên tổ chức đảng", "Tổ chức đảng",
    "Tên tổ chức cơ sở đảng", "Đơn vị báo cáo", "Tên đảng bộ, chi bộ", "Đảng bộ, chi bộ", "name",
    "Tên cơ sở đảng", "Tên TCCSĐ", "Chi, đảng bộ", "Tên chi, đảng bộ", "Đảng bộ, chi bộ cơ sở", "Đơn vị, chi bộ"))
STT_HEADERS = frozenset(match_key(s) for s in ("STT", "TT", "Số TT", "Số thứ tự"))
MEASURE_HEADERS = frozenset(match_key(s) for s in ("Đơn vị tính", "ĐVT", "Đơn vị đo", "Đv tính", "ĐV tính"))
VALUE_HEADERS = frozenset(match_key(s) for s in ("Số liệu", "Số lượng", "Kết quả", "Giá trị", "Số", "value",
                                                 "Thực hiện", "Kết quả thực hiện", "SL"))
UNIT_WORDS = CODE_HEADERS | NAME_HEADERS | STT_HEADERS
# what a unit-of-measure row under a header holds ("ĐVT | người | lượt | chi bộ")
MEASURE_WORDS = frozenset(match_key(s) for s in (
    "người", "lượt", "lượt người", "chi bộ", "mô hình", "hội nghị", "cuộc", "tin bài", "tin, bài", "tập thể",
    "cá nhân", "đồng", "triệu đồng", "tỷ đồng", "%", "lần", "kỳ", "đơn vị", "tổ chức", "tổ chức đảng",
    "sáng kiến", "bài", "tin", "buổi", "lớp", "đảng viên"))
TOTAL_WORDS = frozenset(match_key(s) for s in ("Tổng số", "Tổng", "Tổng cộng", "Cộng"))
_INDEX_CELL = re.compile(r"^\(?\d+\)?(\s*\(?\s*=.*\)?)?$")
_INDEX_LETTER = re.compile(r"^\(?[A-E]\)?$")


@dataclass(frozen=True)
class ColumnMatch:
    kind: str  # code | name | stt | measure | indicator | rate | "" (not recognised)
    indicator: Indicator | None = None
    exact: bool = True  # matched a label or alias as written (not by words)


class HeaderMatcher:
    """What a header path names, from the catalogue's labels and aliases and the vocabulary."""

    def __init__(self, catalogue: Catalogue, vocabulary: Vocabulary, years: frozenset[int] = frozenset()) -> None:
        self.catalogue = catalogue
        self.vocabulary = vocabulary
        self.years = years  # the period's: a header naming another year is another period's column
        self._counts: list[tuple[frozenset[str], Indicator]] = []
        self._rates: list[tuple[frozenset[str], Indicator]] = []
        self._blocks: dict[str, set[str]] = {}
        self._tokens: dict[str, frozenset[str]] = {}
        for ind in catalogue.indicators:
            texts = [ind.label, *ind.aliases]
            if ind.kind == "ratio" and len(ind.numerator) == 1:
                num = catalogue.by_key[ind.numerator[0]]
                texts += [num.label, *num.aliases]
            target = self._rates if ind.kind == "ratio" else self._counts
            self._blocks[ind.key] = set().union(*(vocabulary.blocking(t) for t in texts))
            self._tokens[ind.key] = frozenset().union(*(vocabulary.tokens(t) for t in texts))
            for t in texts:
                tokens = vocabulary.tokens(t)
                if tokens:
                    target.append((tokens, ind))
        self._cache: dict[tuple[tuple[str, ...], tuple[int, ...]], ColumnMatch] = {}

    def match(self, path: tuple[str, ...], groups: tuple[int, ...] = ()) -> ColumnMatch:
        """What the column under ``path`` (its header cells, top first) holds; ``groups`` are the
        positions in the path of cells merged over several columns (a group never heads a unit column)."""
        key = (path, groups)
        if key not in self._cache:
            self._cache[key] = self._match(*self._without_money_unit(path, groups))
        return self._cache[key]

    def _without_money_unit(self, path: tuple[str, ...], groups: tuple[int, ...]
                            ) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The path without the money unit an amount's header gives ("Số tiền huy động (triệu đồng)", or
        "Triệu đồng" under "Số tiền huy động"): the reader takes the unit from there, the match the words."""
        units = self.vocabulary.amount_units
        if not units or not any("(" in t or len(t) < 16 for t in path):
            return path, groups
        kept = [(i, strip_unit(t, units)) for i, t in enumerate(path)
                if len(path) == 1 or unit_of(t, units) is None]
        if len(kept) == len(path) and all(t == path[i] for i, t in kept):
            return path, groups
        if not kept:
            return path, groups
        new_groups = tuple(j for j, (i, _) in enumerate(kept) if i in groups)
        return tuple(t for _, t in kept), new_groups

    def _blocks_of(self, path: tuple[str, ...]) -> set[str] | None:
        """The phrases of ``path`` that change what is counted ("chưa", "cùng kỳ", "kết nạp", "đảng viên"
        over ratings…); None when it names another year than the period's (no indicator then fits)."""
        words = {w for t in path for w in self.vocabulary.words(t)}
        years = {int(w) for w in words if w.isdigit() and len(w) == 4 and 1945 <= int(w) <= 2100}
        if years and not years <= self.years:
            return None
        return set().union(*(self.vocabulary.blocking(t) for t in path))

    def _allowed(self, ind: Indicator, blocks: set[str] | None) -> bool:
        """An indicator fits a header whose phrases (``_blocks_of``) its own label has too."""
        return blocks is not None and blocks <= self._blocks[ind.key]

    def _match(self, path: tuple[str, ...], groups: tuple[int, ...] = ()) -> ColumnMatch:
        unit = _unit_kind(path[-1], len(path)) if len(path) - 1 not in groups else ""
        voc = self.vocabulary
        blocks = self._blocks_of(path)
        if unit:
            # "Chi bộ" heads a count column beside a table's name column: say what else it could be
            alt = self._by_words(path, False)
            return ColumnMatch(unit, alt if alt is not None and self._allowed(alt, blocks) else None)
        leaf = path[-1]
        rate = voc.is_rate(leaf) or (len(path) > 1 and voc.is_rate(path[-2]) and not voc.tokens(leaf)
                                     and "lượng" not in voc.words(leaf))
        # "Cán bộ chủ chốt › Tổng số" is all the key cadres, whatever group stands above
        tries = [path[:-1][-1:]] if len(path) > 1 and match_key(leaf) in TOTAL_WORDS and not rate else []
        tries += [path[-n:] for n in range(len(path), 0, -1)]
        for part in tries:
            ind = self.catalogue.lookup_header(" ".join(part))
            exact = ind is not None and (ind.kind == "ratio") == rate
            if not exact:
                ind = self._by_words(part, rate)
            if ind is None or not self._allowed(ind, blocks):
                continue
            # a group left out of the match that says more than the indicator: read, but say how
            dropped = frozenset().union(*(voc.tokens(t) for t in path[:len(path) - len(part)]))
            exact = exact and dropped <= self._tokens[ind.key]
            return ColumnMatch("rate" if rate else "indicator", ind, exact=exact)
        if rate:
            return ColumnMatch("rate")
        top = _unit_kind(path[0], 1) if 0 not in groups else ""  # a merged "Tên đơn vị" over an odd sub-cell
        if top and top != "measure":
            return ColumnMatch(top)
        return ColumnMatch("")

    def _by_words(self, path: tuple[str, ...], rate: bool) -> Indicator | None:
        """The indicator whose label's words hold all the words of the column's own cell and most of
        its groups' — one clear winner, or none."""
        voc = self.vocabulary
        required: frozenset[str] = frozenset()
        for text in reversed(path):  # "Tổng số", "SL" say nothing: the group above names the column
            required = voc.tokens(text)
            if required:
                break
        if not required:
            return None
        words = frozenset().union(*(voc.tokens(t) for t in path))
        blocks = self._blocks_of(path)
        best: dict[str, tuple[float, Indicator]] = {}
        for tokens, ind in (self._rates if rate else self._counts):
            if not required <= tokens or not self._allowed(ind, blocks):
                continue
            score = len(words & tokens) / len(words | tokens)
            if score > best.get(ind.key, (-1.0, ind))[0]:
                best[ind.key] = (score, ind)
        ranked = sorted(best.values(), key=lambda x: -x[0])
        if not ranked:
            return None
        top = ranked[0][0]
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        if (top == 1.0 and second < 1.0) or (top >= 0.6 and top - second >= 0.2):
            return ranked[0][1]
        return None

    def hints(self, path: tuple[str, ...]) -> tuple[str, ...]:
        """The closest indicators' labels, for "did you mean" (asked only for a column left unread)."""
        words = frozenset().union(*(self.vocabulary.tokens(t) for t in path))
        if not words:
            return ()
        scores: dict[str, float] = {}
        labels: dict[str, str] = {}
        for tokens, ind in self._counts:
            s = len(words & tokens) / len(words | tokens)
            if s > scores.get(ind.key, 0.0):
                scores[ind.key], labels[ind.key] = s, ind.label
        ranked = sorted((k for k in scores if scores[k] >= 0.25), key=lambda k: -scores[k])[:2]
        return tuple(labels[k] for k in ranked)


def _unit_kind(text: str, depth: int) -> str:
    """code, name, stt or measure when ``text`` heads such a column (an STT column has no group)."""
    key = match_key(text)
    if key in CODE_HEADERS:
        return "code"
    if key in NAME_HEADERS:
        return "name"
    if key in MEASURE_HEADERS:
        return "measure"
    if key in STT_HEADERS and depth == 1:
        return "stt"
    return ""


@dataclass
class Header:
    """One table's header: rows ``first_row``..``row`` (grid indices) over columns ``lo``..``hi - 1``."""

    row: int  # last header row
    first_row: int
    lo: int
    hi: int
    code_col: int | None = None
    name_col: int | None = None
    stt_col: int | None = None
    measure_cols: list[int] = field(default_factory=list)
    indicators: dict[int, Indicator] = field(default_factory=dict)
    inexact: set[int] = field(default_factory=set)  # columns matched by words, not as written
    rates: dict[int, Indicator | None] = field(default_factory=dict)
    unknown: dict[int, ColumnMatch] = field(default_factory=dict)
    paths: dict[int, tuple[str, ...]] = field(default_factory=dict)  # each column's header cells, top first
    texts: dict[int, str] = field(default_factory=dict)

    @property
    def unit_col(self) -> int | None:
        return self.code_col if self.code_col is not None else self.name_col

    def is_table(self) -> bool:
        return self.unit_col is not None and bool(self.indicators)


def merged_fill(grid: Grid, first: int, last: int) -> dict[tuple[int, int], Any]:
    """Cells of rows ``first``..``last`` covered by a merged range take the range's top-left value."""
    fill: dict[tuple[int, int], Any] = {}
    for (r1, c1), (r2, c2) in grid.merged:
        if r1 > last or r2 < first or (min(r2, last) - max(r1, first) + 1) * (c2 - c1 + 1) > 2000:
            continue
        v = grid.value(r1, c1)
        for r in range(max(r1, first), min(r2, last) + 1):
            for c in range(c1, c2 + 1):
                fill[(r, c)] = v
    return fill


def find_headers(grid: Grid, matcher: HeaderMatcher, start: int) -> list[Header]:
    """The header found from row ``start`` on (within HEADER_SCAN_ROWS rows) with the most indicator
    columns, split into side-by-side tables: a unit column after the indicator columns of a table that
    has its unit column starts a new one."""
    n = len(grid.rows)
    limit = min(n, start + HEADER_SCAN_ROWS)
    if start >= limit:
        return []
    last = min(n - 1, limit + MAX_HEADER_ROWS)
    fill = merged_fill(grid, start, last)
    grouped = {(r, c) for (r1, c1), (r2, c2) in grid.merged if c2 > c1 and r1 <= last and r2 >= start
               for r in range(max(r1, start), min(r2, last) + 1) for c in range(c1, c2 + 1)}
    texts: dict[int, dict[int, str]] = {}
    for r in range(start, last + 1):
        row = grid.rows[r]
        out: dict[int, str] = {}
        for c in range(len(row)):
            v = fill.get((r, c), row[c])
            if isinstance(v, str) and match_key(v):
                out[c] = clean(v)
        for (rr, c), v in fill.items():
            if rr == r and c not in out and isinstance(v, str) and match_key(v):
                out[c] = clean(v)
        texts[r] = out

    def headers_at(r: int, depth: int, lo: int, hi: int) -> list[Header]:
        rows = range(r, r + depth)
        matches: dict[int, tuple[ColumnMatch, tuple[str, ...]]] = {}
        for c in sorted({c for rr in rows for c in texts[rr] if lo <= c < hi}):
            path: list[str] = []
            groups: list[int] = []
            for rr in rows:
                t = texts[rr].get(c)
                if t is not None and (not path or path[-1] != t):
                    if (rr, c) in grouped:
                        groups.append(len(path))
                    path.append(t)
            if path:
                matches[c] = (matcher.match(tuple(path), tuple(groups)), tuple(path))
        return _segments(matches, r, r + depth - 1)

    def rank(headers: list[Header], depth: int) -> tuple[int, int, int]:
        tables = [h for h in headers if h.is_table()]
        exact = sum(1 for h in tables for c, ind in h.indicators.items() if grid.value(h.row, c) == ind.key)
        return sum(len({i.key for i in h.indicators.values()}) for h in tables), exact, -depth

    best: tuple[tuple[int, int, int], list[Header]] | None = None
    window = limit
    width = max((len(grid.rows[r]) for r in range(start, last + 1)), default=0)
    for r in range(start, limit):
        if r >= window:
            break
        if not texts[r] or _has_figures(grid.rows[r], 0, width):
            continue
        # tables side by side may have headers of different heights: each segment takes its own
        found: list[Header] = []
        for seg in headers_at(r, 1, 0, width):
            options: list[tuple[tuple[int, int, int], list[Header]]] = []
            for depth in range(1, MAX_HEADER_ROWS + 1):
                low = r + depth - 1
                if low > last or (depth > 1 and (not any(seg.lo <= c < seg.hi for c in texts[low])
                                                 or _has_figures(grid.rows[low], seg.lo, seg.hi))):
                    break
                hs = headers_at(r, depth, seg.lo, seg.hi)
                options.append((rank(hs, depth), hs))
            # a header is as tall as its rows of labels: a row of labels left under a shorter reading
            # ("Xếp loại đảng viên" over "HTXS") would be read as data, and its group's words lost
            natural = _natural_depth(grid, texts, r, seg, last)
            tall = [o for o in options if -o[0][2] == natural and any(h.is_table() for h in o[1])]
            found.extend((tall[0] if tall else max(options, key=lambda o: o[0]))[1])
        if not any(h.is_table() for h in found):
            continue
        total = (sum(rank([h], 0)[0] for h in found), sum(rank([h], 0)[1] for h in found),
                 -max(h.row - h.first_row for h in found))
        if best is None or total > best[0]:
            best = (total, found)
        # the first table of the sheet: a header starts within a few rows of the first row that makes
        # one (a taller table further down is the next table, read after this one)
        window = min(window, r + MAX_HEADER_ROWS)
    return best[1] if best else []


def _natural_depth(grid: Grid, texts: dict[int, dict[int, str]], r: int, seg: Header, last: int) -> int:
    """How many rows the header starting at ``r`` spans over ``seg``'s columns: it goes on while the
    next row holds labels outside the unit columns and no figures (a unit-of-measure row ends it)."""
    units = {c for c in (seg.code_col, seg.name_col, seg.stt_col, *seg.measure_cols) if c is not None}
    depth = 1
    while depth < MAX_HEADER_ROWS and r + depth <= last:
        row = r + depth
        labels = [t for c, t in texts[row].items() if seg.lo <= c < seg.hi and c not in units and not is_numeric(t)
                  and not _INDEX_CELL.match(t.replace(" ", ""))]
        if not labels or _has_figures(grid.rows[row], seg.lo, seg.hi) or is_index_row(
                grid.rows[row], seg.lo, seg.hi, seg.name_col) or all(
                match_key(t) in MEASURE_WORDS or match_key(t) in MEASURE_HEADERS for t in labels):
            break
        depth += 1
    return depth


def _has_figures(row: list[Any], lo: int, hi: int) -> bool:
    """A row with numbers other than years (within columns lo..hi-1) is data, not a header row."""
    return any((type(v) is float or type(v) is int) and not (1945 <= v <= 2100 and float(v).is_integer())
               for v in row[lo:hi])


def _segments(matches: dict[int, tuple[ColumnMatch, tuple[str, ...]]], first: int, last: int) -> list[Header]:
    headers: list[Header] = []
    current: Header | None = None
    data_since_unit = False
    for c in sorted(matches):
        m, path = matches[c]
        has_unit = current is not None and current.unit_col is not None
        repeated = current is not None and m.kind in ("code", "name", "stt") and getattr(current, f"{m.kind}_col") is not None
        if repeated and m.indicator is not None:  # "Tên đơn vị | Đảng viên | Chi bộ": a count of cells
            m = ColumnMatch("indicator", m.indicator, exact=False)
        if current is None or (m.kind in ("code", "name", "stt") and has_unit and data_since_unit):
            current = Header(last, first, c, c + 1)
            headers.append(current)
            data_since_unit = False
        current.hi = c + 1
        current.texts[c] = " › ".join(path)
        current.paths[c] = path
        if m.kind in ("code", "name", "stt"):
            if getattr(current, f"{m.kind}_col") is None:
                setattr(current, f"{m.kind}_col", c)
                data_since_unit = False
            else:
                current.unknown[c] = m
        elif m.kind == "measure":
            current.measure_cols.append(c)
        elif m.kind == "indicator" and m.indicator is not None:
            current.indicators[c] = m.indicator
            if not m.exact:
                current.inexact.add(c)
            data_since_unit = True
        elif m.kind == "rate":
            current.rates[c] = m.indicator
            data_since_unit = True
        else:
            current.unknown[c] = m
    for a, b in zip(headers, headers[1:]):  # a side-by-side table reaches the next one's first column
        a.hi = b.lo
    return headers


def is_index_row(row: list[Any], lo: int, hi: int, name_col: int | None = None) -> bool:
    """The column-number row under a header ("1 | 2 | 3 (=4+5) | 4", "(1) (2) (3)", "A | B | 1 | 2"): at
    least three filled cells (two if one is in the name column), the numbered ones numbered by their
    column from the first (so a data row such as "01 | 60" is not one)."""
    filled = [(c, row[c]) for c in range(lo, min(hi, len(row))) if not is_blank(row[c])]
    # two cells do when one stands in the name column (a unit's name is never a number)
    named = name_col is not None and any(c == name_col for c, _ in filled)
    if len(filled) < (2 if named else 3):
        return False
    first_col: int | None = None
    first_number = 0
    for c, v in filled:
        text = code_text(v)
        if _INDEX_LETTER.match(text):
            continue
        m = re.match(r"\(?(\d+)", text)
        if not _INDEX_CELL.match(text.replace(" ", "")) or m is None:
            return False
        number = int(m.group(1))
        if first_col is None:
            first_col, first_number = c, number
        elif number - first_number != c - first_col:
            return False
    return first_col is not None and first_number <= 3

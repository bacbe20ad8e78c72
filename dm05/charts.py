"""Charts for the report, drawn with matplotlib: readable printed in black and white (grey tones and
hatching, not colour), in a font with Vietnamese letters, and byte-identical for the same figures."""

from __future__ import annotations

import io
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from dm05.aggregate import Aggregate
from dm05.reportspec import Chart as ChartSpec
from dm05.vnformat import amount, pct

if TYPE_CHECKING:  # matplotlib itself is imported when a chart is drawn, after its backend is chosen
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FONT = ["Liberation Serif", "Times New Roman", "DejaVu Serif", "DejaVu Sans"]


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str


def _short(name: str) -> str:
    """Axis labels: "Đảng bộ xã Tân Lập" → "Tân Lập"; sector committees keep their distinguishing words."""
    for prefix in ("Đảng bộ xã ", "Đảng bộ phường ", "Đảng bộ đặc khu ", "Đảng bộ thị trấn ", "Đảng bộ ", "Chi bộ "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _figure(width_mm: float, height_mm: float) -> tuple[ModuleType, Figure, Axes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "serif", "font.serif": FONT, "font.size": 8, "axes.edgecolor": "black",
                         "hatch.linewidth": 0.6, "svg.hashsalt": "dm05"})
    fig, ax = plt.subplots(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=200)
    return plt, fig, ax


def _png(plt: ModuleType, fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


# Fills of a chart's series, in order: grey tones and hatching that print in black and white.
FILLS = [("0.45", ""), ("white", "///"), ("0.8", ""), ("white", "..")]


def _bars(agg: Aggregate, series: list[tuple[str, str, str, str]], title: str, percent: bool,
          width_mm: float, height_mm: float, unit: int = 1) -> bytes | None:
    """Grouped vertical bars, one group per direct sub-unit; ``series``: (key, legend, grey, hatch).
    Rates: the axis runs from 0 to 100 % (never a truncated axis that exaggerates differences), and each
    whole-committee rate is a horizontal line named in the legend. Amounts are drawn in ``unit`` (đồng of
    one: a million for triệu đồng). A unit with no figure gets an "x" at the foot of its bar; a unit whose
    figure leaves out some of its base units is starred."""
    tree = agg.tree
    units = tree.children.get(tree.root, [])
    if not units or all(agg.value(u, key) is None for u in units for key, *_ in series):
        return None
    plt, fig, ax = _figure(width_mm, height_mm)
    n, many = len(series), len(units)
    width = 0.8 / n
    lines = ["--", ":", "-."]
    small = 6 if many > 30 else 7 if many > 12 else 8
    missing = partial = False
    for s, (key, legend, grey, hatch) in enumerate(series):
        values = [agg.value(u, key) for u in units]
        heights = [(v or 0) * 100 if percent else (v or 0) / unit for v in values]
        xs = [i + (s - (n - 1) / 2) * width for i in range(many)]
        ax.bar(xs, heights, width, label=legend, color=grey, edgecolor="black", linewidth=0.4, hatch=hatch)
        for x, v in zip(xs, values):
            if v is None:
                missing = True
                ax.annotate("x", (x, 0), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                            fontsize=small)
        partial = partial or any(agg.partial(u, key) for u, v in zip(units, values) if v is not None)
        if many <= 12:  # few units: the figure on each bar
            for x, h, v in zip(xs, heights, values):
                if v is not None:
                    shown = pct(v, 1) if percent else amount(v, unit) if unit > 1 else f"{h:,.0f}".replace(",", ".")
                    ax.annotate(shown, (x, h), xytext=(0, 2),
                                textcoords="offset points", ha="center", va="bottom", fontsize=small - 1)
        whole = agg.value(tree.root, key)
        if percent and whole is not None:
            ax.axhline(whole * 100, color="black", linestyle=lines[s % len(lines)], linewidth=0.9,
                       label=f"{legend} — toàn đảng bộ: {pct(whole, 1)}")
    if percent:
        ax.set_ylim(0, 109 if many <= 12 else 102)
        ax.set_yticks(range(0, 101, 10))
        ax.yaxis.set_major_formatter(lambda y, _: f"{y:.0f}%")
    else:
        top = ax.get_ylim()[1]
        ax.set_ylim(0, top * (1.08 if many <= 12 else 1.0))
        ax.yaxis.set_major_formatter(lambda y, _: f"{y:,.0f}".replace(",", "."))  # 1.400, as Vietnamese group
    starred = {u for u in units if any(agg.value(u, k) is not None and agg.partial(u, k) for k, *_ in series)}
    labels = [_short(tree[u].name) + ("*" if u in starred else "") for u in units]
    rotation = 0 if many <= 8 else 45 if many <= 20 else 90
    ax.set_xticks(range(many))
    ax.set_xticklabels(labels, rotation=rotation, fontsize=small, ha="right" if rotation == 45 else "center",
                       rotation_mode="anchor" if rotation == 45 else "default")
    ax.set_xlim(-0.6, many - 0.4)
    ax.set_title(title, fontsize=9, fontweight="bold", pad=8)
    ax.grid(axis="y", color="0.85", linewidth=0.5)
    ax.set_axisbelow(True)
    handles, names = ax.get_legend_handles_labels()
    ax.legend(handles, names, fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.02 - (
        0.25 if rotation == 90 else 0.14 if rotation == 45 else 0.06)), ncol=min(len(names), 2))
    notes = ([("x: chưa có số liệu")] if missing else []) + (["*: số liệu chưa đủ các đơn vị cơ sở"] if partial else [])
    if notes:
        fig.text(0.99, 0.01, ";  ".join(notes), ha="right", va="bottom", fontsize=6, style="italic")
    return _png(plt, fig)


def report_charts(agg: Aggregate, specs: list[ChartSpec], money: dict[str, int] | None = None,
                  width_mm: float = 245, height_mm: float = 120) -> list[Chart]:
    """One chart per entry of the report's data (``[[charts.items]]``) that has a figure to draw, numbered
    in the order drawn ("Biểu đồ 1. …"); ``money``: the đồng of the table unit of each amount."""
    money = money or {}
    charts: list[Chart] = []
    for spec in specs:
        kinds = {agg.catalogue.by_key[s.key].kind for s in spec.series}
        percent = kinds == {"ratio"}
        unit = max((money.get(s.key, 1) for s in spec.series), default=1)
        series = [(s.key, s.legend or agg.catalogue.by_key[s.key].label, *FILLS[i % len(FILLS)])
                  for i, s in enumerate(spec.series)]
        title = spec.title
        if "amount" in kinds:
            unit_name = agg.catalogue.by_key[spec.series[0].key].table_unit
            title += f" ({unit_name})"
        png = _bars(agg, series, title, percent, width_mm, height_mm, unit)
        if png is not None:
            caption = f"Biểu đồ {len(charts) + 1}. {spec.caption}" + (" (đường ngang: toàn đảng bộ)" if percent else "")
            charts.append(Chart(png, caption))
    return charts

"""Charts for the report, drawn with matplotlib: readable printed in black and white (grey tones and
hatching, not colour), in a font with Vietnamese letters, and byte-identical for the same figures."""

from __future__ import annotations

import io
from dataclasses import dataclass

from dm05.aggregate import Aggregate
from dm05.vnformat import pct

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


def _figure(width_mm: float, height_mm: float):  # noqa: ANN202 - matplotlib types
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "serif", "font.serif": FONT, "font.size": 8, "axes.edgecolor": "black",
                         "hatch.linewidth": 0.6, "svg.hashsalt": "dm05"})
    fig, ax = plt.subplots(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=200)
    return plt, fig, ax


def _png(plt, fig) -> bytes:  # noqa: ANN001
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _bars(agg: Aggregate, series: list[tuple[str, str, str, str]], title: str, percent: bool,
          width_mm: float, height_mm: float) -> bytes | None:
    """Grouped vertical bars, one group per direct sub-unit; ``series``: (key, legend, grey, hatch)."""
    tree = agg.tree
    units = tree.children.get(tree.root, [])
    if not units or all(agg.value(u, key) is None for u in units for key, *_ in series):
        return None
    plt, fig, ax = _figure(width_mm, height_mm)
    n = len(series)
    width = 0.8 / n
    lines = ["--", ":"]
    lowest = 100.0
    for s, (key, legend, grey, hatch) in enumerate(series):
        values = [agg.value(u, key) for u in units]
        heights = [(v or 0) * (100 if percent else 1) for v in values]
        whole = agg.value(tree.root, key)
        if percent and whole is not None:
            legend += f" (toàn đảng bộ {pct(whole, 1)})"
            ax.axhline(whole * 100, color="black", linestyle=lines[s % 2], linewidth=0.8)
            lowest = min([lowest] + [h for h, v in zip(heights, values) if v is not None])
        xs = [i + (s - (n - 1) / 2) * width for i in range(len(units))]
        ax.bar(xs, heights, width, label=legend, color=grey, edgecolor="black", linewidth=0.4, hatch=hatch)
    if percent:
        ax.set_ylim(max(0, (lowest - 2) // 5 * 5), 100.5)
        ax.yaxis.set_major_formatter(lambda y, _: f"{y:.0f}%")
    ax.set_xticks(range(len(units)))
    ax.set_xticklabels([_short(tree[u].name) for u in units], rotation=90, fontsize=6)
    ax.set_xlim(-0.6, len(units) - 0.4)
    ax.set_title(title, fontsize=9, fontweight="bold", pad=22)
    ax.grid(axis="y", color="0.85", linewidth=0.5)
    ax.set_axisbelow(True)
    if n > 1:
        ax.legend(fontsize=7, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=n)
    return _png(plt, fig)


def report_charts(agg: Aggregate, width_mm: float = 245, height_mm: float = 120) -> list[Chart]:
    """Pledge and study rates, models built and replicated, and meeting rates per direct sub-unit."""
    specs = [
        ([("ti_le_dang_vien_dang_ky", "Đăng ký học tập và làm theo", "0.45", ""),
          ("ti_le_dang_vien_hoc_tap", "Tham gia học tập chuyên đề", "white", "///")],
         "Tỷ lệ đảng viên đăng ký làm theo và tham gia học tập chuyên đề", True,
         "Biểu đồ 1. Tỷ lệ đảng viên đăng ký học tập và làm theo, tham gia học tập chuyên đề (đường ngang: toàn đảng bộ)"),
        ([("mo_hinh_moi", "Xây dựng mới", "0.45", ""), ("mo_hinh_nhan_rong", "Nhân rộng", "white", "///")],
         "Số mô hình học tập và làm theo Bác", False,
         "Biểu đồ 2. Số mô hình học tập và làm theo Bác xây dựng mới và được nhân rộng"),
        ([("ti_le_chi_bo_sinh_hoat_du_12_ky", "Sinh hoạt định kỳ đủ 12 kỳ", "0.45", ""),
          ("ti_le_chi_bo_sinh_hoat_chuyen_de", "Sinh hoạt chuyên đề từ 4 kỳ", "white", "///")],
         "Tỷ lệ chi bộ sinh hoạt định kỳ, sinh hoạt chuyên đề", True,
         "Biểu đồ 3. Tỷ lệ chi bộ sinh hoạt định kỳ đủ 12 kỳ/năm và sinh hoạt chuyên đề từ 4 kỳ/năm trở lên"),
    ]
    charts = []
    for series, title, percent, caption in specs:
        png = _bars(agg, series, title, percent, width_mm, height_mm)
        if png is not None:
            charts.append(Chart(png, caption))
    return charts

"""Small charts as inline SVG (no script, no CDN): the HTML report stays one readable folder."""

from __future__ import annotations

from html import escape

_FONT = "font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;font-size:13px"


def hbar_chart(rows: list[tuple[str, float]], *, unit: str = "", max_value: float | None = None,
               width: int = 640, color: str = "#c0392b") -> str:
    """Horizontal bars: one row per label (pass rate by region, sites per problem type)."""
    if not rows:
        return '<p class="empty">无数据 / no data</p>'
    top = max_value if max_value is not None else max(v for _, v in rows) or 1.0
    label_w, bar_w, row_h = 170, width - 250, 26
    height = row_h * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" style="{_FONT}">']
    for i, (label, value) in enumerate(rows):
        y = 5 + i * row_h
        w = 0 if top <= 0 else max(1, round(bar_w * value / top))
        shown = f"{value:.1f}{unit}" if unit == "%" else f"{value:g}{unit}"
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="18" fill="{color}">'
                     f'<title>{escape(label)}: {shown}</title></rect>'
                     f'<text x="{label_w + w + 6}" y="{y + 17}">{shown}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(points: list[tuple[str, float]], *, width: int = 640, height: int = 220, unit: str = "%") -> str:
    """A trend line over periods (pass rate per period)."""
    if not points:
        return '<p class="empty">无数据 / no data</p>'
    left, right, top, bottom = 50, 40, 20, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    step = inner_w / max(1, len(points) - 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" style="{_FONT}">']
    for tick in (0, 50, 100):
        y = top + inner_h * (1 - tick / 100)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}{unit}</text>')
    coords = []
    for i, (label, value) in enumerate(points):
        x = left + (step * i if len(points) > 1 else inner_w / 2)
        y = top + inner_h * (1 - value / 100)
        coords.append((x, y))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2c6fbb"><title>{escape(label)}: '
                     f'{value:.1f}{unit}</title></circle>'
                     f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">{value:.1f}</text>'
                     f'<text x="{x:.1f}" y="{height - 15}" text-anchor="middle">{escape(label)}</text>')
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.insert(1, f'<polyline points="{path}" fill="none" stroke="#2c6fbb" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)

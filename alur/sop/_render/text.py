"""Text measurement and line wrapping for the chart.

Widths come from DejaVu Sans's own advance widths (``_widths``), the font the chart names first.
Browsers without it fall back to Verdana or Arial, which are no wider, so a line that fits here
fits there. Kerning is not applied and a small margin is added: estimates err on the wide side.
"""

from __future__ import annotations

from alur.sop._render._widths import BOLD, REGULAR

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
SAFETY = 1.04
"""Every measured width is widened by 4% so a rounding or hinting difference never overflows."""
UNKNOWN = 1000
"""Width of a character missing from the table: a full em, wider than any letter."""


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` set in DejaVu Sans at ``size`` (same unit as ``size``)."""
    table = BOLD if bold else REGULAR
    thousandths = sum(table.get(ch, UNKNOWN) for ch in text)
    return thousandths * size / 1000 * SAFETY


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width``: at spaces, and inside a word only
    when the word alone is wider than the line (after a '/' or '-' when it has one)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold=bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = _split_word(word, width, size, bold=bold)
        lines.extend(pieces[:-1])
        line = pieces[-1]
    if line:
        lines.append(line)
    return lines


def _split_word(word: str, width: float, size: float, *, bold: bool) -> list[str]:
    pieces: list[str] = []
    rest = word
    while text_width(rest, size, bold=bold) > width:
        cut = len(rest) - 1
        while cut > 1 and text_width(rest[:cut], size, bold=bold) > width:
            cut -= 1
        for mark in ("/", "-"):
            at = rest.rfind(mark, 1, cut)
            if at > 0:
                cut = at + 1
                break
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces

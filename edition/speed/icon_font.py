"""Font Awesome's fonts cut down to the icons the book's stylesheets can show.

The theme's stylesheet declares Font Awesome's three fonts (the solid one is 156 kB as WOFF2) with
`font-display: block`; a page that shows a single icon (the menu button, the search glass) downloads the
whole font at the browser's highest priority, competing on a phone with what the first paint needs. The
fonts are cut, with fontTools, from the theme's TrueType copies to the icons that the site's stylesheets
name (Font Awesome's icons sit in Unicode's private use area, written as `"\\f0c9"` or as the character
itself), saved as WOFF under a name carrying their digest, and the `@font-face` rules point at them.
Speed work (edition.speed): run by `theme_css`, whose cache holds the cut fonts too.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,6})\s?")
SOURCE = re.compile(r"src:[^;}]*url\(\.\./vendor/fontawesome/webfonts/(?P<font>[\w-]+)\.ttf\)[^;}]*")
WEBFONTS = "vendor/fontawesome/webfonts"


def private_use(codepoint: int) -> bool:
    return 0xE000 <= codepoint <= 0xF8FF


def icons_named(stylesheets: list[str]) -> set[int]:
    """The private-use code points written in the stylesheets, escaped or as characters."""
    found: set[int] = set()
    for css in stylesheets:
        found |= {int(code, 16) for code in ESCAPE.findall(css) if private_use(int(code, 16))}
        found |= {ord(char) for char in css if private_use(ord(char))}
    return found


def cut_font(ttf: Path, codepoints: set[int]) -> bytes:
    """The font with only the glyphs of `codepoints`, as WOFF; names and license kept."""
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = TTFont(ttf)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints & set(font.getBestCmap()))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def cut_icon_fonts(css: str, static: Path, other_stylesheets: list[str]) -> tuple[str, dict[str, bytes]]:
    """`css` with its @font-face rules pointing at cut fonts, and those fonts (path under `static` → WOFF)."""
    codepoints = icons_named([css, *other_stylesheets])
    fonts: dict[str, bytes] = {}

    def point_at_cut(match: re.Match[str]) -> str:
        font = match["font"]
        data = cut_font(static / WEBFONTS / f"{font}.ttf", codepoints)
        name = f"{font}.{hashlib.sha256(data).hexdigest()[:12]}.woff"
        fonts[f"{WEBFONTS}/{name}"] = data
        return f'src:url(../{WEBFONTS}/{name}) format("woff")'

    return SOURCE.sub(point_at_cut, css), fonts


def font_files(static: Path) -> list[Path]:
    """The theme's TrueType copies that the cut fonts are made from."""
    return sorted((static / WEBFONTS).glob("*.ttf"))


def write_fonts(static: Path, fonts: dict[str, bytes]) -> None:
    """Put the cut fonts in place and remove cut fonts of earlier builds that the stylesheet no longer names."""
    for old in (static / WEBFONTS).glob("*.*.woff"):
        if f"{WEBFONTS}/{old.name}" not in fonts:
            old.unlink()
    for name, data in fonts.items():
        path = static / name
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)

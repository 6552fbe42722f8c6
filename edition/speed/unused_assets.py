"""Each page loads only the other packages' stylesheets and scripts it uses.

Extensions add their assets to every page, whether or not the page holds what they style or drive; each
stylesheet blocks the first paint. An asset below is kept on a page only when the page's doctree (or, for
Thebe, the theme's page context) shows the thing it serves; every other asset is left alone:

- sphinx-design: `sphinx-design.min.css`, `design-tabs.js`, for its components (classes `sd-...`).
- sphinx-thebe: `sphinx-thebe.css`, `sphinx-thebe.js` and its inline configuration, for live code (the
  theme's Thebe launch button, or a `thebe-button` directive).
- myst-nb: its `mystnb.<hash>.css`, for notebook cells and outputs (nodes with `nb_element`).
- sphinx-copybutton: `copybutton.css`, `clipboard.min.js`, `copybutton.js`, and Sphinx's `pygments.css`,
  for code blocks (`literal_block`).
- sphinx-togglebutton: `togglebutton.css`, `togglebutton.js` and its inline settings, for elements with the
  classes its default selector looks for (`toggle`, `dropdown`); with another selector it stays everywhere.
- sphinx-exercise: `exercise.css`, for exercise and solution boxes.

Speed work, not a repair: every page works with all of them, it only loads less. (An asset added twice is
a repair, `edition.repairs.duplicate_assets`.) Runs after the other extensions' handlers and edits the
page's lists in place, as Sphinx expects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

Need = Callable[[Sphinx, dict, "nodes.document | None"], bool]
TOGGLE_SELECTOR = ".toggle, .admonition.dropdown"  # sphinx-togglebutton's default


def _classes(doctree: nodes.document | None) -> set[str]:
    if doctree is None:
        return set()
    return {name for node in doctree.findall(nodes.Element) for name in node.get("classes", [])}


def _has(doctree: nodes.document | None, condition: Callable[[nodes.Node], bool]) -> bool:
    return doctree is not None and any(True for _ in doctree.findall(condition))


def uses_design(app: Sphinx, context: dict, doctree: nodes.document | None) -> bool:
    return any(name.startswith("sd-") for name in _classes(doctree))


def uses_thebe(app: Sphinx, context: dict, doctree: nodes.document | None) -> bool:
    return bool(context.get("use_thebe")) or _has(doctree, lambda n: type(n).__name__ == "ThebeButtonNode")


def has_notebook_content(app: Sphinx, context: dict, doctree: nodes.document | None) -> bool:
    return _has(doctree, lambda n: isinstance(n, nodes.Element) and "nb_element" in n.attributes)


def has_code(app: Sphinx, context: dict, doctree: nodes.document | None) -> bool:
    return _has(doctree, nodes.literal_block)


def has_toggles(app: Sphinx, context: dict, doctree: nodes.document | None) -> bool:
    if getattr(app.config, "togglebutton_selector", TOGGLE_SELECTOR) != TOGGLE_SELECTOR:
        return True
    return bool({"toggle", "dropdown"} & _classes(doctree))


def has_exercises(app: Sphinx, context: dict, doctree: nodes.document | None) -> bool:
    return _has(doctree, lambda n: type(n).__module__.startswith("sphinx_exercise"))


@dataclass(frozen=True)
class PageAssets:
    """The assets one package adds to every page, and the test for the pages that need them."""

    package: str
    needed: Need
    files: tuple[str, ...] = ()
    file_prefixes: tuple[str, ...] = ()
    inline_prefixes: tuple[str, ...] = field(default=())

    def covers(self, name: str, body: str) -> bool:
        base = name.rsplit("/", 1)[-1]
        if name:
            return base in self.files or any(base.startswith(p) for p in self.file_prefixes)
        return any(body.startswith(p) for p in self.inline_prefixes)


PAGE_ASSETS = (
    PageAssets("sphinx-design", uses_design, files=("sphinx-design.min.css", "design-tabs.js")),
    PageAssets(
        "sphinx-thebe",
        uses_thebe,
        files=("sphinx-thebe.css", "sphinx-thebe.js"),
        inline_prefixes=("const THEBE_JS_URL",),
    ),
    PageAssets("myst-nb", has_notebook_content, file_prefixes=("mystnb.",)),
    PageAssets("sphinx-copybutton", has_code, files=("copybutton.css", "clipboard.min.js", "copybutton.js")),
    PageAssets("pygments", has_code, files=("pygments.css",)),
    PageAssets(
        "sphinx-togglebutton",
        has_toggles,
        files=("togglebutton.css", "togglebutton.js"),
        inline_prefixes=("let toggleHint", "let toggleOpenOnPrint", "var togglebuttonSelector"),
    ),
    PageAssets("sphinx-exercise", has_exercises, files=("exercise.css",)),
)


def _names(asset: Any) -> tuple[str, str]:
    """An asset's file name (empty for an inline script) and its inline body."""
    return str(getattr(asset, "filename", asset) or ""), getattr(asset, "attributes", {}).get("body", "")


def trim_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    unneeded = [group for group in PAGE_ASSETS if not group.needed(app, context, doctree)]
    for key in ("script_files", "css_files"):
        if key not in context:
            continue
        context[key][:] = [
            asset for asset in context[key] if not any(group.covers(*_names(asset)) for group in unneeded)
        ]


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", trim_assets, priority=900)

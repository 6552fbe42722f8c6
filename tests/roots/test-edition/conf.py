# A three-turn record with tiny annotations: the edition extension tested without the whole book.
extensions = ["myst_parser", "sphinxcontrib.bibtex", "edition.sphinx", "edition.sphinx.publishing"]
myst_enable_extensions = ["colon_fence", "deflist"]
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
edition_seed = "seed.txt"
edition_context = "context"
exclude_patterns = ["_build"]
smartquotes = False
myst_footnote_transition = False
copyright = "2026"  # the turns' citations name the edition's year
edition_tei = ""  # the three-turn record has none of the corrections the TEI export declares
# A dict of this configuration's own: Sphinx's default would be changed in place by myst_parser and leak
# '.md': 'markdown' into later apps of the same test session (myst-nb books then find no parser for it).
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}

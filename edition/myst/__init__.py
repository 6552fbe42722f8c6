"""MyST Markdown written from the data: the edition page and the register pages. Knows nothing of Sphinx."""

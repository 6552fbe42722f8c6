"""The edition's data layer: the seed parsed into turns and gaps, the annotation files validated against one
schema, and the cross-checks between them. Nothing here knows of Sphinx, MyST or notebooks."""

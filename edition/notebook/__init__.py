"""What the notebooks use: the turns as a DataFrame, the one filter, widgets, analysis, tagging and export."""

"""Compare runs side by side: model (the runs and their summary, pure), live (their frames),
view (the page), strings."""

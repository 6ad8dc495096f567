"""Report: what was sent, to whom, when, what was done, how it happened; HTML, Markdown, CSV."""

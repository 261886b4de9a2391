"""The web page: the Gradio layout and its API (ui.py), the HTML it shows (render.py), a
conversation exported as Markdown (export.py), readers' feedback (feedback.py)."""

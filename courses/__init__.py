"""The course: its model, the loader of Markdown content, and the lesson renderer (pure Python)."""

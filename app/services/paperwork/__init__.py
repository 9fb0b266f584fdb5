"""The papers: DOCX from Word templates, PDF/A, stored versions."""

"""The claims map pipeline: text → claims → places → geometry → layers → store."""

__version__ = "0.1.0"

"""hoidap's indexing side: load, clean, chunk, embed and store news articles.

Importing this package loads no model and opens no database.
"""

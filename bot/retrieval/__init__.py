"""Finding the chunks a question is about: dense (e5) and BM25 search fused by rank
(hybrid.py), the BM25 index over Vietnamese tokens (lexical.py), and the LangChain retriever
adapter for people who compose their own chains.

Deliberately not here: reading the chunks (bot/answerers/).
"""

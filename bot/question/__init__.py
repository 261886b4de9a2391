"""What a question asks: its kind and constraints (analysis.py), what a number question
counts (counted.py), follow-ups resolved from the conversation (followup.py), two questions
asked as one (multipart.py).

Deliberately not here: any evidence. Nothing in this package reads an article.
"""

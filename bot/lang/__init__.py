"""Vietnamese that holds for any topic: figures with their units, dates and periods, people,
organisations and places, shorthand and typos, the glossary's general words.

Deliberately not here: knowledge of one corpus's topic (bot/data/domains/*.json, optional).
"""

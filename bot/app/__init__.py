"""The front ends over `bot.answer()`: the command line (cli.py), the web page (web/) and the
documents behind both (documents.py). They parse, call the core and format; errors become
user messages here and nowhere deeper.
"""

"""Where chunks, sentences and their vectors are kept: Chroma on disk (chroma.py) or a Chroma
server shared by several processes (chroma_server.py)."""

"""Running Q&A sets: which corpus a set is asked of, and (later) formats and metrics."""

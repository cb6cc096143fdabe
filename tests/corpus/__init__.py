"""The generated bad-input corpus (see build_corpus.py)."""

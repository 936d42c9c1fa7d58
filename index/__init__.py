"""index: make a collection of reports searchable, on disk.

The pipeline: ``chunks.make_chunks(report)`` -> ``segment.tokens(text)`` (jieba with the domain
dictionary) -> BM25 (bm25s) and embeddings (sentence-transformers) into FAISS -> ``store``
writes it all atomically under ``Settings.home``. ``open_collection()`` gives the ``Collection``
that ``qa`` asks: reports, facts, figures and hybrid ``search``.
"""

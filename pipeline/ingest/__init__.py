"""Files to documents: discover the corpus, decode, strip markup, remove boilerplate, read metadata; remember
unchanged files (`load_cache`). Every file becomes a document or a rejection with a reason.

May import only core and knowledge.
"""

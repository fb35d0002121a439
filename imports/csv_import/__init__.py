"""CSV imports: one module per kind of row (shots, assets, edits, casting, persons, estimations).

Each import reads the whole file, resolves every row against the project before writing, then
writes in bulk inside one transaction: a bad row is a 400 naming its line and nothing is kept.
"""

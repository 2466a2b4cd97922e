"""Reading an upload: file bytes in, a table of text columns out (`readers.read_table`).

readers reads CSV text in any common encoding and delimiter, and workbooks through workbooks (a
child process within a budget). Nothing here maps or types a value.
"""

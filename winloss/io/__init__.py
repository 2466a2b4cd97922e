"""Reading an upload: file bytes in, a table of text columns out (`readers.read_table`).

sniff (what kind of file it is) sends a workbook to excel, which reads its cells through
workbooks (a child process within a budget), and text to csv_file: encoding settles the
characters, csv_layout finds the delimiter, header and footer, csv_rows reads the rows.
csv_batches reads a large UTF-8 CSV in bounded memory the same way. table holds what they all
return (RawTable, FileRejected) and the cell rules they share. Nothing here maps or types a value.
"""

"""Enterprise import from .xlsx / .csv: parse → validate (preview) → confirm → all-or-nothing commit.

parse.py reads files (no database), validate.py decides create/update/reject per row (reads only),
services.py holds every write, tasks.py runs the commit in the background (django-tasks),
template.py builds the downloadable template and the errors workbook.
"""

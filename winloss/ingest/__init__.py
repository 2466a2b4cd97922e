"""From a text table to rows ready for the store: map, normalise, validate, quarantine.

mapping names each column's canonical field; values (dates, amounts, percentages), money (a
file's decimal mark and currencies), outcomes (stage words to won/lost/no decision/open) and
identity (which rows are one deal, which names one rep) are the rules normalise applies;
validation runs the Pandera models and words every failure; quarantine keeps the rejected rows
as a report. pipeline runs them all on one upload (prepare, then commit to the store);
templates and questionnaire are the hand-fill files whose headers the mapping knows.
"""

"""Which rows are the same deal, and which names the same rep.

CRMs write one record in several ways: a Salesforce id in 15 or 18 characters, a rep's name in
another case or with stray spaces, a deal once per product line, or no id at all. The rules here
make each of them one deal or one rep. Every rule is a Polars expression or runs once per
distinct value, so a million-row export pays for a few thousand values, not a million.
"""

from __future__ import annotations

import polars as pl

# ---- Salesforce ids ------------------------------------------------------------------------

# An Opportunity record id: key prefix 006, then 12 letters or digits (pod, reserved character
# and record number). Ids of other objects, HubSpot's numbers and ids other CRMs make up are not
# touched: only this shape is known to have an 18-character form.
SALESFORCE_15 = r"^006[0-9A-Za-z]{12}$"
_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def salesforce_18(ids: pl.Series) -> pl.Series:
    """`ids` with every 15-character Salesforce opportunity id in its 18-character form.

    Salesforce appends three characters to make an id case-insensitive: for each 5-character
    chunk, bit i is set when character i is an upper-case letter, and the 5-bit number picks a
    character of A-Z0-5. So "0065g00000AbCdE" and "0065g00000AbCdEAAV" are the same record. Other
    values (18-character ids, other objects' ids, other CRMs' ids) come back unchanged.
    """
    if not (ids.str.len_bytes() == 15).any():  # the usual case: skip the pattern match entirely
        return ids
    frame = pl.DataFrame({"id": ids})
    bits = pl.col("id").str.replace_all("[^A-Z]", "0").str.replace_all("[A-Z]", "1")
    chunks = [
        pl.lit(_SUFFIX_ALPHABET).str.slice(bits.str.slice(5 * k, 5).str.reverse().str.to_integer(base=2), 1)
        for k in range(3)
    ]
    full = pl.when(pl.col("id").str.contains(SALESFORCE_15)).then(pl.concat_str([pl.col("id"), *chunks])).otherwise("id")
    return frame.select(full.alias(ids.name)).to_series()


# ---- Rep names (and loss reasons) -------------------------------------------------------------
# Loss reasons are read by the same rule (winloss.deals): "No Decision" and "No decision" are one reason.

_SPACES = r"[\s\u00a0\u2007\u202f]+"  # ordinary, no-break, figure and narrow no-break spaces


def tidy_name(names: pl.Expr) -> pl.Expr:
    """A name (a rep's, a loss reason) with every run of spaces (no-break ones included) made one space, and trimmed."""
    return names.str.replace_all(_SPACES, " ").str.strip_chars()


def name_key(names: pl.Expr) -> pl.Expr:
    """What two spellings of one rep (or loss reason) share: the tidied name in lower case ("ANNA  KOVAC" -> "anna kovac")."""
    return tidy_name(names).str.to_lowercase()


def spellings(counts: pl.DataFrame, preferred: pl.Series | None = None) -> pl.DataFrame:
    """For each distinct name in `counts` (columns `name`, `n`: how often it occurs), the one spelling to show.

    Two names are one rep when they differ only in case or spacing. The spelling is `preferred`'s
    (a roster's) where it has one, else the most frequent; ties go to the spelling that sorts
    first, so the choice does not depend on row order. Returns columns `name`, `spelling`.
    """
    spelled = counts.drop_nulls("name").with_columns(key=name_key(pl.col("name")), tidy=tidy_name(pl.col("name")))
    chosen = (
        spelled.group_by("tidy", "key").agg(pl.col("n").sum())
        .sort(["key", "n", "tidy"], descending=[False, True, False])
        .unique("key", keep="first", maintain_order=True)
        .select("key", pl.col("tidy").alias("spelling"))
    )
    if preferred is not None and preferred.len():
        known = (
            pl.DataFrame({"spelling": preferred.cast(pl.String)}).drop_nulls()
            .select(name_key(pl.col("spelling")).alias("key"), tidy_name(pl.col("spelling")).alias("spelling"))
            .unique("key", keep="first", maintain_order=True)
        )
        chosen = known.vstack(chosen.join(known, on="key", how="anti"))
    return spelled.join(chosen, on="key").select("name", "spelling")


def one_spelling(names: pl.Series, preferred: pl.Series | None = None) -> pl.Series:
    """`names` with each rep (or loss reason) written one way (see `spellings`); the work is per distinct name.

    A column whose names are already one per rep comes back as it is, without a pass over its rows.
    """
    counts = names.drop_nulls().value_counts(name="n").rename({names.name: "name"})
    renamed = spellings(counts, preferred).filter(pl.col("name") != pl.col("spelling"))
    if renamed.height == 0:
        return names
    return names.replace(renamed.get_column("name"), renamed.get_column("spelling"))


def spelling_count(names: pl.Series) -> int:
    """How many of the distinct `names` are another spelling (case or spacing) of one of the others:
    the distinct names less the reps (or reasons) they are. 0 when none is."""
    distinct = names.drop_nulls().unique()
    return distinct.len() - pl.select(name_key(pl.lit(distinct)).n_unique()).item() if distinct.len() else 0


# ---- Deals written once per product line -----------------------------------------------------

PRODUCT_SEPARATOR = "; "


def product_lines(frame: pl.DataFrame, key: str = "opportunity_id", product: str = "product") -> tuple[pl.DataFrame, pl.DataFrame]:
    """(`frame` with each deal's product lines as one row, the lines folded away and the row that kept them).

    Rows that repeat a key with every other column identical (lines aside) are one deal written
    once per product, as "Opportunities with Products" reports do: the first row stays, with the
    distinct products joined by "; ", so its amount is counted once. A key whose rows differ in
    anything but the product is left as it is, for the duplicate check to quarantine. The second
    frame has columns `__line` (folded away) and `into` (the line that kept the deal).
    """
    empty = pl.DataFrame(schema={"__line": pl.Int64, "into": pl.Int64})
    repeated = frame.filter(pl.col(key).is_duplicated() & pl.col(key).is_not_null())
    if repeated.height == 0:
        return frame, empty
    deal_columns = [c for c in frame.columns if c not in ("__line", product)]
    shapes = repeated.unique(deal_columns).group_by(key).agg(pl.len().alias("shapes"))
    same = repeated.join(shapes.filter(pl.col("shapes") == 1).select(key), on=key, how="semi")
    if same.height == 0:
        return frame, empty
    has_product = product in frame.columns
    groups = same.group_by(key, maintain_order=True).agg(
        pl.col("__line").first().alias("into"),
        pl.col("__line").slice(1).alias("folded"),
        *([pl.col(product).drop_nulls().unique(maintain_order=True).str.join(PRODUCT_SEPARATOR).alias("products")] if has_product else []),
    )
    folded = groups.select(pl.col("folded").alias("__line"), "into").explode("__line").drop_nulls("__line")
    kept = frame.filter(~pl.col("__line").is_in(folded.get_column("__line").implode()))
    if has_product:
        products = groups.select(pl.col("into").alias("__line"), "products")
        kept = kept.join(products, on="__line", how="left", maintain_order="left").with_columns(
            pl.when(pl.col("products").is_not_null() & (pl.col("products") != ""))
            .then(pl.col("products"))
            .otherwise(pl.col(product))
            .alias(product)
        ).drop("products")
    return kept, folded.cast({"__line": pl.Int64, "into": pl.Int64})


# ---- Deals without an id ---------------------------------------------------------------------

NAME_KEY_SEPARATOR = " / "


def name_based_id(account: pl.Expr, opportunity_name: pl.Expr) -> pl.Expr:
    """The key of a deal an export gives no id: "Account / Opportunity name", null when either is blank.

    Spacing is tidied so a stray space in a later export does not make a new deal; case is kept,
    as a CRM keeps it from export to export.
    """
    return pl.concat_str([tidy_name(account), tidy_name(opportunity_name)], separator=NAME_KEY_SEPARATOR)


__all__ = [
    "SALESFORCE_15",
    "salesforce_18",
    "tidy_name",
    "name_key",
    "one_spelling",
    "spelling_count",
    "spellings",
    "product_lines",
    "name_based_id",
    "NAME_KEY_SEPARATOR",
    "PRODUCT_SEPARATOR",
]

"""The shapes of a deck's slide as a reader of the deck finds them: a group's shapes with the group (a chart drawn
with withheld stubs or rings is grouped with them, winloss.export.deck.with_its_marks)."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE_TYPE


def every_shape(shapes) -> list:
    """Each shape of `shapes` (a slide's or a group's, python-pptx) in the slide's order, each group followed by
    its own shapes, however deep. A grouped shape's place is the slide's: the deck's groups keep their
    shapes' places (their child space is the slide's)."""
    found = []
    for shape in shapes:
        found.append(shape)
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            found += every_shape(shape.shapes)
    return found

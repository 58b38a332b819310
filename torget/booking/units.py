"""The space hierarchy in booking terms: leaf units, and the spaces a booking touches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from torget.places.models import Space


class Hierarchy:
    """Parent/child links of some hubs' spaces, loaded in one query."""

    def __init__(self, hub_ids: set[int] | list[int] | None = None) -> None:
        self.parent: dict[int, int | None] = {}
        self.children: dict[int, list[int]] = defaultdict(list)
        if hub_ids is not None:
            pairs = (
                Space.objects.filter(hub_id__in=list(hub_ids))
                .order_by()
                .values_list("pk", "parent_id")
            )
            self._link(pairs)

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int | None]]) -> Hierarchy:
        """From (space id, parent id) pairs already at hand (the booking catalogue)."""
        hierarchy = cls()
        hierarchy._link(pairs)
        return hierarchy

    def _link(self, pairs: Iterable[tuple[int, int | None]]) -> None:
        for pk, parent_id in pairs:
            self.parent[pk] = parent_id
            if parent_id:
                self.children[parent_id].append(pk)

    def leaves(self, space_id: int) -> list[int]:
        """A space without parts is its own unit; a hall is all of its halves. Sorted, so that
        concurrent writers take the rows in the same order (no deadlock)."""
        result: list[int] = []
        stack = [space_id]
        while stack:
            current = stack.pop()
            kids = self.children.get(current)
            if kids:
                stack.extend(kids)
            else:
                result.append(current)
        return sorted(result)

    def ancestors(self, space_id: int) -> list[int]:
        result = []
        current = self.parent.get(space_id)
        while current:
            result.append(current)
            current = self.parent.get(current)
        return result

    def descendants(self, space_id: int) -> list[int]:
        result: list[int] = []
        stack = list(self.children.get(space_id, []))
        while stack:
            current = stack.pop()
            result.append(current)
            stack.extend(self.children.get(current, []))
        return result

    def related(self, space_id: int) -> list[int]:
        """The space, what contains it and what it contains: a block on any of these blocks it."""
        return [space_id, *self.ancestors(space_id), *self.descendants(space_id)]

"""What re-importing a track changes: levels and competencies added or removed, and the
expectation cells whose text differs. Pure functions over the core's Track."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Track


@dataclass(frozen=True)
class TrackChange:
    """The difference between a stored track and its new version (same id)."""

    old: Track
    new: Track
    levels_added: tuple[str, ...] = ()
    levels_removed: tuple[str, ...] = ()
    levels_changed: tuple[str, ...] = ()  # title or position changed
    competencies_added: tuple[str, ...] = ()
    competencies_removed: tuple[str, ...] = ()
    cells_changed: tuple[tuple[str, str], ...] = ()  # (competency id, level id)
    # Same id, new name: ratings follow the id (competency id, old name, new name).
    competencies_renamed: tuple[tuple[str, str, str], ...] = ()

    @property
    def changed(self) -> bool:
        """True when anything at all differs (names and descriptions included)."""
        return self.old != self.new

    def line(self) -> str:
        """One sentence for HR: 'Updated track X: 1 level added (staff); 3 cells changed.'"""
        parts: list[str] = []
        if self.old.name != self.new.name:
            parts.append(f"renamed from '{self.old.name}'")
        for count, what, ids in (
            (len(self.levels_added), "level added", self.levels_added),
            (len(self.levels_removed), "level removed", self.levels_removed),
            (len(self.levels_changed), "level retitled or moved", self.levels_changed),
            (len(self.competencies_added), "competency added", self.competencies_added),
            (len(self.competencies_removed), "competency removed", self.competencies_removed),
        ):
            if count:
                parts.append(f"{plural(count, what)} ({', '.join(ids)})")
        if self.competencies_renamed:
            renamed = ", ".join(f"{cid}: '{old}' -> '{new}'"
                                for cid, old, new in self.competencies_renamed)
            parts.append(f"{plural(len(self.competencies_renamed), 'competency renamed')} "
                         f"({renamed})")
        if self.cells_changed:
            parts.append(f"{plural(len(self.cells_changed), 'expectation')} changed")
        if self.old.description != self.new.description:
            parts.append("description changed")
        if not parts:  # only wording or order outside the cells differs
            parts.append("names, descriptions or order changed")
        return f"Updated track '{self.new.name}': {'; '.join(parts)}."


def plural(count: int, what: str) -> str:
    """'1 level added', '2 levels added', '3 competencies removed'."""
    noun, _, rest = what.partition(" ")
    if count != 1:
        noun = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun} {rest}".rstrip()


def diff_tracks(old: Track, new: Track) -> TrackChange:
    old_levels = {lv.id: lv for lv in old.levels}
    new_levels = {lv.id: lv for lv in new.levels}
    old_comps = {c.id: c for c in old.competencies}
    new_comps = {c.id: c for c in new.competencies}
    all_levels = list(new_levels) + [lid for lid in old_levels if lid not in new_levels]
    cells = tuple(
        (cid, lid)
        for cid in new_comps if cid in old_comps
        for lid in all_levels
        if old_comps[cid].expectations.get(lid, ()) != new_comps[cid].expectations.get(lid, ())
    )
    return TrackChange(
        old=old,
        new=new,
        levels_added=tuple(lid for lid in new_levels if lid not in old_levels),
        levels_removed=tuple(lid for lid in old_levels if lid not in new_levels),
        levels_changed=tuple(lid for lid, lv in new_levels.items()
                             if lid in old_levels and old_levels[lid] != lv),
        competencies_added=tuple(cid for cid in new_comps if cid not in old_comps),
        competencies_removed=tuple(cid for cid in old_comps if cid not in new_comps),
        cells_changed=cells,
        competencies_renamed=tuple((cid, old_comps[cid].name, c.name)
                                   for cid, c in new_comps.items()
                                   if cid in old_comps and old_comps[cid].name != c.name),
    )

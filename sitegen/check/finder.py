"""The finder's vocabulary and the tags that use it: the requirement and the organisation kinds
quote chapter 一's paragraph; ids once each; every activity an award's, a measure's or a role's
tag names exists, and every activity is some award's; applicants name known kinds in the words
of their clause; measures name known domains."""

from __future__ import annotations

from typing import Any

from .accounting import Words
from .context import Context, DataPath
from .phrases import phrase, words_phrase


def finder(ctx: Context) -> None:
    finder = ctx.data["finder"]
    requirement = finder["requirement"]
    paragraphs = {
        p["id"]: (("chapters", c, "paragraphs", i), p["zh"])
        for c, ch in enumerate(ctx.data["chapters"])
        for i, p in enumerate(ch.get("paragraphs") or ())
    }
    if requirement["paragraph"] not in paragraphs:
        ctx.add(
            ("finder", "requirement", "paragraph"),
            f"no chapter paragraph has id '{requirement['paragraph']}'; "
            f"paragraph ids: {', '.join(map(str, paragraphs))}",
        )
        return
    ppath, text = paragraphs[requirement["paragraph"]]
    if ppath + ("zh",) in ctx.found.unverified:
        return  # the paragraph is not the source's; its own problem says so
    within = f"paragraph '{requirement['paragraph']}'"
    phrase(ctx, ("finder", "requirement", "phrase"), requirement["phrase"], text, within)
    for list_name in ("organisations", "activities"):
        seen: set[str] = set()
        for i, item in enumerate(finder[list_name]):
            if item["id"] in seen:
                ctx.add(("finder", list_name, i, "id"), f"id '{item['id']}' appears twice")
            seen.add(item["id"])
            if list_name == "organisations":
                phrase(ctx, ("finder", list_name, i, "phrase"), item["phrase"], text, within)
    _roles(ctx, finder["roles"])
    _every_activity_used(ctx, finder["activities"])


def _roles(ctx: Context, roles: list[Any]) -> None:
    seen: set[str] = set()
    for i, role in enumerate(roles):
        if role["id"] in seen:
            ctx.add(("finder", "roles", i, "id"), f"id '{role['id']}' appears twice")
        seen.add(role["id"])
        known_activities(ctx, ("finder", "roles", i, "activities"), role["activities"])


def _every_activity_used(ctx: Context, activities: list[Any]) -> None:
    used = {
        tag
        for ch in ctx.data["chapters"]
        for m in ch.get("measures") or ()
        for a in m.get("awards") or ()
        for tag in a.get("activities") or ()
    }
    for i, activity in enumerate(activities):
        if activity["id"] not in used:
            ctx.add(
                ("finder", "activities", i, "id"),
                f"no award lists activity '{activity['id']}': tag an award with it or remove it",
            )


def known_activities(ctx: Context, path: DataPath, tags: Any) -> None:
    """Each tag at path is an id of finder.activities (for awards, measures and roles)."""
    known = [a["id"] for a in ctx.data["finder"]["activities"]]
    for i, tag in enumerate(tags):
        if tag not in known:
            ctx.add(
                path + (i,),
                f"unknown activity '{tag}'; finder.activities has: {', '.join(known)}",
            )


def award_tags(ctx: Context, words: Words, path: DataPath) -> None:
    """An award's activities, and who may apply in the words of its clause."""
    award = ctx.at(path)
    finder = ctx.data["finder"]
    known_activities(ctx, path + ("activities",), award["activities"])
    applicants = award.get("applicants")
    if applicants and not ctx.refused_within(path + ("applicants",)):
        kinds = [o["id"] for o in finder["organisations"]]
        for i, kind in enumerate(applicants["kinds"]):
            if kind not in kinds:
                ctx.add(
                    path + ("applicants", "kinds", i),
                    f"unknown organisation kind '{kind}'; "
                    f"finder.organisations has: {', '.join(kinds)}",
                )
        words_phrase(ctx, words, path + ("applicants", "phrase"))


def measure_tags(ctx: Context, path: DataPath, measure: dict[str, Any]) -> None:
    """A measure's domains are known; a measure with no award says which activities it
    concerns."""
    known = {d["id"] for d in ctx.data["domains"] if isinstance(d, dict)}
    for i, tag in enumerate(measure.get("domains") or ()):
        if isinstance(tag, str) and tag not in known:
            ctx.add(
                path + ("domains", i),
                f"unknown domain '{tag}'; known: {', '.join(sorted(map(str, known)))}",
            )
    ctx.guarded(_measure_activities, ctx, path, measure)


def _measure_activities(ctx: Context, path: DataPath, measure: dict[str, Any]) -> None:
    """A measure with no award says which activities it concerns, so the finder can list it
    as related; one with awards leaves that to its awards."""
    has_awards = bool(measure.get("awards"))
    if has_awards and "activities" in measure:
        ctx.add(
            path + ("activities",),
            "only a measure with no award lists activities; its awards list their own",
        )
    elif not has_awards and "activities" not in measure:
        ctx.add(
            path + ("number",),
            "a measure with no award needs `activities` (finder.activities ids, or [] for "
            "any), so the finder can list it as related",
        )
    known_activities(ctx, path + ("activities",), measure.get("activities") or ())

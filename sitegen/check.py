"""`python build.py check`: every problem in measures.yaml, each with its line, all at once.

Three layers: the file must be YAML (yamlsource, with bounds on what a hostile file can make it
do), must fit the JSON Schema (schema/), and must agree with the source text (the checks below
and in accounting and texts): the outline of chapters, measures and paragraphs, verbatim
Chinese, ids, figures against their phrases, every number of a clause accounted for, and the
free texts and translations against the figures of their clause.

A check of a value the schema refused is skipped, so one mistake gives one message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import jsonschema

from calculator import boundary

from . import accounting, applycheck, texts
from .figures import MAXIMUM_WORDS, agreement, chinese_numeral
from .outline import Outline, SourceChapter, SourceMeasure, outline
from .places import where_of
from .problems import Problem, SourceError
from .textfile import FileRefused, read_text
from .versioncheck import check_versions
from .yamlsource import Loaded, load

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schema" / "measures.schema.json"
DEFAULT_SOURCE = "sources/policy-draft.zh.txt"
MAX_PROBLEMS = 300  # a file with more is listed in part; fix these and check again

# Which input types each part of a rule may read.
_INPUT_TYPES = {
    "base": ("money",),
    "base:per_year": ("money_list",),
    "threshold:amount": ("money",),
    "threshold:percent": ("percent",),
    "threshold:value": ("number",),
    "unit": ("count",),
    "options": ("choice",),
}

# What each field of a rule is, to say why a kind does not take it.
_FIELD_KINDS = {
    "base": "rate and per_year",
    "rate": "rate and per_year",
    "cap": "rate, cap, tiered, per_unit and per_year",
    "amount": "fixed",
    "options": "rate, fixed and cap",
    "unit": "per_unit",
    "years": "per_year",
    "tiers": "tiered",
    "phrase": "case_by_case",
    "threshold": "every kind but case_by_case",
}


@dataclass
class Result:
    loaded: Loaded | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


# -- the schema --------------------------------------------------------------------------------


def _short(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _looks_numeric(value: Any) -> bool:
    if not isinstance(value, str) or len(value) >= 30:
        return False
    try:
        Decimal(value.replace(",", "").strip())
    except ArithmeticError:
        return False
    return True


def _type_message(
    error: jsonschema.ValidationError, path: tuple[Any, ...], quoted: bool = False
) -> str:
    want = error.validator_value
    value = error.instance
    if want in ("integer", "number") and _looks_numeric(value):
        if quoted:
            return f"must be a number, not the text '{value}': remove the quotes"
        return f"must be a number in plain digits, not '{value}' (YAML reads it as text)"
    if want == "integer" and isinstance(value, Decimal):
        if path[-1:] == ("amount",):
            return (
                f"must be whole yuan, not {_short(value)}: money is counted in whole yuan "
                "(1000万元 is 10000000)"
            )
        return f"must be a whole number, not {_short(value)}"
    if want == "integer":
        return f"must be a whole number, not {_short(value)}"
    if want == "number":
        return f"must be a number, not {_short(value)}"
    return f"must be {want}, not {_short(value)}"


def _schema_message(
    error: jsonschema.ValidationError, path: tuple[Any, ...], quoted: bool = False
) -> str:
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing field '{missing}'"
    if v == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in known)
        return f"unknown field {', '.join(repr(e) for e in extra)} (a typo?)"
    if v == "type":
        return _type_message(error, path, quoted)
    if v == "enum":
        return f"must be one of {', '.join(map(str, error.validator_value))}, not {_short(error.instance)}"
    if v == "pattern" and path == ("document", "source", "checked"):
        return f"{_short(error.instance)} is not a date written YYYY-MM-DD"
    if v == "pattern" and path == ("document", "source", "file"):
        return (
            f"{_short(error.instance)} must name a .txt file under sources/ in this repository; "
            "the text cannot be held against the source until it does"
        )
    if v == "pattern":
        return f"{_short(error.instance)} does not have the expected form"
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return f"{_short(error.instance)} is out of range ({v} {error.validator_value})"
    if v in ("anyOf", "oneOf") and error.schema.get("anyOf"):
        needs = [next(iter(s.get("required", ["?"]))) for s in error.validator_value]
        return f"needs one of: {', '.join(needs)}"
    if v == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if v == "uniqueItems":
        return "lists the same item twice"
    if v == "minLength":
        return (
            "is empty" if not error.instance.strip() else f"is too short: {_short(error.instance)}"
        )
    if v == "maxLength":
        return (
            f"is too long ({len(error.instance):,} characters; at most {error.validator_value:,})"
        )
    if v in ("minProperties", "maxProperties"):
        return "needs input, phrase and exactly one of amount, percent or value"
    return error.message if len(error.message) < 160 else error.message[:157] + "..."


def _property_name_problem(
    loaded: Loaded, error: jsonschema.ValidationError, path: tuple[Any, ...]
) -> tuple[tuple[Any, ...], str] | None:
    """A key the schema refused by its name: an input name, or a field a rule's kind lacks."""
    key = error.instance
    container = loaded.data
    for step in path:
        container = container[step]
    if path[:1] == ("inputs",) and len(path) == 1:
        return path + (key,), (
            f"the input name '{key}' must be a word of lower-case letters and _, starting with a "
            "letter (such as 'sales')"
        )
    if path[-1:] == ("rule",) or "kind" in container:
        known = {"kind", *_FIELD_KINDS}
        if key not in known:  # reported as an unknown field already
            return None
        kind = container.get("kind")
        return path + (key,), (
            f"a {kind} rule takes no {key} ({key} belongs to {_FIELD_KINDS[key]}): remove it, "
            "or change the kind"
        )
    return None


def schema_problems(loaded: Loaded) -> tuple[list[Problem], set[tuple[Any, ...]]]:
    """The schema's problems, and the paths of the values it refused."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    refused: set[tuple[Any, ...]] = set()
    for count, error in enumerate(validator.iter_errors(loaded.data)):
        if count == MAX_PROBLEMS:  # the rest would not be shown; the file is far off already
            refused.add(())
            break
        # Report the deepest cause of a oneOf/anyOf that is about one branch only.
        if error.validator == "oneOf" and error.context:
            error = jsonschema.exceptions.best_match(error.context)
        path = tuple(error.absolute_path)
        if "propertyNames" in error.schema_path:
            named = _property_name_problem(loaded, error, path)
            if named:
                key_path, message = named
                refused.add(key_path)
                problems.append(
                    Problem(loaded.key_line_of(key_path), where_of(loaded.data, key_path), message)
                )
            continue
        if error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            refused.update(path + (k,) for k in error.instance if k not in known)
        elif error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            refused.add(path + (missing,))
        else:
            refused.add(path)
        problems.append(
            Problem(
                loaded.line_of(path),
                where_of(loaded.data, path),
                _schema_message(error, path, path in loaded.quoted),
            )
        )
    return problems, refused


# -- the checks against the source -------------------------------------------------------------

_UNREADABLE = (KeyError, IndexError, TypeError, AttributeError, ValueError, ArithmeticError)


def _sentences_end(body: str, at: int, sentences: int) -> int:
    """The position after `sentences` sentences (ending in 。) from `at`, within one line."""
    line_end = body.find("\n", at)
    line_end = len(body) if line_end < 0 else line_end
    for _ in range(sentences):
        stop = body.find("。", at, line_end)
        if stop < 0:
            return line_end
        at = stop + 1
    return at


class _Checker:
    def __init__(self, loaded: Loaded, source: Outline, refused: set[tuple[Any, ...]]):
        self.loaded = loaded
        self.data = loaded.data
        self.source = source
        self.problems: list[Problem] = []
        self.refused = refused
        self.holds_refused = {r[:i] for r in refused for i in range(len(r))}
        # The schema already refused part of the file: check what can be read, skip the rest.
        self.tolerant = bool(refused)
        self.measure_of: dict[int, tuple[Any, ...]] = {}  # source number → path in the file
        self.unverified: set[tuple[Any, ...]] = set()  # zh texts that are not the source's
        self.award_ids: dict[str, tuple[Any, ...]] = {}  # award id → path of its first use
        self.chapter_source: dict[int, SourceChapter] = {}  # index in the file → source chapter
        self.paragraph_ids: dict[str, tuple[Any, ...]] = {}  # paragraph id → path of its first use

    def guarded(self, check: Callable[..., None], *args: Any) -> None:
        try:
            check(*args)
        except _UNREADABLE:
            if not self.tolerant:
                raise

    def differs(self, path: tuple[Any, ...], message: str) -> None:
        """A Chinese text is not the source's: say so, and hold nothing else against it."""
        self.unverified.add(path)
        self.add(path, message)

    def add(self, path: tuple[Any, ...], message: str) -> None:
        if len(self.problems) > MAX_PROBLEMS:  # enough to show; the rest waits for a fix
            return
        self.problems.append(Problem(self.loaded.line_of(path), where_of(self.data, path), message))

    def refused_at(self, path: tuple[Any, ...]) -> bool:
        """The value at path, or one that holds it, was refused by the schema."""
        return any(path[:i] in self.refused for i in range(len(path) + 1))

    def refused_within(self, path: tuple[Any, ...]) -> bool:
        """Something at, in or around path was refused by the schema."""
        return path in self.holds_refused or self.refused_at(path)

    def value(self, path: tuple[Any, ...], kind: type | tuple[type, ...] = str) -> Any:
        """The value at path if the schema accepted it and it is of the kind; else None."""
        if self.refused_at(path):
            return None
        node = self.data
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return None
        if isinstance(node, bool) and kind is not bool:
            return None
        return node if isinstance(node, kind) else None

    # -- verbatim text -------------------------------------------------------------------
    @staticmethod
    def difference(text: str, expected: str, line: int, offset: int = 0) -> str:
        """Where text first differs from the expected source text (on source line `line`,
        starting `offset` characters into it)."""
        i = next(
            (k for k, (a, b) in enumerate(zip(text, expected)) if a != b),
            min(len(text), len(expected)),
        )
        where = f"it differs from source line {line} at character {offset + i + 1}"
        if i == len(text):
            return f"{where}: the file stops short; the source goes on '{expected[i : i + 12]}')"
        if i == len(expected):
            return f"{where}: the source ends there; the file goes on '{text[i : i + 12]}')"
        return (
            f"{where}: the source has '{expected[i : i + 12]}', the file has '{text[i : i + 12]}')"
        )

    def verbatim_in_source(self, path: tuple[Any, ...], text: str) -> None:
        """text must appear in the source exactly (for parts of a line, such as the domains)."""
        if text in "\n".join(self.source.lines):
            return
        best, best_len = None, 0
        for number, line in enumerate(self.source.lines, start=1):
            start = line.find(text[:4]) if len(text) >= 4 else -1
            if start < 0:
                continue
            n = next(
                (k for k, (a, b) in enumerate(zip(line[start:], text)) if a != b),
                min(len(line) - start, len(text)),
            )
            if n > best_len:
                best, best_len = (number, line, start), n
        if best is None:
            self.differs(path, "is not verbatim in the source text (no source line has it)")
            return
        number, line, start = best
        self.differs(
            path,
            "is not verbatim in the source text ("
            + self.difference(text, line[start:], number, start),
        )

    # -- the whole file ------------------------------------------------------------------
    def document(self) -> None:
        title = self.value(("document", "title", "zh"))
        if title is not None and title != self.source.title:
            self.differs(
                ("document", "title", "zh"),
                "is not the title of the source (" + self.difference(title, self.source.title, 1),
            )
        preamble = self.value(("document", "preamble", "zh"))
        if preamble is not None and preamble != self.source.preamble:
            line = self.source.lines.index(self.source.preamble) + 1 if self.source.preamble else 1
            self.differs(
                ("document", "preamble", "zh"),
                "is not the preamble of the source ("
                + self.difference(preamble, self.source.preamble, line),
            )
        checked = self.value(("document", "source", "checked"))
        if checked is not None:
            texts.real_date(self, ("document", "source", "checked"), checked)

    def domains(self) -> None:
        seen: set[str] = set()
        for i, domain in enumerate(self.data["domains"]):
            if domain["id"] in seen:
                self.add(("domains", i, "id"), f"domain id '{domain['id']}' appears twice")
            seen.add(domain["id"])
            fields = self.value(("domains", i, "fields", "zh"))
            name = self.value(("domains", i, "name", "zh"))
            if fields is None or name is None:
                continue
            self.verbatim_in_source(("domains", i, "fields", "zh"), fields)
            if not fields.endswith(name):
                self.add(
                    ("domains", i, "name", "zh"),
                    f"the source lists this domain's fields ending in its name; "
                    f"'{name}' does not end the fields text",
                )

    # -- chapters: each is a chapter of the source, in order, holding what the source puts under it
    def chapters(self) -> None:
        chapters = self.data["chapters"]
        if not isinstance(chapters, list):
            return
        found: dict[int, tuple[Any, ...]] = {}  # source chapter → path
        order: list[tuple[int, int]] = []  # (index in the file, source chapter)
        for c, chapter in enumerate(chapters):
            path = ("chapters", c)
            if not isinstance(chapter, dict):
                continue
            source = self.identify_chapter(path)
            if source is None:
                continue
            if source.number in found:
                self.add(
                    path + ("number",),
                    f"chapter {source.number} ({source.title}) appears twice "
                    f"(first on line {self.loaded.line_of(found[source.number])})",
                )
                continue
            found[source.number] = path
            self.chapter_source[c] = source
            order.append((c, source.number))
            self.guarded(self.chapter_heading, path, source)
        in_order = accounting.in_order([n for _, n in order])
        for k, (c, n) in enumerate(order):
            if k not in in_order:
                self.add(
                    ("chapters", c, "number"),
                    f"chapter {n} is out of order: the source puts the chapters in order 1 to "
                    f"{len(self.source.chapters)}",
                )
        missing = [s for s in self.source.chapters if s.number not in found]
        for source in missing:
            self.add(
                ("chapters",),
                f"chapter {source.number} ({chinese_numeral(source.number)}、{source.title}) of "
                "the source is missing",
            )
        self.measures(found)
        for number, path in found.items():
            source = self.source.chapters[number - 1]
            self.guarded(self.chapter_paragraphs, path, source)
            self.guarded(self.chapter_holds_measures, path, source)

    def identify_chapter(self, path: tuple[Any, ...]) -> SourceChapter | None:
        count = len(self.source.chapters)
        return self.identify(
            path,
            "chapter",
            self.source.chapter_titled,
            lambda n: self.source.chapters[n - 1] if 1 <= n <= count else None,
            count,
            lambda n: f"({chinese_numeral(n)})",
            "chapter number is",
        )

    def identify(
        self,
        path: tuple[Any, ...],
        what: str,
        titled: Callable[[str], Any],
        numbered: Callable[[int], Any],
        count: int,
        numeral: Callable[[int], str],
        number_is: str,
    ) -> Any:
        """The chapter or measure of the source this part of the file transcribes: by its title,
        else by its number; a number that disagrees with the title is one problem, here."""
        title = self.value(path + ("title", "zh"))
        number = self.value(path + ("number",), int)
        source = titled(title) if title is not None else None
        if source is None and number is not None:
            source = numbered(number)
        if source is None:
            if number is not None:
                self.add(
                    path + ("number",),
                    f"there is no {what} {number}: the source has {what}s 1 to {count}, "
                    "and none is titled like this one",
                )
            return None
        if number is not None and number != source.number:
            self.add(
                path + ("number",),
                f"{number_is} {number}, but '{source.title}' is {what} {source.number} "
                f"{numeral(source.number)} of the source",
            )
        return source

    def chapter_heading(self, path: tuple[Any, ...], source: SourceChapter) -> None:
        title = self.value(path + ("title", "zh"))
        if title is not None and title != source.title:
            self.differs(
                path + ("title", "zh"),
                f"is not the title of chapter {source.number} in the source ("
                + self.difference(title, source.title, source.line, len(source.numeral)),
            )
        expected = f"{chinese_numeral(source.number)}、"
        given = self.value(path + ("numeral_in_source",))
        if source.numeral != expected and given != source.numeral:
            self.add(
                path + ("numeral_in_source",) if given is not None else path + ("number",),
                f"the source prints this chapter's numeral as '{source.numeral}', not "
                f"'{expected}': set numeral_in_source to '{source.numeral}' and add a note",
            )
        elif source.numeral == expected and given is not None:
            self.add(
                path + ("numeral_in_source",),
                f"the source prints '{expected}' here: remove numeral_in_source",
            )
        if given is not None and "note" not in self.data_at(path):
            self.add(
                path + ("numeral_in_source",),
                "a misprinted numeral needs a note saying so, for readers",
            )

    def texts(self) -> None:
        texts.file_texts(self)

    def data_at(self, path: tuple[Any, ...]) -> Any:
        node = self.data
        for step in path:
            node = node[step]
        return node

    def chapter_paragraphs(self, path: tuple[Any, ...], source: SourceChapter) -> None:
        """The paragraphs of a chapter, in order, are its source text, whole."""
        paragraphs = self.data_at(path).get("paragraphs")
        if paragraphs is None:
            if source.paragraphs and not source.measures:
                self.add(
                    path + ("number",),
                    f"the source has {len(source.paragraphs)} paragraph(s) under this chapter; "
                    "give them under paragraphs:",
                )
            return
        body = "\n".join(text for _, text in source.paragraphs)
        at = 0
        ids = self.paragraph_ids
        last = path + ("paragraphs",)
        for p, paragraph in enumerate(paragraphs):
            ppath = path + ("paragraphs", p)
            pid = self.value(ppath + ("id",))
            if pid is not None:
                if pid in ids:
                    self.add(
                        ppath + ("id",),
                        f"paragraph id '{pid}' is used twice (first on line "
                        f"{self.loaded.line_of(ids[pid])})",
                    )
                ids.setdefault(pid, ppath + ("id",))
            text = self.value(ppath + ("zh",))
            if text is None:
                continue
            last = ppath + ("zh",)
            at, verbatim = self.paragraph_at(ppath + ("zh",), text, body, at, source)
            if verbatim:  # figures are held against the source's words only
                self.guarded(self.paragraph_figures, ppath, text)
        rest = body[at:].lstrip("\n")
        if rest:
            self.add(
                last,
                f"the source goes on after this paragraph: '{rest[:24]}…' is missing from "
                f"chapter {source.number}",
            )

    def paragraph_at(
        self, path: tuple[Any, ...], text: str, body: str, at: int, source: SourceChapter
    ) -> tuple[int, bool]:
        """Match one paragraph at position `at` of the chapter's text: (where the next paragraph
        starts, whether this one is the source's text there)."""
        here = body[at:].lstrip("\n")
        at = len(body) - len(here)
        if not here:
            self.differs(
                path, f"is not in chapter {source.number} of the source: the chapter ends before it"
            )
            return at, False
        # As many sentences of the source as the paragraph has: where a wrong paragraph ends.
        end = _sentences_end(body, at, max(1, text.count("。")))
        if here.startswith(text):
            stop = at + len(text)
            if text.endswith("。"):
                return stop, True
            end = _sentences_end(body, stop, 1)
            self.differs(
                path,
                f"stops inside a sentence: the source goes on '{body[stop : min(end, stop + 12)]}' "
                "(a paragraph ends where its sentence ends, with 。)",
            )
            return end, False
        found = body.find(text, at)
        if found > at and text.endswith("。") and body[found - 1] in "。\n":
            skipped = body[at:found].replace("\n", "")
            self.differs(
                path,
                f"the source has '{skipped[:24]}…' before this paragraph: a paragraph is "
                "missing or cut short",
            )
            return found + len(text), False
        if text in body:
            line = self.source_position(source, body.index(text))[0]
            self.differs(
                path,
                f"repeats text the chapter already has ('{text[:16]}…', from source line {line}) "
                f"where the source has '{body[at:end][:16]}…': each paragraph is the next text of "
                "the source",
            )
            return end, False
        line, offset = self.source_position(source, at)
        self.differs(
            path,
            "is not verbatim in the source text ("
            + self.difference(text, body[at:end], line, offset),
        )
        return end, False

    @staticmethod
    def source_position(source: SourceChapter, at: int) -> tuple[int, int]:
        """(source line, offset in it) of position `at` in the chapter's joined text."""
        for number, text in source.paragraphs:
            if at <= len(text):
                return number, at
            at -= len(text) + 1
        return (source.paragraphs[-1][0] if source.paragraphs else source.line), 0

    def paragraph_figures(self, path: tuple[Any, ...], text: str) -> None:
        paragraph = self.data_at(path)
        figures: list[accounting.Use] = []
        covered = self.not_figures(path, text, "the paragraph")
        validity = paragraph.get("validity")
        if validity and not self.refused_within(path + ("validity",)):
            vpath = path + ("validity",)
            self.figure(
                vpath + ("years",),
                "years",
                validity["years"],
                validity["phrase"],
                text,
                0,
                figures,
                "the paragraph",
            )
        effective = paragraph.get("effective_date")
        if effective and not self.refused_within(path + ("effective_date",)):
            epath = path + ("effective_date",)
            in_text = effective["in_text"]
            if in_text not in text:
                self.add(epath + ("in_text",), f"'{in_text}' is not in this paragraph")
            else:
                covered.append(accounting.Use(epath + ("in_text",), 0, in_text, None, None))
                if effective["published"]:
                    texts.real_date(self, epath + ("in_text",), in_text, chinese=True)
        if not self.refused_within(path):
            accounting.account(self, path + ("zh",), text, figures, covered, "paragraph")

    # -- measures: each is a measure of the source, in its chapter and in order ----------
    def measures(self, chapters: dict[int, tuple[Any, ...]]) -> None:
        """Each measure is identified, under its chapter, and in order within it (the order of
        the chapters is their own check)."""
        for number, cpath in sorted(chapters.items(), key=lambda item: item[1]):
            order: list[tuple[tuple[Any, ...], int]] = []
            measures = self.data_at(cpath).get("measures")
            if not isinstance(measures, list):
                continue
            for m, measure in enumerate(measures):
                mpath = cpath + ("measures", m)
                if not isinstance(measure, dict):
                    continue
                source = self.identify_measure(mpath)
                if source is None:
                    continue
                if source.number in self.measure_of:
                    first = self.measure_of[source.number]
                    self.add(
                        mpath + ("number",),
                        f"measure {source.number} appears twice (first on line "
                        f"{self.loaded.line_of(first)})",
                    )
                    continue
                self.measure_of[source.number] = mpath
                if source.chapter != number:
                    home = self.source.chapters[source.chapter - 1]
                    self.add(
                        mpath + ("number",),
                        f"measure {source.number} stands under chapter {number} here, but the "
                        f"source puts it under chapter {home.number} "
                        f"({chinese_numeral(home.number)}、{home.title})",
                    )
                else:
                    order.append((mpath, source.number))
                self.guarded(self.measure, mpath, source)
            in_order = accounting.in_order([n for _, n in order])
            for k, (mpath, n) in enumerate(order):
                if k not in in_order:
                    self.add(
                        mpath + ("number",),
                        f"measure {n} is out of order: the source puts it after measure {n - 1}",
                    )
        for number, source in sorted(self.source.measures.items()):
            if number in self.measure_of or source.chapter not in chapters:
                continue
            self.missing_measure(source, chapters[source.chapter])

    def missing_measure(self, source: SourceMeasure, cpath: tuple[Any, ...]) -> None:
        after = [
            n
            for n in self.measure_of
            if n > source.number and self.source.measures[n].chapter == source.chapter
        ]
        before = [
            n
            for n in self.measure_of
            if n < source.number and self.source.measures[n].chapter == source.chapter
        ]
        what = (
            f"measure {source.number} （{chinese_numeral(source.number)}）{source.title} is missing"
        )
        if after:
            self.add(
                self.measure_of[min(after)] + ("number",),
                f"{what}: the source has it before this one",
            )
        elif before:
            self.add(
                self.measure_of[max(before)] + ("number",),
                f"{what}: the source has it after this one",
            )
        else:
            held = self.source.chapters[source.chapter - 1].measures
            if source.number == held[0]:  # one message for a chapter that holds none
                self.add(
                    cpath + ("number",),
                    f"this chapter holds none of its measures: the source puts measures "
                    f"{held[0]} to {held[-1]} under it",
                )

    def chapter_holds_measures(self, path: tuple[Any, ...], source: SourceChapter) -> None:
        measures = self.data_at(path).get("measures")
        if measures and not source.measures:
            self.add(
                path + ("measures",),
                f"the source puts no measures under chapter {source.number} ({source.title})",
            )

    def identify_measure(self, path: tuple[Any, ...]) -> SourceMeasure | None:
        return self.identify(
            path,
            "measure",
            self.source.measure_titled,
            self.source.measures.get,
            len(self.source.measures),
            lambda n: f"（{chinese_numeral(n)}）",
            "number is",
        )

    def measure(self, path: tuple[Any, ...], source: SourceMeasure) -> None:
        heading = f"（{chinese_numeral(source.number)}）"
        title = self.value(path + ("title", "zh"))
        if title is not None and title != source.title:
            self.differs(
                path + ("title", "zh"),
                f"is not the short title of measure {heading} in the source ("
                + self.difference(title, source.title, source.line, len(heading)),
            )
        given = self.value(path + ("clause", "zh"))
        if given is not None and given != source.clause:
            self.differs(
                path + ("clause", "zh"),
                "is not verbatim in the source text ("
                + self.difference(
                    given, source.clause, source.line, len(heading + source.title) + 1
                ),
            )
        # Phrases, figures and the texts about them are held against the source's clause: one
        # changed character of the clause is one problem, not one for every phrase near it.
        clause = source.clause
        measure = self.data_at(path)
        known = {d["id"] for d in self.data["domains"] if isinstance(d, dict)}
        for i, tag in enumerate(measure.get("domains") or ()):
            if isinstance(tag, str) and tag not in known:
                self.add(
                    path + ("domains", i),
                    f"unknown domain '{tag}'; known: {', '.join(sorted(map(str, known)))}",
                )
        self.guarded(self.measure_activities, path, measure)
        uses: list[accounting.Use] = []
        covered = self.not_figures(path, clause)
        awards = measure.get("awards") or ()
        for k, award in enumerate(awards, start=1):
            apath = path + ("awards", k - 1)
            self.guarded(self.award, apath, award, k, source.number, clause, uses, covered)
        if not self.refused_within(path):
            accounting.account(self, path + ("clause", "zh"), clause, uses, covered, "clause")
        texts.measure_texts(self, path, measure, clause)

    def award(
        self,
        path: tuple[Any, ...],
        award: dict[str, Any],
        k: int,
        number: int,
        clause: str,
        uses: list[accounting.Use],
        covered: list[accounting.Use],
    ) -> None:
        expected = f"{number}.{k}"
        award_id = self.value(path + ("id",))
        if award_id is not None:
            seen = self.award_ids
            if award_id in seen:
                self.add(
                    path + ("id",),
                    f"award id {award_id} is used twice (first on line "
                    f"{self.loaded.line_of(seen[award_id])})",
                )
            elif award_id != expected:
                self.add(
                    path + ("id",),
                    f"award {k} of measure {number} must have id {expected}, not {award_id}",
                )
            seen.setdefault(award_id, path + ("id",))
        covered.extend(self.not_figures(path, clause))
        if not self.refused_at(path + ("rule",)):
            self.guarded(self.rule, path + ("rule",), award["rule"], clause, k, uses)
        self.guarded(self.finder_tags, path, award, clause, k, uses)

    def not_figures(
        self, path: tuple[Any, ...], clause: str, within: str = "the clause"
    ) -> list[accounting.Use]:
        """The phrases listed under `not_figures` at path, each found once in the text."""
        listed = []
        entries = self.data_at(path).get("not_figures") or ()
        for i, entry in enumerate(entries):
            phrase = self.value(path + ("not_figures", i, "phrase"))
            if phrase is None:
                continue
            ppath = path + ("not_figures", i, "phrase")
            if self.phrase(ppath, phrase, clause, within):
                listed.append(accounting.Use(ppath, 0, phrase, None, None))
        return listed

    def known_activities(self, path: tuple[Any, ...], tags: Any) -> None:
        """Each tag at path is an id of finder.activities (for awards, measures and roles)."""
        known = [a["id"] for a in self.data["finder"]["activities"]]
        for i, tag in enumerate(tags):
            if tag not in known:
                self.add(
                    path + (i,),
                    f"unknown activity '{tag}'; finder.activities has: {', '.join(known)}",
                )

    def measure_activities(self, path: tuple[Any, ...], measure: dict[str, Any]) -> None:
        """A measure with no award says which activities it concerns, so the finder can list it
        as related; one with awards leaves that to its awards."""
        has_awards = bool(measure.get("awards"))
        if has_awards and "activities" in measure:
            self.add(
                path + ("activities",),
                "only a measure with no award lists activities; its awards list their own",
            )
        elif not has_awards and "activities" not in measure:
            self.add(
                path + ("number",),
                "a measure with no award needs `activities` (finder.activities ids, or [] for "
                "any), so the finder can list it as related",
            )
        self.known_activities(path + ("activities",), measure.get("activities") or ())

    # -- the finder's vocabulary and each award's tags -----------------------------------
    def finder(self) -> None:
        finder = self.data["finder"]
        requirement = finder["requirement"]
        paragraphs = {
            p["id"]: (("chapters", c, "paragraphs", i), p["zh"])
            for c, ch in enumerate(self.data["chapters"])
            for i, p in enumerate(ch.get("paragraphs") or ())
        }
        if requirement["paragraph"] not in paragraphs:
            self.add(
                ("finder", "requirement", "paragraph"),
                f"no chapter paragraph has id '{requirement['paragraph']}'; "
                f"paragraph ids: {', '.join(map(str, paragraphs))}",
            )
            return
        ppath, text = paragraphs[requirement["paragraph"]]
        if ppath + ("zh",) in self.unverified:
            return  # the paragraph is not the source's; its own problem says so
        within = f"paragraph '{requirement['paragraph']}'"
        self.phrase(("finder", "requirement", "phrase"), requirement["phrase"], text, within)
        for list_name in ("organisations", "activities"):
            seen: set[str] = set()
            for i, item in enumerate(finder[list_name]):
                if item["id"] in seen:
                    self.add((("finder", list_name, i, "id")), f"id '{item['id']}' appears twice")
                seen.add(item["id"])
                if list_name == "organisations":
                    self.phrase(("finder", list_name, i, "phrase"), item["phrase"], text, within)
        seen = set()
        for i, role in enumerate(finder["roles"]):
            if role["id"] in seen:
                self.add(("finder", "roles", i, "id"), f"id '{role['id']}' appears twice")
            seen.add(role["id"])
            self.known_activities(("finder", "roles", i, "activities"), role["activities"])
        used = {
            tag
            for ch in self.data["chapters"]
            for m in ch.get("measures") or ()
            for a in m.get("awards") or ()
            for tag in a.get("activities") or ()
        }
        for i, activity in enumerate(finder["activities"]):
            if activity["id"] not in used:
                self.add(
                    ("finder", "activities", i, "id"),
                    f"no award lists activity '{activity['id']}': tag an award with it or remove it",
                )

    def finder_tags(
        self,
        path: tuple[Any, ...],
        award: dict[str, Any],
        clause: str,
        k: int,
        uses: list[accounting.Use],
    ) -> None:
        finder = self.data["finder"]
        self.known_activities(path + ("activities",), award["activities"])
        applicants = award.get("applicants")
        if applicants and not self.refused_within(path + ("applicants",)):
            kinds = [o["id"] for o in finder["organisations"]]
            for i, kind in enumerate(applicants["kinds"]):
                if kind not in kinds:
                    self.add(
                        path + ("applicants", "kinds", i),
                        f"unknown organisation kind '{kind}'; "
                        f"finder.organisations has: {', '.join(kinds)}",
                    )
            ppath = path + ("applicants", "phrase")
            if self.phrase(ppath, applicants["phrase"], clause):
                uses.append(accounting.Use(ppath, k, applicants["phrase"], None, None))

    # -- rules and their figures ---------------------------------------------------------
    def phrase(
        self, path: tuple[Any, ...], phrase: Any, clause: str, within: str = "the clause"
    ) -> bool:
        """The phrase occurs in the clause (True), exactly once (else a problem too)."""
        if not isinstance(phrase, str) or not phrase or self.refused_at(path):
            return False
        count = clause.count(phrase)
        if count == 0:
            self.add(path, f"phrase '{phrase}' is not in {within} " + self._near_in(phrase, clause))
            return False
        if count > 1:
            self.add(
                path,
                f"phrase '{phrase}' occurs {count} times in {within}; "
                "lengthen it so that it points to one place",
            )
        return True

    @staticmethod
    def _near_in(phrase: str, clause: str) -> str:
        """Where the phrase stops matching the clause (the longest prefix found, by bisection:
        a prefix in the clause means every shorter one is too)."""
        low, high = 0, len(phrase)  # phrase[:low] is in the clause; phrase[:high] is not
        while high - low > 1:
            middle = (low + high) // 2
            if phrase[:middle] in clause:
                low = middle
            else:
                high = middle
        if low < 2:
            return "(copy the words from the clause exactly)"
        at = clause.index(phrase[:low])
        return (
            f"(the clause has '{clause[at : at + low + 6]}' where the phrase has "
            f"'{phrase[: low + 6]}')"
        )

    def figure(
        self,
        path: tuple[Any, ...],
        kind: str,
        value: Any,
        phrase: Any,
        clause: str,
        k: int,
        uses: list[accounting.Use],
        within: str = "the clause",
    ) -> None:
        """The figure at path agrees with its phrase, found once in the clause; its use is
        recorded for the accounting of the clause's numbers."""
        ppath = path[:-1] + ("phrase",)
        found = self.phrase(ppath, phrase, clause, within)
        if (
            self.refused_at(path)
            or isinstance(value, bool)
            or not isinstance(value, (int, Decimal))
        ):
            return
        uses.append(accounting.Use(ppath, k, phrase, kind, path, Decimal(value)))
        if found:
            problem = agreement(kind, Decimal(value), phrase)
            if problem:
                self.add(path, f"{path[-1]} {problem}")

    def input_ref(self, path: tuple[Any, ...], name: str, role: str) -> None:
        inputs = self.data["inputs"]
        if name not in inputs:
            self.add(path, f"unknown input '{name}'; the inputs catalogue has: {', '.join(inputs)}")
            return
        allowed = _INPUT_TYPES[role]
        if inputs[name]["type"] not in allowed:
            self.add(
                path,
                f"input '{name}' is of type {inputs[name]['type']}; "
                f"here it must be {' or '.join(allowed)}",
            )

    def money(
        self,
        path: tuple[Any, ...],
        money: dict[str, Any],
        clause: str,
        k: int,
        uses: list[accounting.Use],
    ) -> None:
        self.figure(path + ("amount",), "yuan", money["amount"], money["phrase"], clause, k, uses)

    def rule(
        self,
        path: tuple[Any, ...],
        rule: dict[str, Any],
        clause: str,
        k: int,
        uses: list[accounting.Use],
    ) -> None:
        kind = rule["kind"]
        for key in ("cap", "amount"):
            if key in rule and not self.refused_at(path + (key,)):
                self.money(path + (key,), rule[key], clause, k, uses)
        if kind == "fixed" and "amount" in rule:
            self.exact_amount(path + ("amount", "phrase"), rule["amount"].get("phrase"))
        if "rate" in rule and not self.refused_at(path + ("rate",)):
            r = rule["rate"]
            self.figure(
                path + ("rate", "percent"), "percent", r["percent"], r["phrase"], clause, k, uses
            )
        for key, role in (
            ("base", "base:per_year" if kind == "per_year" else "base"),
            ("unit", "unit"),
        ):
            if key in rule and not self.refused_at(path + (key,)):
                ppath = path + (key, "phrase")
                if self.phrase(ppath, rule[key]["phrase"], clause):
                    uses.append(accounting.Use(ppath, k, rule[key]["phrase"], None, None))
                self.input_ref(path + (key, "input"), rule[key]["input"], role)
        if "threshold" in rule and not self.refused_within(path + ("threshold",)):
            t = rule["threshold"]
            unit = next(u for u in ("amount", "percent", "value") if u in t)
            figure_kind = {"amount": "yuan", "percent": "percent", "value": "number"}[unit]
            self.figure(
                path + ("threshold", unit), figure_kind, t[unit], t["phrase"], clause, k, uses
            )
            self.input_ref(path + ("threshold", "input"), t["input"], f"threshold:{unit}")
            try:
                boundary.comparison_in(t["phrase"])
            except boundary.BoundaryError as error:
                self.add(path + ("threshold", "phrase"), str(error))
        if "years" in rule and not self.refused_at(path + ("years",)):
            y = rule["years"]
            self.figure(
                path + ("years", "count"), "years", y["count"], y["phrase"], clause, k, uses
            )
        for key in ("tiers", None):
            ppath = path + ((key, "phrase") if key else ("phrase",))
            text = rule.get(key, {}).get("phrase") if key else rule.get("phrase")
            if text is not None and self.phrase(ppath, text, clause):
                uses.append(accounting.Use(ppath, k, text, None, None))
        if "options" in rule and not self.refused_at(path + ("options",)):
            self.options(path + ("options",), rule, clause, k, uses)

    def exact_amount(self, path: tuple[Any, ...], phrase: Any) -> None:
        """A fixed amount is exact: its phrase cannot say 最高, 不超过, 上限 or 以内."""
        if not isinstance(phrase, str) or self.refused_at(path):
            return
        word = next((w for w in MAXIMUM_WORDS if w in phrase), None)
        if word:
            self.add(
                path,
                f"phrase '{phrase}' says {word}: it states a maximum, not an exact amount; "
                "a fixed rule pays exactly its amount (use kind cap, or rate with a cap)",
            )

    def options(
        self,
        path: tuple[Any, ...],
        rule: dict[str, Any],
        clause: str,
        k: int,
        uses: list[accounting.Use],
    ) -> None:
        options = rule["options"]
        self.input_ref(path + ("input",), options["input"], "options")
        kind = rule["kind"]
        field = "amount" if kind == "fixed" else "cap"
        other = "cap" if field == "amount" else "amount"
        keys: set[str] = set()
        for i, choice in enumerate(options["choices"]):
            cpath = path + ("choices", i)
            if self.refused_within(cpath):
                continue
            if choice["key"] in keys:
                self.add(cpath + ("key",), f"choice '{choice['key']}' appears twice")
            keys.add(choice["key"])
            if other in choice:
                self.add(
                    cpath + (other,),
                    f"a choice of a {kind} rule takes {field}, not {other}",
                )
            if field not in choice and not (field == "cap" and kind == "rate"):
                self.add(cpath, f"each choice of a {kind} rule needs its {field}")
            money = choice.get(field)
            if money is not None:
                self.money(cpath + (field,), money, clause, k, uses)
                if kind == "fixed":
                    self.exact_amount(cpath + (field, "phrase"), money.get("phrase"))


def _source_problem(loaded: Loaded, message: str) -> Problem:
    path = ("document", "source", "file")
    return Problem(loaded.line_of(path), where_of(loaded.data, path), message)


def _read_source(
    loaded: Loaded, refused: set[tuple[Any, ...]], source_path: Path | None, root: Path = ROOT
) -> tuple[str | None, list[Problem]]:
    """The source text named by document.source.file: only a regular UTF-8 text file inside the
    repository, and only if the schema accepted the path."""
    if source_path is None:
        if any(("document", "source", "file")[: len(r)] == r for r in refused):
            return None, []  # the schema's message says why; nothing is read
        document = loaded.data.get("document")
        given = document.get("source") if isinstance(document, dict) else None
        source = given.get("file", DEFAULT_SOURCE) if isinstance(given, dict) else DEFAULT_SOURCE
        root = root.resolve()
        try:
            source_path = (root / str(source)).resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links
            return None, [_source_problem(loaded, f"'{source}' cannot be resolved to a file")]
        if not source_path.is_relative_to(root):
            return None, [
                _source_problem(
                    loaded, f"'{source}' leads outside the repository; name a file under sources/"
                )
            ]
        shown = str(source)
    else:
        shown = str(source_path)
    try:
        return read_text(source_path), []
    except FileRefused as refused_file:
        return None, [_source_problem(loaded, f"the source text {shown} {refused_file.message}")]


def check_file(path: Path, source_path: Path | None = None, root: Path = ROOT) -> Result:
    """Check a measures.yaml; `root` is the repository its source files are named in."""
    try:
        return _check(path, source_path, root)
    except RecursionError:
        return Result(None, [Problem(1, "file", "is nested too deeply to check")])
    except Exception as error:  # noqa: BLE001 - the last guard: a message, never a traceback
        return Result(
            None,
            [
                Problem(
                    1,
                    "check",
                    f"internal error ({type(error).__name__}: {str(error)[:120]}); the check "
                    "could not finish: please report this with the file",
                )
            ],
        )


def _check(path: Path, source_path: Path | None, root: Path = ROOT) -> Result:
    try:
        loaded = load(path)
    except SourceError as error:
        return Result(None, error.problems)
    if not isinstance(loaded.data, dict):
        return Result(
            loaded,
            [Problem(1, "file", "must be a mapping with document, domains, inputs and chapters")],
        )
    problems, refused = schema_problems(loaded)
    problems += applycheck.problems(loaded, refused)  # how to apply (decisions/0022)
    source_text, source_problems = _read_source(loaded, refused, source_path, root)
    problems += source_problems
    if source_text is not None:
        checker = _Checker(loaded, outline(source_text), refused)
        for step in (
            checker.document,
            checker.domains,
            checker.chapters,
            checker.finder,
            checker.texts,
            lambda: check_versions(checker, root),
        ):
            checker.guarded(step)
        problems += checker.problems
    return Result(loaded, _at_most(sorted(set(problems))))


def _at_most(problems: list[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems (the checks stop collecting soon after)."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return problems[:MAX_PROBLEMS] + [
        Problem(
            problems[MAX_PROBLEMS].line,
            "file",
            f"more problems than the {MAX_PROBLEMS} shown: fix these first, then check again",
        )
    ]

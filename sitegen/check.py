"""`python build.py check`: every problem in measures.yaml, each with its line, all at once.

Three layers: the file must be YAML (yamlsource), must fit the JSON Schema (schema/), and must
agree with the source text (the checks below): verbatim Chinese, numbering, ids, figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import jsonschema

from calculator import boundary

from .figures import agreement, chinese_numeral
from .places import where_of
from .problems import Problem, SourceError
from .yamlsource import Loaded, load

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "schema" / "measures.schema.json"
MEASURE_COUNT = 31
CHAPTER_COUNT = 10

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


@dataclass
class Result:
    loaded: Loaded | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def _schema_message(error: jsonschema.ValidationError) -> str:
    def short(value: Any) -> str:
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."

    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing field '{missing}'"
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown field {', '.join(repr(e) for e in extra)} (a typo?)"
    if v == "type":
        want = error.validator_value
        return f"must be {'a whole number' if want == 'integer' else want}, not {short(error.instance)}"
    if v == "enum":
        return f"must be one of {', '.join(map(str, error.validator_value))}, not {short(error.instance)}"
    if v == "pattern":
        return f"{short(error.instance)} does not have the expected form"
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return f"{short(error.instance)} is out of range ({v} {error.validator_value})"
    if v in ("anyOf", "oneOf") and error.schema.get("anyOf"):
        needs = [next(iter(s.get("required", ["?"]))) for s in error.validator_value]
        return f"needs one of: {', '.join(needs)}"
    if v == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if v == "uniqueItems":
        return "lists the same item twice"
    if v in ("minProperties", "maxProperties"):
        return "needs input, phrase and exactly one of amount, percent or value"
    return error.message if len(error.message) < 160 else error.message[:157] + "..."


def schema_problems(loaded: Loaded) -> list[Problem]:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in validator.iter_errors(loaded.data):
        # Report the deepest cause of a oneOf/anyOf that is about one branch only.
        if error.validator == "oneOf" and error.context:
            error = jsonschema.exceptions.best_match(error.context)
        path = tuple(error.absolute_path)
        problems.append(
            Problem(loaded.line_of(path), where_of(loaded.data, path), _schema_message(error))
        )
    return problems


_UNREADABLE = (KeyError, IndexError, TypeError, AttributeError, ValueError, ArithmeticError)


class _Checker:
    def __init__(self, loaded: Loaded, source_text: str, tolerant: bool):
        self.loaded = loaded
        self.data = loaded.data
        self.source = source_text
        self.source_lines = source_text.split("\n")
        self.problems: list[Problem] = []
        # The schema already refused part of the file: check what can be read, skip the rest.
        self.tolerant = tolerant

    def guarded(self, check: Callable[..., None], *args: Any) -> None:
        try:
            check(*args)
        except _UNREADABLE:
            if not self.tolerant:
                raise

    def add(self, path: tuple[Any, ...], message: str) -> None:
        self.problems.append(Problem(self.loaded.line_of(path), where_of(self.data, path), message))

    # -- verbatim text -------------------------------------------------------------------
    def verbatim(self, path: tuple[Any, ...], text: str, whole_line: str | None = None) -> None:
        """text must appear in the source exactly; with whole_line, as that exact line."""
        if whole_line is not None:
            if whole_line in self.source_lines:
                return
            self.add(path, self._diff_message(whole_line))
        elif text not in self.source:
            self.add(path, "is not verbatim in the source text " + self._near(text))

    def _near(self, text: str) -> str:
        """Where the text starts to differ from the nearest source line."""
        best, best_len = None, 0
        for line in self.source_lines:
            n = 0
            for a, b in zip(line[line.find(text[:4]) :] if text[:4] in line else "", text):
                if a != b:
                    break
                n += 1
            if n > best_len:
                best, best_len = line, n
        if best is None:
            return "(no source line starts like it)"
        start = best.find(text[:4])
        source_part = best[start + best_len : start + best_len + 12]
        yaml_part = text[best_len : best_len + 12]
        return (
            f"(it differs from source line {self.source_lines.index(best) + 1} at character "
            f"{best_len + 1}: the source has '{source_part}', the file has '{yaml_part}')"
        )

    def _diff_message(self, expected_line: str) -> str:
        return "is not verbatim in the source text " + self._near(expected_line)

    # -- the whole file ------------------------------------------------------------------

    def document(self) -> None:
        doc = self.data["document"]
        title = doc["title"]["zh"]
        if self.source_lines[0].strip() != title:
            self.add(("document", "title", "zh"), self._diff_message(title))
        self.verbatim(
            ("document", "preamble", "zh"), doc["preamble"]["zh"], whole_line=doc["preamble"]["zh"]
        )

    def domains(self) -> None:
        seen: set[str] = set()
        for i, domain in enumerate(self.data["domains"]):
            if domain["id"] in seen:
                self.add(("domains", i, "id"), f"domain id '{domain['id']}' appears twice")
            seen.add(domain["id"])
            self.verbatim(("domains", i, "fields", "zh"), domain["fields"]["zh"])
            if not domain["fields"]["zh"].endswith(domain["name"]["zh"]):
                self.add(
                    ("domains", i, "name", "zh"),
                    f"the source lists this domain's fields ending in its name; "
                    f"'{domain['name']['zh']}' does not end the fields text",
                )

    def chapters(self) -> None:
        chapters = self.data["chapters"]
        numbers = [ch["number"] for ch in chapters]
        if numbers != list(range(1, CHAPTER_COUNT + 1)):
            self.add(
                ("chapters",),
                f"chapters must be numbered 1 to {CHAPTER_COUNT} in order; found {numbers}",
            )
        expected_measure = 1
        award_ids: dict[str, tuple[Any, ...]] = {}
        for c, chapter in enumerate(chapters):
            path = ("chapters", c)
            prefix = chapter.get("numeral_in_source") or f"{chinese_numeral(chapter['number'])}、"
            self.verbatim(
                path + ("title", "zh"),
                chapter["title"]["zh"],
                whole_line=prefix + chapter["title"]["zh"],
            )
            if chapter.get("numeral_in_source") and not chapter.get("note"):
                self.add(
                    path + ("numeral_in_source",),
                    "a misprinted numeral needs a note saying so, for readers",
                )
            for p, paragraph in enumerate(chapter.get("paragraphs") or ()):
                self.guarded(self.paragraph, path + ("paragraphs", p), paragraph)
            for m, measure in enumerate(chapter.get("measures") or ()):
                mpath = path + ("measures", m)
                number = measure["number"]
                if number != expected_measure:
                    self.add(
                        mpath + ("number",),
                        f"measure {number} stands where measure {expected_measure} should: "
                        "measures are numbered 1 to 31 in order, with no gap or repeat",
                    )
                expected_measure = max(expected_measure, number) + 1
                self.guarded(self.measure, mpath, measure, award_ids)
        if expected_measure - 1 != MEASURE_COUNT:
            self.add(
                ("chapters",),
                f"the document has {MEASURE_COUNT} measures; "
                f"the file numbers them up to {expected_measure - 1}",
            )

    def paragraph(self, path: tuple[Any, ...], paragraph: dict[str, Any]) -> None:
        text = paragraph["zh"]
        self.verbatim(path + ("zh",), text)
        validity = paragraph.get("validity")
        if validity:
            self.figure(
                path + ("validity", "years"),
                "years",
                Decimal(validity["years"]),
                validity["phrase"],
                text,
            )
        date = paragraph.get("effective_date")
        if date and date["in_text"] not in text:
            self.add(
                path + ("effective_date", "in_text"),
                f"'{date['in_text']}' is not in this paragraph",
            )

    def measure(
        self, path: tuple[Any, ...], measure: dict[str, Any], award_ids: dict[str, tuple[Any, ...]]
    ) -> None:
        number = measure["number"]
        line = f"（{chinese_numeral(number)}）{measure['title']['zh']}。{measure['clause']['zh']}"
        if line not in self.source_lines:
            heading = f"（{chinese_numeral(number)}）{measure['title']['zh']}。"
            source_line = next(
                (
                    text
                    for text in self.source_lines
                    if text.startswith(f"（{chinese_numeral(number)}）")
                ),
                None,
            )
            if source_line is None or not source_line.startswith(heading):
                self.add(
                    path + ("title", "zh"),
                    "is not the short title of measure "
                    f"（{chinese_numeral(number)}） in the source " + self._near(heading),
                )
            else:
                self.add(
                    path + ("clause", "zh"),
                    "is not verbatim in the source text " + self._near(line),
                )
        known = {d["id"] for d in self.data["domains"]}
        for i, tag in enumerate(measure["domains"]):
            if tag not in known:
                self.add(
                    path + ("domains", i),
                    f"unknown domain '{tag}'; known: {', '.join(sorted(known))}",
                )
        self.guarded(self.measure_activities, path, measure)
        clause = measure["clause"]["zh"]
        for k, award in enumerate(measure.get("awards") or (), start=1):
            apath = path + ("awards", k - 1)
            expected = f"{number}.{k}"
            if award["id"] in award_ids:
                self.add(
                    apath + ("id",),
                    f"award id {award['id']} is used twice "
                    f"(first on line {self.loaded.line_of(award_ids[award['id']])})",
                )
            elif award["id"] != expected:
                self.add(
                    apath + ("id",),
                    f"the {k}th award of measure {number} must have id {expected}, "
                    f"not {award['id']}",
                )
            award_ids.setdefault(award["id"], apath + ("id",))
            self.rule(apath + ("rule",), award["rule"], clause)
            self.guarded(self.finder_tags, apath, award, clause)

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
        known = [a["id"] for a in self.data["finder"]["activities"]]
        for i, tag in enumerate(measure.get("activities") or ()):
            if tag not in known:
                self.add(
                    path + ("activities", i),
                    f"unknown activity '{tag}'; finder.activities has: {', '.join(known)}",
                )

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
                f"paragraph ids: {', '.join(paragraphs)}",
            )
            return
        text = paragraphs[requirement["paragraph"]][1]
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
        known = [a["id"] for a in finder["activities"]]
        seen = set()
        for i, role in enumerate(finder["roles"]):
            if role["id"] in seen:
                self.add(("finder", "roles", i, "id"), f"id '{role['id']}' appears twice")
            seen.add(role["id"])
            for k, tag in enumerate(role["activities"]):
                if tag not in known:
                    self.add(
                        ("finder", "roles", i, "activities", k),
                        f"unknown activity '{tag}'; finder.activities has: {', '.join(known)}",
                    )
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

    def finder_tags(self, path: tuple[Any, ...], award: dict[str, Any], clause: str) -> None:
        finder = self.data["finder"]
        activities = [a["id"] for a in finder["activities"]]
        for i, tag in enumerate(award["activities"]):
            if tag not in activities:
                self.add(
                    path + ("activities", i),
                    f"unknown activity '{tag}'; finder.activities has: {', '.join(activities)}",
                )
        applicants = award.get("applicants")
        if applicants:
            kinds = [o["id"] for o in finder["organisations"]]
            for i, kind in enumerate(applicants["kinds"]):
                if kind not in kinds:
                    self.add(
                        path + ("applicants", "kinds", i),
                        f"unknown organisation kind '{kind}'; "
                        f"finder.organisations has: {', '.join(kinds)}",
                    )
            self.phrase(path + ("applicants", "phrase"), applicants["phrase"], clause)

    # -- rules and their figures ---------------------------------------------------------
    def phrase(
        self, path: tuple[Any, ...], phrase: str, clause: str, within: str = "the clause"
    ) -> bool:
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
        for n in range(len(phrase) - 1, 1, -1):
            if phrase[:n] in clause:
                at = clause.index(phrase[:n])
                return (
                    f"(the clause has '{clause[at : at + n + 6]}' where the phrase has "
                    f"'{phrase[: n + 6]}')"
                )
        return "(copy the words from the clause exactly)"

    def figure(
        self, path: tuple[Any, ...], kind: str, value: Decimal, phrase: str, clause: str
    ) -> None:
        if self.phrase(path[:-1] + ("phrase",), phrase, clause):
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

    def rule(self, path: tuple[Any, ...], rule: dict[str, Any], clause: str) -> None:
        kind = rule["kind"]
        for key in ("cap", "amount"):
            if key in rule:
                self.figure(
                    path + (key, "amount"), "yuan", rule[key]["amount"], rule[key]["phrase"], clause
                )
        if "rate" in rule:
            self.figure(
                path + ("rate", "percent"),
                "percent",
                rule["rate"]["percent"],
                rule["rate"]["phrase"],
                clause,
            )
        if "base" in rule:
            self.phrase(path + ("base", "phrase"), rule["base"]["phrase"], clause)
            role = "base:per_year" if kind == "per_year" else "base"
            self.input_ref(path + ("base", "input"), rule["base"]["input"], role)
        if "threshold" in rule:
            t = rule["threshold"]
            unit = next(k for k in ("amount", "percent", "value") if k in t)
            kind_of = {"amount": "yuan", "percent": "percent", "value": "number"}[unit]
            self.figure(path + ("threshold", unit), kind_of, t[unit], t["phrase"], clause)
            self.input_ref(path + ("threshold", "input"), t["input"], f"threshold:{unit}")
            try:
                boundary.comparison_in(t["phrase"])
            except boundary.BoundaryError as error:
                self.add(path + ("threshold", "phrase"), str(error))
        if "unit" in rule:
            self.phrase(path + ("unit", "phrase"), rule["unit"]["phrase"], clause)
            self.input_ref(path + ("unit", "input"), rule["unit"]["input"], "unit")
        if "years" in rule:
            self.figure(
                path + ("years", "count"),
                "years",
                rule["years"]["count"],
                rule["years"]["phrase"],
                clause,
            )
        if "tiers" in rule:
            self.phrase(path + ("tiers", "phrase"), rule["tiers"]["phrase"], clause)
        if "phrase" in rule:
            self.phrase(path + ("phrase",), rule["phrase"], clause)
        if "options" in rule:
            self.options(path + ("options",), rule, clause)

    def options(self, path: tuple[Any, ...], rule: dict[str, Any], clause: str) -> None:
        options = rule["options"]
        self.input_ref(path + ("input",), options["input"], "options")
        field = "amount" if rule["kind"] == "fixed" else "cap"
        keys: set[str] = set()
        for i, choice in enumerate(options["choices"]):
            cpath = path + ("choices", i)
            if choice["key"] in keys:
                self.add(cpath + ("key",), f"choice '{choice['key']}' appears twice")
            keys.add(choice["key"])
            if field not in choice and not (field == "cap" and rule["kind"] == "rate"):
                self.add(cpath, f"each choice of a {rule['kind']} rule needs its {field}")
            money = choice.get(field)
            if money is not None:
                self.figure(
                    cpath + (field, "amount"), "yuan", money["amount"], money["phrase"], clause
                )


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def check_file(path: Path, source_path: Path | None = None) -> Result:
    try:
        loaded = load(path)
    except SourceError as error:
        return Result(None, error.problems)
    if not isinstance(loaded.data, dict):
        return Result(
            loaded,
            [Problem(1, "file", "must be a mapping with document, domains, inputs and chapters")],
        )
    problems = schema_problems(loaded)
    if source_path is None:
        source_file = _dig(loaded.data, "document", "source", "file")
        source_path = ROOT / str(source_file or "sources/policy-draft.zh.txt")
    try:
        source_text = source_path.read_text(encoding="utf-8")
    except OSError as error:
        problems.append(
            Problem(
                loaded.line_of(("document", "source", "file")),
                "document › source.file",
                f"cannot read the source text {source_path}: {error.strerror}",
            )
        )
        return Result(loaded, sorted(problems))
    checker = _Checker(loaded, source_text, tolerant=bool(problems))
    for step in (checker.document, checker.domains, checker.finder, checker.chapters):
        checker.guarded(step)
    return Result(loaded, sorted(set(problems + checker.problems)))

"""The policy as typed, immutable objects, built from the data of measures.yaml.

The same plain-data shape arrives from two places: the validated YAML (when build.py renders the
site) and the generated JSON export (in the calculator, under CPython or Pyodide). Both go through
`Policy.from_data`, so the site and the calculator read the rules one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

from . import boundary, versions
from .text import Text
from .versions import Standing, Version

LANGS = ("zh", "en")


def dec(value: Any) -> Decimal:
    """A number from the data as Decimal; strings in the JSON export, ints in YAML."""
    return Decimal(str(value))


@dataclass(frozen=True)
class Money:
    """An amount in yuan with the clause phrase that states it."""

    amount: Decimal
    phrase: str

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> "Money | None":
        return None if data is None else cls(dec(data["amount"]), str(data["phrase"]))


@dataclass(frozen=True)
class Rate:
    percent: Decimal
    phrase: str

    @property
    def fraction(self) -> Decimal:
        return self.percent / 100

    @property
    def maximum(self) -> bool:
        """最高2%, 不超过30%: the rate is the most that can be granted."""
        return boundary.is_maximum(self.phrase)


@dataclass(frozen=True)
class Threshold:
    """A figure the input must pass, with the comparison its boundary word states."""

    input: str
    value: Decimal
    unit: str  # "yuan", "percent" or "number"
    phrase: str

    @property
    def comparison(self) -> str:
        return boundary.comparison_in(self.phrase)

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> "Threshold | None":
        if data is None:
            return None
        for key, unit in (("amount", "yuan"), ("percent", "percent"), ("value", "number")):
            if key in data:
                return cls(str(data["input"]), dec(data[key]), unit, str(data["phrase"]))
        raise KeyError("threshold needs amount, percent or value")


@dataclass(frozen=True)
class Base:
    """The input a rate applies to: `phrase` locates it in the clause, `label` names it."""

    input: str
    phrase: str
    label: Text


@dataclass(frozen=True)
class Choice:
    """One answer to a choice input, and the cap or amount that answer brings."""

    key: str
    label: Text
    cap: Money | None = None
    amount: Money | None = None
    no_cap: bool = False  # the text gives a rate for this choice but publishes no cap


@dataclass(frozen=True)
class Options:
    input: str
    choices: tuple[Choice, ...]

    def get(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class Counted:
    """What a per-unit award counts (certificates) or how many years a per-year award runs."""

    input: str | None
    phrase: str
    label: Text | None = None
    count: int | None = None


@dataclass(frozen=True)
class Tiers:
    """分档: the text says the award is tiered but publishes no tiers; `by` what sets the tier
    (根据节能率水平), `funded_by` what the amount is given by (按能源托管面积), where it says."""

    phrase: str
    by: Text | None = None
    funded_by: Text | None = None


@dataclass(frozen=True)
class Rule:
    kind: str  # a name of calculator/kinds.py's registry
    threshold: Threshold | None = None
    base: Base | None = None
    rate: Rate | None = None
    cap: Money | None = None
    amount: Money | None = None
    options: Options | None = None
    unit: Counted | None = None
    years: Counted | None = None
    tiers: Tiers | None = None
    phrase: str | None = None  # where the text gives no figure: the words that say so

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> "Rule":
        base = data.get("base")
        rate = data.get("rate")
        options = data.get("options")
        unit = data.get("unit")
        years = data.get("years")
        tiers = data.get("tiers")
        return cls(
            kind=str(data["kind"]),
            threshold=Threshold.of(data.get("threshold")),
            base=Base(str(base["input"]), str(base["phrase"]), Text.of(base["label"]))
            if base
            else None,
            rate=Rate(dec(rate["percent"]), str(rate["phrase"])) if rate else None,
            cap=Money.of(data.get("cap")),
            amount=Money.of(data.get("amount")),
            options=Options(
                str(options["input"]),
                tuple(
                    Choice(
                        key=str(c["key"]),
                        label=Text.of(c["label"]),
                        cap=Money.of(c.get("cap")),
                        amount=Money.of(c.get("amount")),
                        no_cap="cap" in c and c["cap"] is None,
                    )
                    for c in options["choices"]
                ),
            )
            if options
            else None,
            unit=Counted(str(unit["input"]), str(unit["phrase"]), Text.of(unit["label"]))
            if unit
            else None,
            years=Counted(None, str(years["phrase"]), None, int(years["count"])) if years else None,
            tiers=Tiers(
                str(tiers["phrase"]), Text.of(tiers.get("by")), Text.of(tiers.get("funded_by"))
            )
            if tiers
            else None,
            phrase=str(data["phrase"]) if data.get("phrase") is not None else None,
        )

    def input_names(self) -> tuple[str, ...]:
        """The inputs this rule reads, in the order a form should ask for them."""
        names: list[str] = []
        for name in (
            self.options.input if self.options else None,
            self.threshold.input if self.threshold else None,
            self.base.input if self.base else None,
            self.unit.input if self.unit else None,
        ):
            if name and name not in names:
                names.append(name)
        return tuple(names)

    def phrases(self) -> tuple[str, ...]:
        """Every clause phrase this rule rests on, for highlighting and checking."""
        found: list[str] = []
        for item in (
            self.threshold,
            self.base,
            self.rate,
            self.cap,
            self.amount,
            self.unit,
            self.years,
            self.tiers,
        ):
            if item is not None:
                found.append(item.phrase)
        if self.phrase:
            found.append(self.phrase)
        if self.options:
            for choice in self.options.choices:
                for money in (choice.cap, choice.amount):
                    if money is not None:
                        found.append(money.phrase)
        return tuple(found)


@dataclass(frozen=True)
class InputSpec:
    name: str
    type: str  # money | percent | number | count | choice | money_list
    label: Text
    help: Text | None
    choices: tuple[Choice, ...] = ()

    @property
    def unit(self) -> Text | None:
        # Money has none: 元, 万 or 亿 is typed with the figure, and its reading shows yuan.
        return {
            "money": None,
            "money_list": None,
            "percent": Text("%", "%"),
            "count": None,
            "number": None,
            "choice": None,
        }[self.type]


@dataclass(frozen=True)
class Applicants:
    """Who may apply, where the clause names them: organisation kinds and the clause's words."""

    kinds: tuple[str, ...]
    phrase: str


@dataclass(frozen=True)
class Award:
    id: str
    measure: int
    name: Text
    recipient: Text
    conditions: tuple[Text, ...]
    rule: Rule
    notes: tuple[Text, ...] = ()
    activities: tuple[str, ...] = ()
    applicants: Applicants | None = None
    standing: Mapping[str, Standing] = field(default_factory=dict)  # by later version id


@dataclass(frozen=True)
class Measure:
    number: int
    chapter: int
    title: Text
    clause: Text
    summary: Text
    domains: tuple[str, ...]
    awards: tuple[Award, ...]
    activities: tuple[str, ...] = ()  # a measure with no award: what it concerns (() = any)
    standing: Mapping[str, Standing] = field(default_factory=dict)  # by later version id


@dataclass(frozen=True)
class EffectiveDate:
    in_text: str  # as the text writes it, e.g. 2023年xx月xx日
    published: bool


@dataclass(frozen=True)
class Paragraph:
    id: str
    text: Text
    effective_date: EffectiveDate | None = None
    validity_years: int | None = None


@dataclass(frozen=True)
class Chapter:
    number: int
    title: Text
    paragraphs: tuple[Paragraph, ...]
    measures: tuple[Measure, ...]
    numeral_in_source: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Domain:
    id: str
    name: Text
    fields: Text
    standing: Mapping[str, Standing] = field(default_factory=dict)  # by later version id


@dataclass(frozen=True)
class Choosable:
    """An answer the finder offers: an organisation kind (with the words of chapter 一 that
    name it) or an activity (`broad`: one that many kinds of organisation undertake, such as a
    demonstration project; see calculator/finder.py)."""

    id: str
    label: Text
    phrase: str | None = None
    broad: bool = False


@dataclass(frozen=True)
class Requirement:
    """What chapter 一 asks of every organisation: `phrase` in paragraph `paragraph`."""

    paragraph: str
    phrase: str
    question: Text


@dataclass(frozen=True)
class Role:
    """What an organisation makes or does, and the activities it stands for."""

    id: str
    label: Text
    activities: tuple[str, ...]


@dataclass(frozen=True)
class Finder:
    requirement: Requirement
    organisations: tuple[Choosable, ...]
    activities: tuple[Choosable, ...]
    roles: tuple[Role, ...] = ()

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> "Finder":
        req = data["requirement"]
        return cls(
            requirement=Requirement(
                str(req["paragraph"]), str(req["phrase"]), Text.of(req["question"])
            ),
            organisations=tuple(
                Choosable(str(o["id"]), Text.of(o["label"]), str(o["phrase"]))
                for o in data["organisations"]
            ),
            activities=tuple(
                Choosable(str(a["id"]), Text.of(a["label"]), broad=bool(a.get("broad")))
                for a in data["activities"]
            ),
            roles=tuple(
                Role(str(r["id"]), Text.of(r["label"]), tuple(str(x) for x in r["activities"]))
                for r in data.get("roles") or ()
            ),
        )


@dataclass(frozen=True)
class Status:
    stage: str
    label: Text
    note: Text


@dataclass(frozen=True)
class Source:
    file: str
    checked: str  # YYYY-MM-DD: when the data was last checked against the source text


@dataclass(frozen=True)
class Document:
    title: Text
    status: Status
    source: Source
    preamble: Text

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> "Document":
        status = data["status"]
        return cls(
            title=Text.of(data["title"]),
            status=Status(str(status["stage"]), Text.of(status["label"]), Text.of(status["note"])),
            source=Source(str(data["source"]["file"]), str(data["source"]["checked"])),
            preamble=Text.of(data["preamble"]),
        )


@dataclass(frozen=True)
class Policy:
    document: Document
    domains: tuple[Domain, ...]
    finder: Finder
    inputs: Mapping[str, Mapping[str, Any]]
    chapters: tuple[Chapter, ...]
    versions: tuple[Version, ...] = ()
    version: Version | None = None  # the version this policy's clauses and figures follow
    # The data revision it was built from ({commit, date, modified}), where the build knew it.
    revision: Mapping[str, Any] | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any], version: str | None = None) -> "Policy":
        """The policy as one version has it: by default the newest whose text is held."""
        all_versions = versions.all_versions(data)
        followed = version or versions.current(data)
        data = versions.view(data, followed)
        chapters = []
        for ch in data["chapters"]:
            measures = []
            for m in ch.get("measures") or ():
                number = int(m["number"])
                awards = tuple(
                    Award(
                        id=str(a["id"]),
                        measure=number,
                        name=Text.of(a["name"]),
                        recipient=Text.of(a["recipient"]),
                        conditions=tuple(Text.of(c) for c in a.get("conditions") or ()),
                        rule=Rule.of(a["rule"]),
                        notes=tuple(Text.of(n) for n in a.get("notes") or ()),
                        activities=tuple(str(x) for x in a.get("activities") or ()),
                        applicants=Applicants(
                            tuple(str(k) for k in a["applicants"]["kinds"]),
                            str(a["applicants"]["phrase"]),
                        )
                        if a.get("applicants")
                        else None,
                        standing=versions.standings(a),
                    )
                    for a in m.get("awards") or ()
                )
                measures.append(
                    Measure(
                        number=number,
                        chapter=int(ch["number"]),
                        title=Text.of(m["title"]),
                        clause=Text.of(m["clause"]),
                        summary=Text.of(m["summary"]),
                        domains=tuple(m.get("domains") or ()),
                        awards=awards,
                        activities=tuple(str(x) for x in m.get("activities") or ()),
                        standing=versions.standings(m),
                    )
                )
            chapters.append(
                Chapter(
                    number=int(ch["number"]),
                    title=Text.of(ch["title"]),
                    paragraphs=tuple(
                        Paragraph(
                            str(p["id"]),
                            Text(str(p["zh"]), str(p["en"])),
                            EffectiveDate(
                                str(p["effective_date"]["in_text"]),
                                bool(p["effective_date"]["published"]),
                            )
                            if p.get("effective_date")
                            else None,
                            int(p["validity"]["years"]) if p.get("validity") else None,
                        )
                        for p in ch.get("paragraphs") or ()
                    ),
                    measures=tuple(measures),
                    numeral_in_source=ch.get("numeral_in_source"),
                    note=Text.of(ch.get("note")),
                )
            )
        return cls(
            document=Document.of(data["document"]),
            domains=tuple(
                Domain(
                    str(d["id"]), Text.of(d["name"]), Text.of(d["fields"]), versions.standings(d)
                )
                for d in data["domains"]
            ),
            finder=Finder.of(data["finder"]),
            inputs=data["inputs"],
            chapters=tuple(chapters),
            versions=all_versions,
            version=next(v for v in all_versions if v.id == followed),
        )

    @property
    def later_versions(self) -> tuple[Version, ...]:
        """The versions newer than the one followed: what is known of each part there."""
        ids = [v.id for v in self.versions]
        return self.versions[ids.index(self.version.id) + 1 :] if self.version else ()

    def standing_of(self, award: Award, version: str) -> Standing:
        """How an award stands in a later version: its own record, else its measure's (a
        measure the same there, or removed, takes its awards along), else unknown."""
        own = award.standing.get(version)
        if own is not None:
            return own
        measure = self.measure(award.measure).standing.get(version)
        if measure is not None and measure.status in ("same", "removed"):
            return Standing(measure.status, measure.note, measure.source)
        return versions.UNKNOWN

    @property
    def measures(self) -> tuple[Measure, ...]:
        return tuple(m for ch in self.chapters for m in ch.measures)

    @property
    def awards(self) -> dict[str, Award]:
        return {a.id: a for m in self.measures for a in m.awards}

    def measure(self, number: int) -> Measure:
        return next(m for m in self.measures if m.number == number)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        return next(p for ch in self.chapters for p in ch.paragraphs if p.id == paragraph_id)

    def input_specs(self, award: Award) -> tuple[InputSpec, ...]:
        """The form an award asks for: the catalogue's labels, the award's own choices."""
        specs = []
        for name in award.rule.input_names():
            entry = self.inputs[name]
            choices = ()
            if award.rule.options and award.rule.options.input == name:
                choices = award.rule.options.choices
            specs.append(
                InputSpec(
                    name=name,
                    type=str(entry["type"]),
                    label=Text.of(entry["label"]),
                    help=Text.of(entry.get("help")),
                    choices=choices,
                )
            )
        return tuple(specs)

"""JSON Schemas (draft 2020-12) of the static API's files, and its OpenAPI 3.1 description
(sitegen/apiv1.py writes them under api/v1/schema/ and api/v1/openapi.json).

One description, two renderings: each schema file carries the shared definitions under `$defs`;
the OpenAPI document carries them under `components/schemas`. Every field of a v1 file is always
present (null where it does not apply), so every field is `required`: a field removed is a
validation failure. The published schemas allow fields added later (a consumer holding the v1
schema keeps working); tests/test_api.py also checks that no field goes undescribed.
"""

from __future__ import annotations

import copy
from typing import Any, Mapping

from calculator import kinds
from calculator.policy import Policy, Text

DIALECT = "https://json-schema.org/draft/2020-12/schema"
Json = dict[str, Any]

STRING: Json = {"type": "string"}
INTEGER: Json = {"type": "integer"}
BOOLEAN: Json = {"type": "boolean"}
NULL: Json = {"type": "null"}


def ref(name: str) -> Json:
    return {"$ref": f"#/$defs/{name}"}


def maybe(schema: Json) -> Json:
    """The value, or null where it does not apply."""
    if set(schema) == {"type"} and isinstance(schema["type"], str):
        return {"type": [schema["type"], "null"]}
    return {"anyOf": [schema, NULL]}


def obj(description: str | None = None, **properties: Json) -> Json:
    out: Json = {"type": "object"}
    if description:
        out["description"] = description
    out["properties"] = properties
    out["required"] = list(properties)
    return out


def array(items: Json) -> Json:
    return {"type": "array", "items": items}


def enum(*values: str) -> Json:
    return {"type": "string", "enum": list(values)}


TEXT = ref("text")
URL = ref("url")

DEFS: Json = {
    "text": {
        "description": "Words in both languages: Chinese (the policy's own language) and English.",
        **obj(zh=STRING, en=STRING),
    },
    "decimal": {
        "description": "A number written as a decimal string (figures are never floats).",
        "type": "string",
        "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
    },
    "url": {
        "description": "A URL relative to the file it appears in.",
        "type": "string",
        "format": "uri-reference",
    },
    "pages": {
        "description": "A page of the site in each language (URLs relative to this file).",
        **obj(zh=URL, en=URL),
    },
    "money": {
        "description": "An amount in yuan and the phrase of the clause that states it.",
        **obj(amount=ref("decimal"), phrase=STRING),
    },
    "revision": {
        "description": "The data revision: the last commit of measures.yaml, its date, and "
        "whether the file the build read differed from it.",
        **obj(commit=STRING, date=STRING, modified=BOOLEAN),
    },
    "figure_standing": enum("holds", "not_known", "none"),
}


def _source() -> Json:
    return obj(
        id=STRING,
        kind=enum("official", "third_party"),
        label=TEXT,
        publisher=maybe(TEXT),
        url=maybe(STRING),
        accessed=maybe(STRING),
        note=maybe(TEXT),
    )


def _version() -> Json:
    return obj(
        id=STRING,
        label=TEXT,
        date=maybe(STRING),
        date_note=maybe(TEXT),
        issuer=TEXT,
        held=BOOLEAN,
        followed=BOOLEAN,
        text_file=maybe(STRING),
        sources=array(_source()),
        facts=array(obj(text=TEXT, source=STRING, about=maybe(STRING))),
    )


def index_schema() -> Json:
    return obj(
        "The policy, its versions, the data revision, and every measure and award of API v1.",
        api_version={"const": "v1"},
        api=obj(
            openapi=URL,
            schemas=obj(index=URL, measure=URL, award=URL),
            said=TEXT,
        ),
        policy=obj(
            title=TEXT,
            status=obj(stage=STRING, label=TEXT, note=TEXT),
            source=obj(file=STRING, checked=STRING),
        ),
        followed_version=STRING,
        versions=array(_version()),
        revision=maybe(ref("revision")),
        licence=obj(spdx=STRING, said=TEXT),
        cite=TEXT,
        pages=ref("pages"),
        downloads=obj(**{"measures.yaml": URL, "measures.json": URL, "measures.schema.json": URL}),
        measures=array(
            obj(
                number=INTEGER,
                chapter=INTEGER,
                title=TEXT,
                awards=array(STRING),
                url=URL,
                pages=ref("pages"),
            )
        ),
        awards=array(
            obj(
                id=STRING,
                measure=INTEGER,
                name=TEXT,
                kind=STRING,
                figure=ref("figure_standing"),
                most=maybe(TEXT),
                url=URL,
            )
        ),
    )


def _standing_row() -> Json:
    return obj(
        version=STRING,
        status=enum("same", "changed", "removed", "unknown"),
        note=maybe(TEXT),
        source=maybe(STRING),
        responsible=maybe(TEXT),
    )


def measure_schema() -> Json:
    return obj(
        "A measure of the policy, as the version followed has it.",
        api_version={"const": "v1"},
        number=INTEGER,
        chapter=obj(number=INTEGER, title=TEXT),
        title=TEXT,
        version=STRING,
        clause=TEXT,
        summary=TEXT,
        domains=array(obj(id=STRING, name=maybe(TEXT))),
        activities=array(STRING),
        awards=array(obj(id=STRING, name=TEXT, url=URL)),
        versions=array(_standing_row()),
        pages=ref("pages"),
    )


def _rule() -> Json:
    labelled = obj(input=STRING, phrase=STRING, label=TEXT)
    return obj(
        "The rule as data: every field of every kind present, null where the kind has none.",
        kind=enum(*kinds.KINDS),
        threshold=maybe(
            obj(
                input=STRING,
                value=ref("decimal"),
                unit=enum("yuan", "percent", "number"),
                comparison=STRING,
                phrase=STRING,
            )
        ),
        base=maybe(labelled),
        rate=maybe(obj(percent=ref("decimal"), maximum=BOOLEAN, phrase=STRING)),
        cap=maybe(ref("money")),
        amount=maybe(ref("money")),
        options=maybe(
            obj(
                input=STRING,
                choices=array(
                    obj(
                        key=STRING,
                        label=TEXT,
                        cap=maybe(ref("money")),
                        amount=maybe(ref("money")),
                        no_cap=BOOLEAN,
                    )
                ),
            )
        ),
        unit=maybe(labelled),
        years=maybe(obj(count=maybe(INTEGER), phrase=STRING)),
        tiers=maybe(obj(phrase=STRING, by=maybe(TEXT), funded_by=maybe(TEXT))),
        phrase=maybe(STRING),
    )


def award_schema() -> Json:
    return obj(
        "An award: where a later version is known to remove it or give it no figure, `standing`"
        " leads and `figures` are the followed version's only (figures.counts is false).",
        api_version={"const": "v1"},
        id=STRING,
        name=TEXT,
        recipient=TEXT,
        measure=obj(number=INTEGER, title=TEXT, url=URL),
        standing=obj(
            figure=ref("figure_standing"),
            version=maybe(STRING),
            status=maybe(STRING),
            counts=BOOLEAN,
            said=maybe(TEXT),
        ),
        most=maybe(TEXT),
        rule_said=TEXT,
        figures=obj(
            version=STRING,
            counts=BOOLEAN,
            said=TEXT,
            list=array(
                obj(
                    field=STRING,
                    value=ref("decimal"),
                    unit=enum("yuan", "percent", "number", "years"),
                    phrase=STRING,
                )
            ),
        ),
        rule=_rule(),
        clause=TEXT,
        inputs=array(
            obj(
                name=STRING,
                type=enum("money", "money_list", "percent", "number", "count", "choice"),
                label=TEXT,
                unit=maybe(TEXT),
                help=maybe(TEXT),
                hint=maybe(TEXT),
                choices=array(obj(key=STRING, label=TEXT)),
            )
        ),
        conditions=array(TEXT),
        notes=array(TEXT),
        applicants=maybe(obj(kinds=array(STRING), phrase=STRING)),
        activities=array(STRING),
        versions=array(
            obj(
                version=STRING,
                followed=BOOLEAN,
                status=enum("followed", "same", "changed", "removed", "unknown"),
                figure=maybe(STRING),
                note=maybe(TEXT),
                source=maybe(STRING),
                responsible=maybe(TEXT),
            )
        ),
        application=obj(
            "How to apply, where known: none of it is in the data yet (known: false).",
            known=BOOLEAN,
            said=TEXT,
            facts=array(obj(topic=STRING, text=TEXT, source=maybe(STRING))),
        ),
        pages=ref("pages"),
        calculator=ref("pages"),
        embed=ref("pages"),
    )


BODIES = {"index": index_schema, "measure": measure_schema, "award": award_schema}


def schemas() -> dict[str, Json]:
    """Each file's schema, standalone (its own $defs)."""
    return {
        kind: {"$schema": DIALECT, "title": f"{kind} (API v1)", **body(), "$defs": DEFS}
        for kind, body in BODIES.items()
    }


def _components(value: Any) -> Any:
    """The same schema with its references pointing into the OpenAPI document's components."""
    if isinstance(value, dict):
        return {
            k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" else _components(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_components(v) for v in value]
    return value


def _get(summary: str, schema: str, parameter: Json | None = None) -> Json:
    operation: Json = {
        "summary": summary,
        "operationId": "get" + schema.capitalize(),
        "responses": {
            "200": {
                "description": summary,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                },
            },
        },
    }
    if parameter:
        operation["parameters"] = [parameter]
        operation["responses"]["404"] = {"description": "No such file."}
    return {"get": operation}


def openapi(policy: Policy, words: Mapping[str, Text]) -> Json:
    measures = [m.number for m in policy.measures]
    awards = list(policy.awards)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": DIALECT,
        "info": {
            "title": f"{policy.document.title.zh} — API v1",
            "version": "1",
            "summary": words["api_about"].en,
            "description": words["api_openapi"].en,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": ".", "description": "api/v1/ of the site: the folder of this file"}],
        "paths": {
            "/index.json": _get("The policy, its versions, every measure and award", "index"),
            "/measures/{number}.json": _get(
                "One measure",
                "measure",
                {
                    "name": "number",
                    "in": "path",
                    "required": True,
                    "description": "The measure's number (1, 2, … as the text numbers them).",
                    "schema": {"type": "integer", "enum": measures},
                },
            ),
            "/awards/{id}.json": _get(
                "One award",
                "award",
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "description": "The award's id: measure.number (4.1).",
                    "schema": {"type": "string", "enum": awards},
                },
            ),
        },
        "components": {
            "schemas": _components(
                {**DEFS, **{kind: copy.deepcopy(body()) for kind, body in BODIES.items()}}
            )
        },
    }

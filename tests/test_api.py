"""The static API v1 (sitegen/apiv1.py, decisions/0013): every file valid against its JSON Schema
(the jsonschema library, not our code), the OpenAPI document valid (openapi-spec-validator), no
field of v1 removed or retyped (tests/fixtures/api-v1-fields.json), the standing leading where a
later version drops a figure, and, on the built site, every file in place and every URL in it
leading to a file of the site. The tests of code run on the frozen fixture (tests/frozen.py)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

import apifields
import frozen
from calculator.policy import Policy
from calculator.standing import figure_standing
from sitegen import apischema, apiv1


@pytest.fixture(scope="module")
def documents():
    return apiv1.documents(frozen.policy())


def kind_of(name: str) -> str | None:
    """Which schema a file of the API follows: index, measure, award (None: schema, OpenAPI)."""
    if name == "index.json":
        return "index"
    folder = name.split("/")[0]
    return {"measures": "measure", "awards": "award"}.get(folder)


def strict(schema):
    """The schema with no field left undescribed: every object closed to other properties."""
    if isinstance(schema, dict):
        out = {k: strict(v) for k, v in schema.items()}
        if "properties" in schema:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


def validator(schema):
    return Draft202012Validator(schema, format_checker=FormatChecker())


# ---- the files against their schemas ----------------------------------------------------------


def test_every_schema_is_a_valid_draft_2020_12_schema(documents):
    schemas = {n: d for n, d in documents.items() if n.startswith("schema/")}
    assert sorted(schemas) == [f"schema/{k}.schema.json" for k in ("award", "index", "measure")]
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)


def test_every_file_validates_against_its_schema_and_describes_every_field(documents):
    checked = {"index": 0, "measure": 0, "award": 0}
    for name, document in documents.items():
        kind = kind_of(name)
        if kind is None:
            continue
        schema = documents[f"schema/{kind}.schema.json"]
        errors = [e.message for e in validator(schema).iter_errors(document)]
        errors += [
            f"undescribed: {e.message}" for e in validator(strict(schema)).iter_errors(document)
        ]
        assert errors == [], name
        checked[kind] += 1
    policy = frozen.policy()
    assert checked == {"index": 1, "measure": len(policy.measures), "award": len(policy.awards)}


@pytest.mark.parametrize(
    "path, change",
    [
        (("standing",), "remove"),  # a field gone
        (("figures", "list", 0, "value"), 30),  # a decimal string become a number
        (("name", "en"), None),  # a text's language missing its words
        (("inputs", 0, "type"), "float"),  # a value outside its list
    ],
)
def test_a_file_missing_a_field_or_with_a_wrong_type_fails_its_schema(documents, path, change):
    document = copy.deepcopy(documents["awards/4.1.json"])
    *parents, last = path
    holder = document
    for key in parents:
        holder = holder[key]
    if change == "remove":
        del holder[last]
    else:
        holder[last] = change
    with pytest.raises(ValidationError):
        validator(documents["schema/award.schema.json"]).validate(document)


# ---- OpenAPI ------------------------------------------------------------------------------------


def test_the_openapi_document_is_valid_openapi_3_1(documents):
    spec = documents["openapi.json"]
    assert spec["openapi"] == "3.1.0"
    validate(spec, cls=OpenAPIV31SpecValidator)
    assert set(spec["paths"]) == {"/index.json", "/measures/{number}.json", "/awards/{id}.json"}


def test_the_openapi_validator_refuses_a_broken_document(documents):
    """The validator is real: a path parameter left undeclared is refused."""
    spec = copy.deepcopy(documents["openapi.json"])
    del spec["paths"]["/awards/{id}.json"]["get"]["parameters"]
    with pytest.raises(OpenAPIValidationError):
        validate(spec, cls=OpenAPIV31SpecValidator)


def test_every_file_validates_against_the_openapi_documents_own_schemas(documents):
    """The schemas inside openapi.json are the schema files' own: each file passes both."""
    spec = documents["openapi.json"]
    policy = frozen.policy()
    paths = {
        "index.json": "/index.json",
        **{apiv1.measure_file(m.number): "/measures/{number}.json" for m in policy.measures},
        **{apiv1.award_file(a): "/awards/{id}.json" for a in policy.awards},
    }
    for name, path in paths.items():
        operation = spec["paths"][path]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        validator({**schema, "components": spec["components"]}).validate(documents[name])
        for parameter in operation.get("parameters", []):
            value = name.rsplit("/", 1)[-1].removesuffix(".json")
            value = int(value) if parameter["schema"]["type"] == "integer" else value
            assert value in parameter["schema"]["enum"]


# ---- v1 is frozen ------------------------------------------------------------------------------


def test_no_field_of_v1_is_removed_or_changes_type():
    frozen_fields = json.loads(apifields.SNAPSHOT.read_text(encoding="utf-8"))
    current = apifields.fields(apischema.schemas())
    assert apifields.breaks(frozen_fields, current) == [], (
        "v1 is published: a field removed, made optional or retyped is a breaking change; "
        "publish it as v2 beside v1 (decisions/0013)"
    )
    added = sorted(set(current) - set(frozen_fields))
    assert added == [], "new fields of v1: freeze them with python tests/apifields.py --add"


@pytest.mark.parametrize(
    "kind, field, change",
    [
        ("award", "standing", "remove"),
        ("award", "figures", "retype"),
        ("index", "revision", "require-less"),
    ],
)
def test_the_snapshot_catches_a_field_removed_retyped_or_made_optional(kind, field, change):
    schemas = apischema.schemas()
    schema = copy.deepcopy(schemas[kind])
    if change == "remove":
        del schema["properties"][field]
        schema["required"].remove(field)
    elif change == "retype":
        schema["properties"][field] = {"type": "string"}
    else:
        schema["required"].remove(field)
    before = apifields.fields(schemas)
    after = apifields.fields({**schemas, kind: schema})
    assert [b for b in apifields.breaks(before, after) if b.startswith(f"{kind}: {field}")]


# ---- what the files say -------------------------------------------------------------------------


def test_every_measure_and_award_has_its_file_and_the_index_leads_to_it(documents):
    policy = frozen.policy()
    index = documents["index.json"]
    assert [m["number"] for m in index["measures"]] == [m.number for m in policy.measures]
    assert [a["id"] for a in index["awards"]] == list(policy.awards)
    base = "https://site.example/api/v1/"

    def target(of: str, url: str) -> str:
        return urljoin(base + of, url).removeprefix(base)

    for entry in index["measures"] + index["awards"]:
        assert target("index.json", entry["url"]) in documents
    for number in (m.number for m in policy.measures):
        doc = documents[apiv1.measure_file(number)]
        for award in doc["awards"]:
            assert target(apiv1.measure_file(number), award["url"]) == apiv1.award_file(award["id"])
    for award_id, award in policy.awards.items():
        doc = documents[apiv1.award_file(award_id)]
        assert target(apiv1.award_file(award_id), doc["measure"]["url"]) == apiv1.measure_file(
            award.measure
        )


def test_an_awards_figures_are_its_rules_with_their_phrases(documents):
    """Every figure of every rule, as a decimal string with the phrase that states it."""
    for award_id, award in frozen.policy().awards.items():
        doc = documents[apiv1.award_file(award_id)]
        listed = {(f["value"], f["phrase"]) for f in doc["figures"]["list"]}
        rule = award.rule
        expected = {(str(m.amount), m.phrase) for m in (rule.cap, rule.amount) if m}
        expected |= {(str(rule.rate.percent), rule.rate.phrase)} if rule.rate else set()
        for choice in rule.options.choices if rule.options else ():
            expected |= {(str(m.amount), m.phrase) for m in (choice.cap, choice.amount) if m}
        assert expected <= listed, award_id
        for figure in doc["figures"]["list"]:
            Decimal(figure["value"])  # a decimal string, never a float
            assert figure["phrase"] in doc["clause"]["zh"], award_id


def test_inputs_are_the_calculators_in_both_languages(documents):
    from calculator.api import describe_award

    policy = frozen.policy()
    for award_id, award in policy.awards.items():
        doc = documents[apiv1.award_file(award_id)]
        for lang in ("zh", "en"):
            described = describe_award(policy, award, lang)["inputs"]
            assert [i["name"] for i in doc["inputs"]] == [i["name"] for i in described]
            assert [i["label"][lang] for i in doc["inputs"]] == [i["label"] for i in described]


def _removed(award_id: str) -> Policy:
    data = frozen.data()
    award = next(
        a
        for ch in data["chapters"]
        for m in ch.get("measures") or ()
        for a in m.get("awards") or ()
        if a["id"] == award_id
    )
    award["versions"] = {
        "issued": {
            "status": "removed",
            "source": "reprint",
            "note": {"zh": "删去。", "en": "Removed."},
        }
    }
    return Policy.from_data(data)


def test_where_a_later_version_removes_an_award_its_standing_leads_and_the_figures_are_the_drafts():
    policy = _removed("4.1")
    documents = apiv1.documents(policy)
    doc = documents["awards/4.1.json"]
    keys = list(doc)
    assert keys.index("standing") < keys.index("figures") < keys.index("rule")
    assert doc["standing"]["figure"] == "none" and doc["standing"]["counts"] is False
    assert doc["standing"]["said"]["en"] == "Removed in the issued version."
    assert doc["figures"]["counts"] is False and doc["figures"]["version"] == policy.version.id
    assert "only" in doc["figures"]["said"]["en"] and "draft" in doc["figures"]["said"]["en"]
    assert doc["most"]["en"].startswith("Removed in the issued version")
    assert doc["versions"][1] == {
        "version": "issued",
        "followed": False,
        "status": "removed",
        "figure": None,
        "note": {"zh": "删去。", "en": "Removed."},
        "source": "reprint",
        "responsible": None,
    }
    listed = next(a for a in documents["index.json"]["awards"] if a["id"] == "4.1")
    assert listed["figure"] == "none" and listed["most"] == doc["most"]
    # Every other award keeps its figure leading, as calculator/standing.py says.
    for award_id, award in policy.awards.items():
        if award_id != "4.1":
            assert documents[apiv1.award_file(award_id)]["standing"]["counts"] is (
                figure_standing(policy, award).counts
            )


def test_application_facts_are_the_datas_never_invented(documents):
    # The frozen fixture records measure 1's responsible units (the reprint) and nothing else of
    # applying: that one fact, with its source, on measure 1 and its awards; the rest not known.
    policy = frozen.policy()
    for name, doc in documents.items():
        if kind_of(name) not in ("award", "measure"):
            continue
        app = doc["application"]
        number = doc["number"] if kind_of(name) == "measure" else doc["measure"]["number"]
        responsible = policy.measure(1).standing["issued"].responsible
        if number == 1:
            assert app["responsible"] == {"units": apiv1.text(responsible), "source": "reprint"}
            assert [(f["topic"], f["source"]) for f in app["facts"]] == [("responsible", "reprint")]
            assert responsible.zh in app["facts"][0]["text"]["zh"] and app["known"] is True
        else:
            assert app["known"] is False and app["facts"] == [] and app["responsible"] is None
        assert app["where"] is None and app["window"] is None
        assert app["without_application"] is None
        assert app["status"] == {"value": "not_yet_known", "source": None}
        assert "not yet known" in app["said"]["en"] and "尚不清楚" in app["said"]["zh"]


def test_the_api_gives_a_notices_fields_with_their_sources():
    from calculator.policy import Policy as P
    from sitegen.yamlsource import load

    fixture = Path(__file__).resolve().parent / "fixtures" / "application" / "measures.yaml"
    docs = apiv1.documents(P.from_data(load(fixture).data))
    app = docs[apiv1.award_file("4.2")]["application"]
    assert app["window"] == {"from": "2025-04-01", "to": "2025-04-15", "source": "notice"}
    assert app["where"]["url"] == "https://example.org/apply"
    assert app["status"] == {"value": "closed", "source": "notice"}
    assert app["without_application"] == {"value": False, "source": "notice"}
    assert {f["topic"] for f in app["facts"]} == {
        "where",
        "window",
        "status",
        "without_application",
    }
    for name, doc in docs.items():
        kind = kind_of(name)
        if kind in ("award", "measure"):
            validator(apischema.schemas()[kind]).validate(doc)


def test_the_index_names_the_revision_and_how_to_cite_it():
    import dataclasses

    revision = {"commit": "0123456789abcdef0123", "date": "2026-12-01", "modified": False}
    policy = dataclasses.replace(frozen.policy(), revision=revision)
    index = apiv1.documents(policy)["index.json"]
    assert index["revision"] == revision
    assert "0123456789ab" in index["cite"]["en"] and "2026-12-01" in index["cite"]["zh"]
    unknown = apiv1.documents(frozen.policy())["index.json"]
    assert unknown["revision"] is None and "does not know" in unknown["cite"]["en"]


def test_write_removes_the_file_of_an_award_gone(tmp_path):
    policy = frozen.policy()
    apiv1.write(policy, tmp_path)
    stale = tmp_path / "awards" / "99.9.json"
    stale.write_text("{}", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.json") if p != stale}
    apiv1.write(policy, tmp_path)
    assert not stale.exists()
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.json")} == before  # unchanged


# ---- the built site ---------------------------------------------------------------------------


def _site_files(site: Path) -> dict[str, dict]:
    root = site / "api" / "v1"
    return {p.relative_to(root).as_posix(): json.loads(p.read_text()) for p in root.rglob("*.json")}


def test_live_built_api_files_validate_and_every_url_leads_to_a_file(built_site):
    from calculator.api import load_policy

    files = _site_files(built_site)
    policy = load_policy()
    assert len([n for n in files if kind_of(n) == "award"]) == len(policy.awards)
    validate(files["openapi.json"], cls=OpenAPIV31SpecValidator)
    missing = []
    for name, document in files.items():
        kind = kind_of(name)
        if kind is None:
            continue
        validator(files[f"schema/{kind}.schema.json"]).validate(document)
        for url in _urls(document):
            if url is None or urlparse(url).scheme:  # a source's own address, on its host
                continue
            target = urlparse(urljoin(f"/api/v1/{name}", url))
            path = built_site / unquote(target.path).lstrip("/")
            if target.path.endswith("/"):
                path = path / "index.html"
            if not path.is_file():
                missing.append(f"{name}: {url}")
    assert missing == []
    revision = json.loads((Path(built_site).parent / "calculator/data/revision.json").read_text())
    assert files["index.json"]["revision"] == revision


def _urls(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("url", "pages", "calculator", "embed", "downloads", "openapi", "schemas"):
                yield from (v.values() if isinstance(v, dict) else [v])
            else:
                yield from _urls(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _urls(v, key)


def test_the_api_is_served_as_json_and_is_no_page(built_site):
    """MkDocs copies the files as they are: no HTML page of them, no search entry."""
    files = _site_files(built_site)
    assert "index.json" in files and "openapi.json" in files
    assert not (built_site / "api" / "v1" / "index.html").exists()
    assert not (built_site / "en" / "api").exists()

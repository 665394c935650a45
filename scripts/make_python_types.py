#!/usr/bin/python3
"""Generates the Python record types from the JSON Schema (docs/schema/vocfab.schema.json).

The schema is itself generated from the entity descriptions (include/vocfab/model/description.h,
by tools/schema), so one description drives both. This writes:

- bindings/python/vocfab/records.py: a ``TypedDict`` per object in the schema's ``$defs`` (the
  ten record kinds, their nested values, the policy, the audit trail) and one for the whole
  document; required fields are required keys, the others ``total=False`` keys; a ``Literal``
  alias per enumeration (``CollectionName`` for the collection names);
- the ``@overload``s of ``Dataset.get`` and ``Dataset.list`` in bindings/python/vocfab/dataset.py,
  between its ``# BEGIN GENERATED`` and ``# END GENERATED`` lines: one per collection.

Standard library only; deterministic.

    /usr/bin/python3 scripts/make_python_types.py          # regenerate
    /usr/bin/python3 scripts/make_python_types.py --check  # exit 1 if a file is stale

``cmake --build --preset dev --target schema`` regenerates the schema, then runs this.
"""

from __future__ import annotations

import argparse
import json
import keyword
import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "docs" / "schema" / "vocfab.schema.json"
RECORDS = ROOT / "bindings" / "python" / "vocfab" / "records.py"
DATASET = ROOT / "bindings" / "python" / "vocfab" / "dataset.py"

#: The ``$defs`` entry of the collection names, and the Python name of its alias.
COLLECTION_ENUM = "collection_name"
#: The Python name of the whole document's type.
DOCUMENT = "Document"

Json = Dict[str, Any]


def camel(words: str) -> str:
    """``"job preferences"`` or ``"job_preferences"`` → ``JobPreferences``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[ _]+", words) if part)


def docstring(text: str) -> str:
    """A schema sentence as reStructuredText: `x` is literal text there."""
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)


def wrap(text: str, indent: str, width: int = 100) -> List[str]:
    """@p text in lines of at most @p width characters, each starting with @p indent."""
    lines: List[str] = []
    line = ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


def literal_alias(alias: str, values: str) -> List[str]:
    """``Alias = Literal[...]``, wrapped under its opening bracket when long."""
    line = f"{alias} = Literal[{values}]"
    if len(line) <= 100:
        return [line]
    body = wrap(values, " " * len(f"{alias} = Literal["))
    body[0] = f"{alias} = Literal[" + body[0].lstrip()
    body[-1] += "]"
    return body


class Generator:
    def __init__(self, schema: Json) -> None:
        self.schema = schema
        self.defs: Json = schema["$defs"]
        self.enums = {name: d for name, d in self.defs.items() if "enum" in d}
        self.objects = {name: d for name, d in self.defs.items()
                        if d.get("type") == "object" and "properties" in d}

    # -- names and types --------------------------------------------------------------------

    def enum_name(self, name: str) -> str:
        return "CollectionName" if name == COLLECTION_ENUM else camel(name)

    def class_name(self, name: str) -> str:
        return camel(self.objects[name].get("title", name))

    def resolve(self, pointer: str) -> Json:
        if not pointer.startswith("#/"):
            raise SystemExit(f"a reference outside the schema: {pointer}")
        node: Any = self.schema
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        if not isinstance(node, dict):
            raise SystemExit(f"{pointer} is not a schema")
        return node

    def py_type(self, schema: Json) -> str:
        """The Python annotation of a value that matches @p schema."""
        if "$ref" in schema:
            pointer = schema["$ref"]
            match = re.fullmatch(r"#/\$defs/([A-Za-z0-9_]+)", pointer)
            if match and match.group(1) in self.enums:
                return self.enum_name(match.group(1))
            if match and match.group(1) in self.objects:
                return self.class_name(match.group(1))
            return self.py_type(self.resolve(pointer))
        if "const" in schema:
            return f"Literal[{schema['const']!r}]"
        if "enum" in schema:
            return "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
        kind = schema.get("type")
        if kind == "array":
            return f"List[{self.py_type(schema.get('items', {}))}]"
        simple = {"string": "str", "integer": "int", "boolean": "bool", "number": "float",
                  "object": "Dict[str, Any]"}
        if kind in simple:
            return simple[kind]
        raise SystemExit(f"no Python type for the schema {json.dumps(schema)[:200]}")

    # -- records.py -------------------------------------------------------------------------

    def typed_dict(self, name: str, definition: Json, doc: str) -> List[str]:
        properties: Json = definition["properties"]
        required = set(definition.get("required", []))
        for key in properties:
            if not key.isidentifier() or keyword.iskeyword(key):
                raise SystemExit(f"{name}.{key}: not a Python identifier; a TypedDict class cannot hold it")

        def fields(keys: List[str]) -> List[str]:
            out: List[str] = []
            for key in keys:
                description = properties[key].get("description")
                if description is None and "$ref" in properties[key]:
                    description = self.resolve(properties[key]["$ref"]).get("description")
                if description:
                    out += wrap(docstring(description), "    #: ")
                out.append(f"    {key}: {self.py_type(properties[key])}")
            return out

        mandatory = [k for k in properties if k in required]
        optional = [k for k in properties if k not in required]
        doc_lines = ['    """' + doc + '"""'] if len(doc) < 90 else (
            ['    """'] + wrap(doc, "    ") + ['    """'])
        lines: List[str] = []
        if mandatory and optional:
            lines += [f"class _{name}Required(TypedDict):"]
            lines += [f'    """The required keys of :class:`{name}`."""', ""] + fields(mandatory)
            lines += ["", "", f"class {name}(_{name}Required, total=False):"]
            lines += doc_lines + [""] + fields(optional)
        elif mandatory:
            lines += [f"class {name}(TypedDict):"] + doc_lines + [""] + fields(mandatory)
        else:
            lines += [f"class {name}(TypedDict, total=False):"] + doc_lines + [""] + fields(optional)
        return lines

    def collections(self) -> List[Tuple[str, str]]:
        """(collection name, record class) for each collection, in document order."""
        names = self.defs[COLLECTION_ENUM]["enum"]
        out = []
        for key, prop in self.schema["properties"].items():
            if key in names:
                out.append((key, self.py_type(prop["items"])))
        if [name for name, _ in out] != names:
            raise SystemExit("the document's collections are not the collection names in order")
        return out

    def records_py(self) -> str:
        out: List[str] = [
            '"""Type hints for the records: one ``TypedDict`` per entity, in the interchange format.',
            "",
            "Generated by scripts/make_python_types.py from docs/schema/vocfab.schema.json, which is",
            "generated from the entity descriptions (include/vocfab/model/description.h): do not edit;",
            "run ``cmake --build --preset dev --target schema`` (or the script) instead.",
            "",
            "Records are plain dicts at run time; these types only tell a type checker (and a reader) which",
            "fields exist and what they hold. Required fields are required keys; optional and defaulted",
            "ones are ``total=False`` keys (the library always returns the defaulted ones). A trainee's",
            "identity fields (``national_id``, names, ``birth_date``, …) are absent once the person is",
            "erased (``erased``, ``birth_year``). Dates are ISO ``YYYY-MM-DD`` strings, ids canonical",
            "lowercase UUID strings, enumerations snake_case strings. The format may grow new fields; the",
            "library ignores fields it does not know.",
            "",
            "``Dataset.get`` and ``Dataset.list`` are typed with these, e.g. ``ds.get(\"trainees\", key)`` is a",
            ":class:`Trainee` for a type checker. :class:`Document` is the whole document",
            "(``json.loads(ds.to_json())``).",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from typing import List, Literal, TypedDict",
            "",
        ]
        names: List[str] = []
        for name, definition in self.enums.items():
            alias = self.enum_name(name)
            names.append(alias)
            out += wrap(docstring(definition.get("description", "")), "#: ")
            values = ", ".join(json.dumps(v) for v in definition["enum"])
            out += literal_alias(alias, values)
        for name, definition in self.objects.items():
            cls = self.class_name(name)
            names.append(cls)
            doc = definition.get("description") or definition.get("title", name) + "."
            out += ["", ""] + self.typed_dict(cls, definition, docstring(doc))
        root = {"properties": self.schema["properties"], "required": self.schema.get("required", [])}
        names.append(DOCUMENT)
        out += ["", ""] + self.typed_dict(DOCUMENT, root, "A whole dataset document (docs/format.md).")
        out += ["", ""]
        out += ["__all__ = ["] + wrap(", ".join(f'"{n}"' for n in names) + ",", "    ") + ["]"]
        return "\n".join(out) + "\n"

    # -- dataset.py overloads ---------------------------------------------------------------

    def overloads(self, method: str) -> List[str]:
        lines = []
        for collection, cls in self.collections():
            if method == "get":
                lines += ["    @overload",
                          f'    def get(self, collection: Literal["{collection}"], key: str, *,  # type: ignore[misc]',
                          f"            reveal_national_ids: bool = ...) -> records.{cls}: ..."]
            else:
                lines += ["    @overload",
                          f'    def list(self, collection: Literal["{collection}"], *,  # type: ignore[misc]',
                          f"             reveal_national_ids: bool = ...) -> List[records.{cls}]: ..."]
        if method == "get":
            lines += ["    @overload",
                      "    def get(self, collection: str, key: str, *, reveal_national_ids: bool = ...) -> JsonObject: ..."]
        else:
            lines += ["    @overload",
                      "    def list(self, collection: str, *, reveal_national_ids: bool = ...) -> List[JsonObject]: ..."]
        return lines

    def dataset_py(self, text: str) -> str:
        for method in ("get", "list"):
            begin = f"    # BEGIN GENERATED {method} overloads (scripts/make_python_types.py; do not edit)\n"
            end = f"    # END GENERATED {method} overloads\n"
            if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
                raise SystemExit(f"{DATASET.relative_to(ROOT)}: expected one region\n{begin}...\n{end}")
            head, rest = text.split(begin)
            _, tail = rest.split(end)
            text = head + begin + "\n".join(self.overloads(method)) + "\n" + end + tail
        return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if a file differs from a fresh generation")
    args = ap.parse_args()

    generator = Generator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    outputs = {
        RECORDS: generator.records_py(),
        DATASET: generator.dataset_py(DATASET.read_text(encoding="utf-8")),
    }
    stale = []
    for path, text in outputs.items():
        if path.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("stale (not what docs/schema/vocfab.schema.json gives): " + ", ".join(stale) + "\n"
              "regenerate with: cmake --build --preset dev --target schema\n"
              "             or: /usr/bin/python3 scripts/make_python_types.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Wire types and the operation registry, generated from schema/ by `sdext codegen`. DO NOT EDIT.

- `models`: Pydantic v2 models of every schema type (datamodel-code-generator).
- `operations`: one `OperationSpec` per wire operation and `REGISTRY`, keyed by method.
- `manifest`: the extension manifest model; `manifest.schema.json` its JSON Schema.
"""

ABI_VERSION = 1
SDK_VERSION = "0.2.0"
MAX_METHOD_BYTES = 256
"""The longest method string the ABI carries; the host refuses longer ones before copying them."""

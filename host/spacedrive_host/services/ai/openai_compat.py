"""A client for OpenAI-compatible servers (Ollama, llama.cpp's llama-server, vLLM, OpenAI).

- embeddings: `POST {base_url}/embeddings` with `{"model", "input": [texts]}`; the vectors
  are L2-normalised here, whatever the server does.
- classification and extraction: `POST {base_url}/chat/completions` at temperature 0 with
  a JSON-schema `response_format` (structured output), so the answer is JSON of a known
  shape; it is parsed and checked before it is returned.

`base_url` includes the API prefix, as OpenAI's own clients expect: e.g.
`http://127.0.0.1:11434/v1` (Ollama) or `http://127.0.0.1:8080/v1` (llama-server).
Failures map to wire errors: no answer within `timeout_s` (connect plus the whole
response) -> `timeout`; a refused connection, an HTTP error status or an answer that is
not what the protocol promises -> `upstream_error`. Only the standard library is used.
"""

from __future__ import annotations

import json
import math
import os
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from spacedrive_host.core.errors import ErrorCode, OperationError

from .fields import RECEIPT_FIELDS, FieldSpec, coerce, parse_fields
from .interfaces import ClassifyResult, EmbeddingResult, LabelSpec

MAX_RESPONSE_BYTES = 32 * 1024 * 1024
SYSTEM_PROMPT = (
    "You read documents for a file manager. Follow the user's instruction and answer only with JSON "
    "matching the given schema. Use null for a field the document does not contain; never invent values. "
    "Dates are ISO 8601 (YYYY-MM-DD); amounts are plain numbers; currencies are ISO 4217 codes."
)


@dataclass(frozen=True)
class OpenAiCompatClient:
    base_url: str
    chat_model: str
    embedding_model: str
    api_key_env: str | None = None
    timeout_s: float = 60.0

    backend = "openai"

    # -- HTTP

    def post(self, path: str, body: dict[str, Any]) -> Any:
        url = self.base_url.rstrip("/") + "/" + path
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key_env:
            key = os.environ.get(self.api_key_env)
            if key:
                headers["Authorization"] = f"Bearer {key}"
        request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
        deadline = time.monotonic() + self.timeout_s
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                raw = _read_until(response, deadline)
        except urllib.error.HTTPError as exc:
            detail = exc.read(2048).decode("utf-8", "replace").strip()
            raise OperationError(
                ErrorCode.upstream_error,
                f"AI server answered HTTP {exc.code} for {path}",
                {"url": url, "status": exc.code, "body": detail[:500]},
            ) from None
        except TimeoutError:
            raise self._timeout(url) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise self._timeout(url) from None
            raise OperationError(
                ErrorCode.upstream_error, f"AI server unreachable: {exc.reason}", {"url": url}
            ) from None
        except OSError as exc:  # reset connections and the like
            raise OperationError(
                ErrorCode.upstream_error, f"AI server connection failed: {exc}", {"url": url}
            ) from None
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise OperationError(
                ErrorCode.upstream_error, f"AI server answered {path} with something that is not JSON", {"url": url}
            ) from None

    def _timeout(self, url: str) -> OperationError:
        return OperationError(ErrorCode.timeout, f"AI server did not answer within {self.timeout_s:g} s", {"url": url})

    # -- embeddings

    def embed(self, texts: list[str]) -> EmbeddingResult:
        if not self.embedding_model:
            raise OperationError(ErrorCode.internal, "ai.embedding_model is not configured for the openai backend")
        answer = self.post("embeddings", {"model": self.embedding_model, "input": texts})
        try:
            items = sorted(answer["data"], key=lambda item: item["index"])
            vectors = [[float(x) for x in item["embedding"]] for item in items]
        except (KeyError, TypeError, ValueError):
            raise _malformed("embeddings", "no data[].embedding / data[].index") from None
        if len(vectors) != len(texts) or not vectors or len({len(v) for v in vectors}) != 1 or not vectors[0]:
            raise _malformed("embeddings", f"{len(vectors)} vectors of mixed or zero size for {len(texts)} texts")
        normalised = []
        for vector in vectors:
            norm = math.sqrt(sum(x * x for x in vector))
            if not math.isfinite(norm) or norm == 0.0:
                raise _malformed("embeddings", "a zero or non-finite vector")
            normalised.append([x / norm for x in vector])
        model = answer.get("model") if isinstance(answer.get("model"), str) else self.embedding_model
        return EmbeddingResult(normalised, model or self.embedding_model, len(normalised[0]), self.backend)

    # -- classification and extraction

    def classify(
        self, text: str, prompt: str, labels: list[LabelSpec] | None, fields: list[FieldSpec] | None
    ) -> ClassifyResult:
        if not self.chat_model:
            raise OperationError(ErrorCode.internal, "ai.chat_model is not configured for the openai backend")
        if labels:
            return self._classify_labels(text, prompt, labels)
        return self._extract(text, prompt, fields if fields is not None else parse_fields(RECEIPT_FIELDS))

    def _chat(self, name: str, schema: dict[str, Any], prompt: str, document: str) -> dict[str, Any]:
        body = {
            "model": self.chat_model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"{prompt}\n\n{document}"},
            ],
            "response_format": {"type": "json_schema", "json_schema": {"name": name, "strict": True, "schema": schema}},
        }
        answer = self.post("chat/completions", body)
        try:
            content = answer["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise _malformed("chat/completions", "no choices[0].message.content") from None
        try:
            data = json.loads(content)
        except (TypeError, json.JSONDecodeError):
            raise _malformed("chat/completions", "the message content is not JSON") from None
        if not isinstance(data, dict):
            raise _malformed("chat/completions", "the message content is not a JSON object")
        return data

    def _classify_labels(self, text: str, prompt: str, labels: list[LabelSpec]) -> ClassifyResult:
        names = [label.name for label in labels]
        schema = {
            "type": "object",
            "additionalProperties": False,
            "required": ["label", "scores"],
            "properties": {
                "label": {"type": "string", "enum": names},
                "scores": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": names,
                    "properties": {name: {"type": "number", "minimum": 0, "maximum": 1} for name in names},
                    "description": "Your confidence from 0 to 1 that each label applies.",
                },
            },
        }
        listing = "\n".join(
            f"- {label.name}: {label.description}" if label.description else f"- {label.name}" for label in labels
        )
        data = self._chat("classification", schema, prompt, f"Labels:\n{listing}\n\nDocument:\n{text}")
        label = data.get("label")
        if label not in names:
            raise _malformed("chat/completions", f"label {label!r} is not one of the candidates")
        given = data.get("scores")
        raw_scores: dict[str, Any] = given if isinstance(given, dict) else {}
        scores = {name: _score(raw_scores.get(name)) for name in names}
        ranked = sorted(scores.items(), key=lambda pair: (pair[0] != label, -pair[1]))
        return ClassifyResult(
            result={"label": label, "score": scores[label]},
            labels=ranked,
            method="llm",
            backend=self.backend,
            model=self.chat_model,
        )

    def _extract(self, text: str, prompt: str, fields: list[FieldSpec]) -> ClassifyResult:
        schema = {
            "type": "object",
            "additionalProperties": False,
            "required": [f.name for f in fields],
            "properties": {f.name: f.json_schema() for f in fields},
        }
        data = self._chat("extraction", schema, prompt, f"Document:\n{text}")
        result = {f.name: coerce(data.get(f.name), f) for f in fields}
        return ClassifyResult(result=result, labels=None, method="llm", backend=self.backend, model=self.chat_model)


def _read_until(response: Any, deadline: float) -> bytes:
    """The whole body, failing with a timeout at `deadline` and past MAX_RESPONSE_BYTES."""
    chunks: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        if sock is not None:
            sock.settimeout(remaining)
        chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise OperationError(ErrorCode.upstream_error, f"AI server answer exceeds {MAX_RESPONSE_BYTES} bytes")
        chunks.append(chunk)


def _score(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return round(min(1.0, max(0.0, float(value))), 4)
    return 0.0


def _malformed(path: str, why: str) -> OperationError:
    return OperationError(ErrorCode.upstream_error, f"AI server's {path} answer is malformed: {why}")

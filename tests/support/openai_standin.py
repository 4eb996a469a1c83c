"""A stand-in for an OpenAI-compatible server (Ollama, llama-server) on 127.0.0.1.

No LLM or embedding server can be installed on this machine, so the tests of the
`openai` backend talk to this: a real HTTP server speaking the wire format of
`POST /v1/embeddings` and `POST /v1/chat/completions` (with a JSON-schema
`response_format`). Its answers are derived from each request, not canned:

- embeddings: a 64-dimensional hashed bag of words of each input (deliberately not
  normalised, and listed in reverse order, so the client's normalising and `index`
  handling are exercised); texts sharing words get similar vectors.
- chat: reads the schema it was sent. For a classification schema (`label` with an
  `enum`) it picks the first candidate named in the document, else the first; for an
  extraction schema it fills each property from a `name: value` line of the document
  (underscores read as spaces), typed per the schema, else null.

Behaviour is chosen by the model name: `fail-500` answers HTTP 500, `slow` waits
`delay_s` before answering, `not-json` returns message content that is not JSON.
Every request is recorded (path, headers, body) for the tests to inspect.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

DIMENSION = 64


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class StandIn:
    delay_s: float = 2.0
    requests: list[Recorded] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> StandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10  # a stuck client cannot hold a server thread for longer

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except json.JSONDecodeError:
                    self._send(400, {"error": {"message": "body is not JSON"}})
                    return
                standin.requests.append(Recorded(self.path, dict(self.headers.items()), body))
                model = body.get("model", "")
                if model == "fail-500":
                    self._send(500, {"error": {"message": "model crashed", "type": "server_error"}})
                    return
                if model == "slow":
                    time.sleep(standin.delay_s)
                if self.path == "/v1/embeddings":
                    self._send(200, embeddings_answer(body))
                elif self.path == "/v1/chat/completions":
                    self._send(200, chat_answer(body))
                else:
                    self._send(404, {"error": {"message": f"no route {self.path}"}})

            def _send(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()


def hashed_vector(text: str) -> list[float]:
    vector = [0.0] * DIMENSION
    for word in re.findall(r"\w+", text.lower()):
        digest = hashlib.sha256(word.encode()).digest()
        vector[digest[0] % DIMENSION] += 1.0 + digest[1] / 255.0
    if not any(vector):
        vector[0] = 1.0
    return [3.0 * x for x in vector]  # not unit length on purpose


def embeddings_answer(body: dict[str, Any]) -> dict[str, Any]:
    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
    data = [{"object": "embedding", "index": i, "embedding": hashed_vector(t)} for i, t in enumerate(inputs)]
    return {"object": "list", "data": list(reversed(data)), "model": body["model"], "usage": {"prompt_tokens": 0}}


def _document(body: dict[str, Any]) -> str:
    return "\n".join(m["content"] for m in body["messages"] if m["role"] == "user")


def _typed(value: str, schema: dict[str, Any]) -> Any:
    kinds = schema.get("type", "string")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "number" in kinds or "integer" in kinds:
        match = re.search(r"\d+(?:[.,]\d+)?", value)
        if match is None:
            return None
        number = float(match.group().replace(",", "."))
        return int(number) if "integer" in kinds else number
    if "boolean" in kinds:
        return value.strip().lower() in ("yes", "true")
    return value.strip()


def chat_answer(body: dict[str, Any]) -> dict[str, Any]:
    schema = body["response_format"]["json_schema"]["schema"]
    document = _document(body)
    properties = schema["properties"]
    answer: dict[str, Any]
    if "label" in properties and "enum" in properties["label"]:
        names = properties["label"]["enum"]
        text = document.split("Document:", 1)[-1].lower()
        chosen = next((n for n in names if n.lower() in text), names[0])
        answer = {"label": chosen, "scores": {n: (0.9 if n == chosen else round(0.1 / len(names), 4)) for n in names}}
    else:
        answer = {}
        for name, prop in properties.items():
            label = r"\s+".join(re.escape(w) for w in name.split("_"))
            match = re.search(rf"^\s*{label}\s*:\s*(.+)$", document, re.I | re.M)
            answer[name] = _typed(match.group(1), prop) if match else None
    content = "this is not JSON" if body["model"] == "not-json" else json.dumps(answer)
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "model": body["model"],
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
    }


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))

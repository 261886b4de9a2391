"""A scripted LLM server on loopback: OpenAI chat completions (plain and SSE-streamed) and
Ollama's /api/chat (plain and NDJSON-streamed). No model exists on this machine, so tests talk
to this real HTTP server through the real LangChain clients.

`server.script` is a list of `Reply`s served in order (then `server.default`); every request's
path and JSON body is kept in `server.requests`. `POST /tokenize` answers as llama.cpp's does
when `server.chars_per_token` is set (a token per that many characters), else 404 as OpenAI's
API does; it takes no scripted reply, and its texts are kept in `server.counted`.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    text: str = ""
    status: int = 200
    delay: float = 0.0  # before the first byte
    gap: float = 0.0  # between streamed pieces
    pieces: list[str] = field(default_factory=list)  # streamed as these pieces (default: words)
    raw: bytes | None = None  # sent as the body instead of a well-formed reply

    def chunks(self) -> list[str]:
        if self.pieces:
            return self.pieces
        words = self.text.split(" ")
        return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]


class LLMServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script: list[Reply] = []
        self.default = Reply("Không tìm thấy thông tin này trong các bài báo.")
        self.requests: list[tuple[str, dict]] = []
        self.chars_per_token: float | None = None
        self.counted: list[str] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def next_reply(self, path: str, body: dict) -> Reply:
        with self.lock:
            self.requests.append((path, body))
            return self.script.pop(0) if self.script else self.default

    def handle_error(self, request, client_address) -> None:
        """A client closing its kept-alive connection is normal here, not worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def start(self) -> LLMServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


class _Handler(BaseHTTPRequestHandler):
    server: LLMServer
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(size) or b"{}")
        if self.path == "/tokenize":
            return self._tokenize(body)
        reply = self.server.next_reply(self.path, body)
        time.sleep(reply.delay)
        if reply.status != 200:
            error = json.loads(reply.text) if reply.text.startswith("{") else {}
            error = {"message": "scripted failure"} | error  # a server's own error fields
            return self._send(reply.status, json.dumps({"error": error}).encode())
        if reply.raw is not None:
            return self._send(200, reply.raw)
        ollama = self.path.startswith("/api/")
        if not body.get("stream", ollama):  # Ollama streams unless told not to
            whole = _ollama(body, reply.text, True) if ollama else _openai(body, reply.text)
            return self._send(200, json.dumps(whole).encode())
        self.send_response(200)
        kind = "application/x-ndjson" if ollama else "text/event-stream"
        self.send_header("Content-Type", kind)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for piece in reply.chunks():
            self._chunk(_ollama(body, piece, False) if ollama else _openai_delta(body, piece))
            time.sleep(reply.gap)
        if ollama:
            self._chunk(_ollama(body, "", True))
        else:
            self._chunk(_openai_delta(body, None))
            self._write(b"data: [DONE]\n\n")
        self._write(b"")

    def _tokenize(self, body: dict) -> None:
        ratio = self.server.chars_per_token
        if ratio is None:
            return self._send(404, b'{"error": {"message": "File Not Found"}}')
        self.server.counted.append(body["content"])
        tokens = list(range(round(len(body["content"]) / ratio)))
        return self._send(200, json.dumps({"tokens": tokens}).encode())

    def _send(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _chunk(self, obj: dict) -> None:
        line = json.dumps(obj, ensure_ascii=False)
        self._write(
            (f"{line}\n" if self.path.startswith("/api/") else f"data: {line}\n\n").encode()
        )

    def _write(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def _openai(body: dict, text: str) -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _openai_delta(body: dict, piece: str | None) -> dict:
    delta = {} if piece is None else {"role": "assistant", "content": piece}
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "test"),
        "choices": [
            {"index": 0, "delta": delta, "finish_reason": "stop" if piece is None else None}
        ],
    }


def _ollama(body: dict, text: str, done: bool) -> dict:
    out = {
        "model": body.get("model", "test"),
        "created_at": "2026-11-22T00:00:00Z",
        "message": {"role": "assistant", "content": text},
        "done": done,
    }
    if done:
        out |= {"done_reason": "stop", "total_duration": 1, "eval_count": 1, "prompt_eval_count": 1}
    return out

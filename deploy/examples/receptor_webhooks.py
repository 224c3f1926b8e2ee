"""Receptor mínimo de los webhooks de Vincula, para el ATS de una empresa.

Uso::

    pip install standardwebhooks
    python receptor_webhooks.py --port 8080 --secret-file secreto.txt

1. Registre la URL pública (HTTPS) de este receptor con ``PUT /v1/webhook``.
   Vincula envía un reto firmado y espera ``{"challenge": "<el mismo>"}``;
   este receptor lo devuelve. Al registrar aún no tiene el secreto, así que
   el reto no se verifica: solo prueba que la URL es suya.
2. Guarde el secreto ``whsec_…`` de la respuesta en ``secreto.txt`` (uno por
   línea: durante una rotación puede tener el nuevo y el anterior). El
   archivo se lee en cada aviso; no hace falta reiniciar.
3. Cada aviso trae ``webhook-id``, ``webhook-timestamp`` y
   ``webhook-signature`` (Standard Webhooks). Se rechaza con 400 si ninguna
   firma es válida o la marca de tiempo difiere más de 5 minutos; sin secreto
   se responde 503 y Vincula reintenta más tarde.
4. Vincula reintenta ante errores: un ``webhook-id`` ya visto se confirma
   sin procesarlo otra vez.
5. Cada aviso verificado se escribe como una línea JSON en la salida estándar.
"""

from __future__ import annotations

import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

MAX_BODY_BYTES = 1_000_000


def serve(port: int, secret_file: Path) -> None:
    """Serve until interrupted."""
    seen: set[str] = set()

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            if length > MAX_BODY_BYTES:
                return self.answer(413)
            body = self.rfile.read(length)
            payload = json.loads(body or b"{}")
            if payload.get("type") == "webhook.verification":
                return self.answer(200, {"challenge": payload.get("challenge")})
            secrets = secret_file.read_text().split() if secret_file.exists() else []
            if not secrets:
                return self.answer(503)
            headers = dict(self.headers.items())
            if not any(verified(secret, body, headers) for secret in secrets):
                return self.answer(400)
            message_id = self.headers["webhook-id"]
            if message_id not in seen:
                seen.add(message_id)
                print(json.dumps({"webhook-id": message_id, **payload}), flush=True)
            return self.answer(204)

        def answer(self, status: int, body: dict[str, object] | None = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            if data:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            print(format % args, file=sys.stderr)

    ThreadingHTTPServer(("0.0.0.0", port), Receiver).serve_forever()


def verified(secret: str, body: bytes, headers: dict[str, str]) -> bool:
    """True when one of the delivery's signatures is valid for ``secret`` and recent."""
    try:
        Webhook(secret).verify(body, headers, json_parse=False)
    except WebhookVerificationError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description="Receptor de webhooks de Vincula (ejemplo).")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--secret-file", type=Path, default=Path("secreto.txt"))
    arguments = parser.parse_args()
    serve(arguments.port, arguments.secret_file)


if __name__ == "__main__":
    main()

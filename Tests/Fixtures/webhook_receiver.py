#!/usr/bin/env python3
"""A webhook receiver for tests that verifies every request with the Standard Webhooks reference implementation
(PyPI `standardwebhooks`).

Usage: webhook_receiver.py PORT LOG_FILE CONFIG_FILE

CONFIG_FILE (JSON, re-read on every request; the test rewrites it) holds
{"secrets": ["whsec_..."], "script": [{"status": 500}, {"status": 429, "retry_after": "2"}, ...]}:
- `secrets`: the request is verified with each secret on its own (`Webhook(secret).verify(body, headers)`); the
  names of those that verify are logged. A request no secret verifies is answered 401.
- `script`: answers to give, in order, one per verified request (each taken off the list as it is used);
  `{"status": 302, "location": URL}` redirects; `{"status": 200, "body_bytes": N, "stall": S}` announces a body of 10 N
  bytes, sends N and then waits S seconds. When the list is empty the answer is 200.
Every request is appended to LOG_FILE as one JSON line:
{"path", "webhook_id", "timestamp", "signatures": [..], "verified_with": [indexes of secrets], "status",
 "body": the parsed JSON body or null, "received_at": unix seconds}.
"""
import json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

port, log_path, config_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()


def read_config():
    try:
        with open(config_path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {"secrets": [], "script": []}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        with lock:
            config = read_config()
            verified = []
            for index, secret in enumerate(config.get("secrets", [])):
                try:
                    Webhook(secret).verify(body, headers)
                    verified.append(index)
                except WebhookVerificationError:
                    pass
            answer = {"status": 401}
            if verified:
                script = config.get("script", [])
                answer = script.pop(0) if script else {"status": 200}
                config["script"] = script
                with open(config_path + ".tmp", "w") as f:
                    json.dump(config, f)
                os.replace(config_path + ".tmp", config_path)
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = None
            entry = {
                "path": self.path, "webhook_id": headers.get("webhook-id"), "timestamp": headers.get("webhook-timestamp"),
                "signatures": (headers.get("webhook-signature") or "").split(" "), "verified_with": verified,
                "status": answer["status"], "body": parsed, "received_at": time.time(), "host": headers.get("host"),
                "user_agent": headers.get("user-agent"), "content_type": headers.get("content-type"),
            }
            with open(log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")
        self.send_response(answer["status"])
        if "retry_after" in answer:
            self.send_header("Retry-After", str(answer["retry_after"]))
        if "location" in answer:
            self.send_header("Location", answer["location"])
        if "body_bytes" in answer:
            # A large answer that stalls half-way: a sender that reads it all would wait for the rest until it times out.
            self.send_header("Content-Length", str(answer["body_bytes"] * 10))
            self.end_headers()
            try:
                self.wfile.write(b"x" * answer["body_bytes"])
                self.wfile.flush()
                time.sleep(answer.get("stall", 0))
            except OSError:
                pass
            return
        self.send_header("Content-Length", "0")
        self.end_headers()


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()

#!/usr/bin/env python3
"""A local stand-in for external HTTP APIs in tests: records every request as one JSON line and answers
like the real service's documented success response.

Usage: recording_http_server.py PORT LOG_FILE
- POST /emails (Resend's send-email endpoint) answers 200 {"id": "<uuid>"}, as Resend documents.
- any other POST (a deploy webhook) answers 204.
"""
import json, sys, uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

port, log_path = int(sys.argv[1]), sys.argv[2]

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        with open(log_path, "a") as log:
            log.write(json.dumps({"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body}) + "\n")
        if self.path == "/emails":
            answer = json.dumps({"id": str(uuid.uuid4())}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        else:
            self.send_response(204)
            self.end_headers()

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", port), Handler).serve_forever()

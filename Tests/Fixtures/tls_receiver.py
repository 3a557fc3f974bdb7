#!/usr/bin/env python3
"""An HTTPS receiver for tests: serves TLS with the given certificate and answers every POST with 204, logging one JSON
line per request: {"sni": the server name the client sent (null if none), "host": the Host header, "path"}.

Usage: tls_receiver.py PORT CERT_FILE KEY_FILE LOG_FILE  (listens on 127.0.0.1 only; PORT 0 lets the kernel choose).
Once listening it writes its port to LOG_FILE.port.
"""
import json, os, ssl, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, cert, key, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        entry = {"sni": getattr(self.connection, "devhub_sni", None), "host": self.headers.get("host"), "path": self.path}
        with lock, open(log_path, "a") as f:
            f.write(json.dumps(entry) + "\n")
        self.send_response(204)
        self.send_header("content-length", "0")
        self.end_headers()


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)


def remember_name(connection, server_name, _context):
    connection.devhub_sni = server_name


context.sni_callback = remember_name
server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(log_path + ".port.tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(log_path + ".port.tmp", log_path + ".port")
server.serve_forever()

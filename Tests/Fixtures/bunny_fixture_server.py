#!/usr/bin/env python3
"""A local stand-in for Bunny Storage's HTTP API and Bunny's purge endpoint in tests, as Bunny documents them.

Usage: bunny_fixture_server.py PORT ROOT ZONE STORAGE_KEY API_KEY LOG_FILE [FAULTS_FILE]

Storage (ROOT/<zone>/... on disk; directories are created implicitly):
- PUT /{zone}/{path} with `AccessKey: STORAGE_KEY` -> 201 {"HttpCode":201,"Message":"File uploaded."}; with a
  `Checksum` header (upper-case hex SHA-256) that does not match the body -> 400 and nothing stored.
- GET /{zone}/{dir}/ -> 200, a JSON array of {"Guid","StorageZoneName","Path","ObjectName","Length","LastChanged",
  "IsDirectory","Checksum","DateCreated"} (Checksum upper-case hex SHA-256, null for directories);
  GET /{zone}/{path} -> the file's bytes; 404 {"HttpCode":404,"Message":"Object Not Found"} when missing.
- DELETE /{zone}/{path} -> 200 {"HttpCode":200,"Message":"File deleted successfuly."} (a directory: recursively);
  404 when missing.
- a wrong or missing AccessKey, or another zone -> 401 {"HttpCode":401,"Message":"Unauthorized"}.
Purge:
- POST /purge?url=<percent-encoded absolute URL> with `AccessKey: API_KEY` -> 200 and the URL appended to
  LOG_FILE.purges (one line each); a wrong key -> 401.
- POST /pullzone/{id}/purgeCache with `AccessKey: API_KEY` -> 204 and the line `pullzone:{id}` appended to
  LOG_FILE.purges (the whole pull zone purged); a wrong key -> 401.
Every request is appended to LOG_FILE as one JSON line {"method","path","status"} (no headers: they hold keys).

Faults: FAULTS_FILE, when given and present, is read on every request as JSON
{"seed": int, "error_rate": p, "throttle_rate": p, "retry_after": seconds, "slow_rate": p, "slow_seconds": s,
 "drop_rate": p}: a 500, a 429 with `Retry-After`, an answer delayed past the client's timeout (the request is
carried out first, as a slow storage would), or a connection closed after half the upload body was read (nothing
stored). The test writes and removes the file to turn faults on and off.
"""
import hashlib, json, os, re, random, shutil, sys, threading, time, uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, unquote, parse_qs

port, root, zone, storage_key, api_key, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
faults_path = sys.argv[7] if len(sys.argv) > 7 else None
lock = threading.Lock()
rng = random.Random(0)
rng_seed = None
zone_root = os.path.join(root, zone)
os.makedirs(zone_root, exist_ok=True)


def faults():
    global rng, rng_seed
    if not faults_path or not os.path.exists(faults_path):
        return None
    try:
        with open(faults_path) as f:
            config = json.load(f)
    except (OSError, ValueError):
        return None
    with lock:
        if config.get("seed") != rng_seed:
            rng_seed = config.get("seed")
            rng = random.Random(rng_seed)
    return config


def roll(config, key):
    with lock:
        return rng.random() < float(config.get(key, 0))


def sha256(data):
    return hashlib.sha256(data).hexdigest().upper()


def iso(ts):
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self, status):
        with lock:
            with open(log_path, "a") as f:
                f.write(json.dumps({"method": self.command, "path": urlsplit(self.path).path, "status": status}) + "\n")

    def answer(self, status, body, headers=None):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if not isinstance(body, bytes) else "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.record(status)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def local(self, path):
        """The file path on disk for /zone/rest, or None when it is not in the zone or escapes it."""
        parts = unquote(path).split("/")
        if len(parts) < 2 or parts[1] != zone:
            return None
        rest = [p for p in parts[2:] if p != ""]
        if any(p in (".", "..") for p in rest):
            return None
        return os.path.join(zone_root, *rest) if rest else zone_root

    def storage(self):
        config = faults()
        path = urlsplit(self.path).path
        target = self.local(path)
        if self.headers.get("AccessKey") != storage_key or target is None:
            self.body()
            return self.answer(401, {"HttpCode": 401, "Message": "Unauthorized"})
        if config:
            if self.command == "PUT" and roll(config, "drop_rate"):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length // 2)
                self.record("dropped")
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if roll(config, "error_rate"):
                self.body()
                return self.answer(500, {"HttpCode": 500, "Message": "Internal Server Error"})
            if roll(config, "throttle_rate"):
                self.body()
                return self.answer(429, {"HttpCode": 429, "Message": "Too Many Requests"},
                                   {"Retry-After": str(config.get("retry_after", 1))})
        slow = config and roll(config, "slow_rate")
        if self.command == "PUT":
            status, reply = self.put(target)
        elif self.command == "DELETE":
            status, reply = self.delete(target)
        else:
            status, reply = self.get(target, path.endswith("/"))
        if slow:
            time.sleep(float(config.get("slow_seconds", 3)))
        self.answer(status, reply)

    def put(self, target):
        data = self.body()
        checksum = self.headers.get("Checksum")
        if checksum is not None and checksum.upper() != sha256(data):
            return 400, {"HttpCode": 400, "Message": "Checksum and file hash do not match."}
        if target == zone_root or os.path.isdir(target):
            return 400, {"HttpCode": 400, "Message": "Invalid path."}
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temporary = target + ".upload-" + uuid.uuid4().hex
        with open(temporary, "wb") as f:
            f.write(data)
        os.replace(temporary, target)
        return 201, {"HttpCode": 201, "Message": "File uploaded."}

    def delete(self, target):
        if target == zone_root or not os.path.exists(target):
            return 404, {"HttpCode": 404, "Message": "Object Not Found"}
        if os.path.isdir(target):
            shutil.rmtree(target)
        else:
            os.remove(target)
        return 200, {"HttpCode": 200, "Message": "File deleted successfuly."}

    def get(self, target, listing):
        if listing:
            if not os.path.isdir(target):
                return 404, {"HttpCode": 404, "Message": "Object Not Found"}
            relative = os.path.relpath(target, root).replace(os.sep, "/").rstrip(".")
            entries = []
            for name in sorted(os.listdir(target)):
                if ".upload-" in name:
                    continue
                full = os.path.join(target, name)
                is_dir = os.path.isdir(full)
                data = None if is_dir else open(full, "rb").read()
                stat = os.stat(full)
                entries.append({
                    "Guid": str(uuid.uuid5(uuid.NAMESPACE_URL, full)), "StorageZoneName": zone,
                    "Path": "/" + relative.strip("/") + "/", "ObjectName": name,
                    "Length": 0 if is_dir else len(data), "LastChanged": iso(stat.st_mtime),
                    "IsDirectory": is_dir, "Checksum": None if is_dir else sha256(data),
                    "DateCreated": iso(stat.st_mtime),
                })
            return 200, entries
        if not os.path.isfile(target):
            return 404, {"HttpCode": 404, "Message": "Object Not Found"}
        return 200, open(target, "rb").read()

    def purge(self):
        self.body()
        if self.headers.get("AccessKey") != api_key:
            return self.answer(401, {"HttpCode": 401, "Message": "Unauthorized"})
        config = faults()
        if config and roll(config, "error_rate"):
            return self.answer(500, {"HttpCode": 500, "Message": "Internal Server Error"})
        path = urlsplit(self.path).path
        if path != "/purge":
            with lock:
                with open(log_path + ".purges", "a") as f:
                    f.write("pullzone:" + path.split("/")[2] + "\n")
            return self.answer(204, b"")
        urls = parse_qs(urlsplit(self.path).query).get("url", [])
        if len(urls) != 1:
            return self.answer(400, {"HttpCode": 400, "Message": "url is required"})
        with lock:
            with open(log_path + ".purges", "a") as f:
                f.write(urls[0] + "\n")
        self.answer(200, b"")

    def do_PUT(self):
        self.storage()

    def do_DELETE(self):
        self.storage()

    def do_GET(self):
        self.storage()

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/purge" or re.fullmatch(r"/pullzone/[0-9]+/purgeCache", path):
            return self.purge()
        self.body()
        self.answer(404, {"HttpCode": 404, "Message": "Not Found"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


Server(("127.0.0.1", port), Handler).serve_forever()

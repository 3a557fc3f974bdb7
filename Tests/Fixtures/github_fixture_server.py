#!/usr/bin/env python3
"""A local stand-in for GitHub's REST API "Get a user" endpoint (`GET /users/{username}`) in tests: records every
request as one JSON line {"method", "path", "headers"} in LOG_FILE and replays GitHub's documented answers.

Usage: github_fixture_server.py PORT LOG_FILE

Answers (usernames compared case-insensitively, as GitHub does):
- GET /users/octocat -> 200 with the recorded public profile of `octocat` (GitHub's documented example user; name
  "The Octocat", company "@github", blog "https://github.blog", location "San Francisco", bio null, ...) and
  GitHub's headers, among them `ETag: W/"<OCTOCAT_ETAG>"`, `x-ratelimit-limit: 60`, `x-ratelimit-remaining: 59`
  and `x-ratelimit-reset: <epoch seconds, one hour from now>`.
  With `If-None-Match` equal to that ETag (or a list holding it; weak comparison, as GitHub does) -> 304 with the
  ETag and the rate-limit headers and no body (a conditional request GitHub does not count against the limit).
- GET /users/ratelimited -> 403 as GitHub answers an unauthenticated client over its primary rate limit:
  `x-ratelimit-remaining: 0`, `x-ratelimit-reset: <now + 3600>` and the documented "API rate limit exceeded" body.
- GET /users/<anything else> -> 404 {"message":"Not Found","documentation_url":"https://docs.github.com/rest/users/users#get-a-user","status":"404"}.
- any other path or method -> 404 {"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}.

The test side knows OCTOCAT_ETAG (Tests/DevhubEndToEndTests/QuickConnectSupport.swift repeats it).
"""
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

port, log_path = int(sys.argv[1]), sys.argv[2]
log_lock = threading.Lock()

OCTOCAT_ETAG = 'W/"5b0e1c8a3f2d4e6b9a7c1d0e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a"'

# Recorded from GET https://api.github.com/users/octocat (unauthenticated, X-GitHub-Api-Version 2022-11-28).
OCTOCAT = {
    "login": "octocat",
    "id": 583231,
    "node_id": "MDQ6VXNlcjU4MzIzMQ==",
    "avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4",
    "gravatar_id": "",
    "url": "https://api.github.com/users/octocat",
    "html_url": "https://github.com/octocat",
    "followers_url": "https://api.github.com/users/octocat/followers",
    "following_url": "https://api.github.com/users/octocat/following{/other_user}",
    "gists_url": "https://api.github.com/users/octocat/gists{/gist_id}",
    "starred_url": "https://api.github.com/users/octocat/starred{/owner}{/repo}",
    "subscriptions_url": "https://api.github.com/users/octocat/subscriptions",
    "organizations_url": "https://api.github.com/users/octocat/orgs",
    "repos_url": "https://api.github.com/users/octocat/repos",
    "events_url": "https://api.github.com/users/octocat/events{/privacy}",
    "received_events_url": "https://api.github.com/users/octocat/received_events",
    "type": "User",
    "user_view_type": "public",
    "site_admin": False,
    "name": "The Octocat",
    "company": "@github",
    "blog": "https://github.blog",
    "location": "San Francisco",
    "email": None,
    "hireable": None,
    "bio": None,
    "twitter_username": None,
    "public_repos": 8,
    "public_gists": 8,
    "followers": 18752,
    "following": 9,
    "created_at": "2011-01-25T18:44:36Z",
    "updated_at": "2025-06-22T10:26:21Z",
}

NOT_FOUND_USER = {
    "message": "Not Found",
    "documentation_url": "https://docs.github.com/rest/users/users#get-a-user",
    "status": "404",
}

NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}


def rate_limit_exceeded(address):
    return {
        "message": "API rate limit exceeded for %s. (But here's the good news: Authenticated requests get a higher "
                   "rate limit. Check out the documentation for more details.)" % address,
        "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "github.com"
    sys_version = ""

    def version_string(self):
        return "github.com"

    def record(self):
        entry = {"method": self.command, "path": self.path, "headers": dict(self.headers)}
        with log_lock, open(log_path, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def drain_body(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        if length > 0:
            self.rfile.read(length)

    def common_headers(self, remaining, used):
        self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
        self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
        self.send_header("x-ratelimit-limit", "60")
        self.send_header("x-ratelimit-remaining", str(remaining))
        self.send_header("x-ratelimit-reset", str(int(time.time()) + 3600))
        self.send_header("x-ratelimit-used", str(used))
        self.send_header("x-ratelimit-resource", "core")
        self.send_header("X-GitHub-Request-Id", "C0DE:1A2B:3C4D5E:6F7A8B:67A0B1C2")
        self.send_header("Access-Control-Allow-Origin", "*")

    def send_json(self, status, value, remaining=59, used=1, extra=()):
        body = json.dumps(value, indent=2).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, header_value in extra:
            self.send_header(name, header_value)
        self.common_headers(remaining, used)
        self.end_headers()
        self.wfile.write(body)

    def matches_etag(self):
        header = self.headers.get("If-None-Match")
        if not header:
            return False
        if header.strip() == "*":
            return True
        strip = lambda tag: tag.strip()[2:] if tag.strip().startswith("W/") else tag.strip()
        return any(strip(tag) == strip(OCTOCAT_ETAG) for tag in header.split(","))

    def do_GET(self):
        self.drain_body()
        self.record()
        path = urlsplit(self.path).path
        parts = path.split("/")
        if len(parts) != 3 or parts[1] != "users" or not parts[2]:
            self.send_json(404, NOT_FOUND)
            return
        username = parts[2].lower()
        if username == "octocat":
            if self.matches_etag():
                self.send_response(304)
                self.send_header("ETag", OCTOCAT_ETAG)
                self.send_header("Cache-Control", "public, max-age=60, s-maxage=60")
                self.send_header("Vary", "Accept, Accept-Encoding, Accept, X-Requested-With")
                self.common_headers(59, 1)
                self.end_headers()
                return
            self.send_json(200, OCTOCAT, extra=[
                ("ETag", OCTOCAT_ETAG),
                ("Last-Modified", "Sun, 22 Jun 2025 10:26:21 GMT"),
                ("Cache-Control", "public, max-age=60, s-maxage=60"),
                ("Vary", "Accept, Accept-Encoding, Accept, X-Requested-With"),
            ])
        elif username == "ratelimited":
            self.send_json(403, rate_limit_exceeded(self.client_address[0]), remaining=0, used=60)
        else:
            self.send_json(404, NOT_FOUND_USER)

    def do_other(self):
        self.drain_body()
        self.record()
        self.send_json(404, NOT_FOUND)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_other

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", port), Handler).serve_forever()

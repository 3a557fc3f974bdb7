#!/usr/bin/env python3
"""A local stand-in for GitHub in tests and `make demo`: the REST API endpoints Devhub reads and the OAuth web
application flow, replaying GitHub's documented answers (REST API version 2022-11-28). Every request to GitHub's
paths is recorded as one JSON line {"method", "path", "headers", "status", "t"} in LOG_FILE, written before the answer
is sent (so a test that saw the answer finds the line). Requests under /_admin/ are not recorded.

Usage: github_fixture_server.py PORT LOG_FILE

REST API (usernames compared case-insensitively, as GitHub does):
- GET /users/{login}                -> 200 the user's public profile ("Get a user")
- GET /users/{login}/repos          -> 200 the user's public repositories ("List repositories for a user")
- GET /users/{login}/events/public  -> 200 the user's public events, newest first ("List public events for a user");
                                       a release shows as {"type": "ReleaseEvent", "payload": {"action": "published",
                                       "release": {"tag_name", "html_url", "name"}}}. Devhub reads releases from these
                                       events (no request per repository), so /repos/{o}/{r}/releases is not served.
- GET /users/{login}/followers      -> 200 the user's followers ("List followers of a user")
- every 200 carries `ETag: W/"<sha256 of the body>"` (octocat's unchanged profile: the fixed OCTOCAT_ETAG); with
  `If-None-Match` holding that ETag (weak comparison, a list, or `*`) -> 304 with the ETag and no body, which GitHub
  does not count against the rate limit (here: `x-ratelimit-remaining` is not decremented).
- GET /users/ratelimited[/...]      -> 403 as GitHub answers a client over its primary rate limit:
                                       `x-ratelimit-remaining: 0`, `x-ratelimit-reset: <now + 3600>`.
- an unknown user, or any other path -> 404 {"message": "Not Found", "documentation_url": ..., "status": "404"}.
- rate-limit headers on every answer: x-ratelimit-limit (5000, so tests never reach it by
  accident; rate limits are forced through /_admin/limits), x-ratelimit-remaining,
  x-ratelimit-used, x-ratelimit-reset (epoch seconds), x-ratelimit-resource: core.

OAuth web application flow (client id `fixture-client-id`, secret `fixture-client-secret`, or the environment's
GITHUB_FIXTURE_CLIENT_ID / GITHUB_FIXTURE_CLIENT_SECRET):
- GET /login/oauth/authorize?client_id&redirect_uri&state -> 302 to redirect_uri?code=CODE&state=STATE (the user
  "approves" at once); an unknown client_id -> 404.
- POST /login/oauth/access_token (form or JSON: client_id, client_secret, code[, redirect_uri]) -> 200
  {"access_token": "gho_…", "token_type": "bearer", "scope": ""}; a wrong, used or expired code -> 200
  {"error": "bad_verification_code", ...}; wrong client credentials -> 200 {"error": "incorrect_client_credentials", ...}.
  With `Accept: application/json` as GitHub documents.

Admin endpoints for tests and the demo (JSON bodies, not recorded):
- PUT    /_admin/users/{login}          {"profile": {...merged into the profile}, "repos": [...], "events": [...],
                                         "followers": [...]}: creates or changes a user (lists replace; a repo entry
                                         needs only "name", the rest gets GitHub's defaults).
- DELETE /_admin/users/{login}          the user is gone: 404 from then on (renamed or deleted).
- POST   /_admin/users/{login}/events   one event put first (fields: type, repo, payload; id and created_at filled in
                                         unless given).
- POST   /_admin/users/{login}/ship     the demo's "something happened": a release of the user's first repository, 150
                                         more stars on it and a new repository.
- POST   /_admin/limits                 {"kind": "primary"|"secondary", "seconds": N, "count": 1, "status": 403|429}:
                                         the next `count` API requests get that rate-limit answer (primary: 403 with
                                         x-ratelimit-remaining 0 and x-ratelimit-reset now + N; secondary: 429 (or
                                         `status`) with retry-after N).
- GET    /_admin/tokens                 {"tokens": [...]} the access tokens the OAuth exchange handed out.
"""
import copy, hashlib, json, os, secrets, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs, urlencode

port, log_path = int(sys.argv[1]), sys.argv[2]
lock = threading.Lock()
CLIENT_ID = os.environ.get("GITHUB_FIXTURE_CLIENT_ID", "fixture-client-id")
CLIENT_SECRET = os.environ.get("GITHUB_FIXTURE_CLIENT_SECRET", "fixture-client-secret")

OCTOCAT_ETAG = 'W/"5b0e1c8a3f2d4e6b9a7c1d0e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a"'
API = "https://api.github.com"

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

NOT_FOUND_USER = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest/users/users#get-a-user", "status": "404"}
NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def profile(login, **fields):
    """A user's profile in GitHub's shape (octocat's keys), with `fields` set."""
    value = copy.deepcopy(OCTOCAT)
    for key in list(value):
        if isinstance(value[key], str) and "octocat" in value[key]:
            value[key] = value[key].replace("octocat", login)
    value.update({"login": login, "id": int(hashlib.sha256(login.encode()).hexdigest()[:7], 16), "name": None, "company": None,
                  "blog": "", "location": None, "bio": None, "public_repos": 0, "followers": 0, "following": 0})
    value.update(fields)
    return value


def repo(login, entry):
    """A repository in the shape of "List repositories for a user" (the fields a client reads, GitHub's defaults)."""
    name = entry["name"]
    value = {
        "id": int(hashlib.sha256((login + "/" + name).encode()).hexdigest()[:8], 16), "name": name, "full_name": "%s/%s" % (login, name),
        "private": False, "owner": {"login": login, "type": "User"}, "html_url": "https://github.com/%s/%s" % (login, name),
        "description": None, "fork": False, "url": "%s/repos/%s/%s" % (API, login, name), "homepage": None, "language": None,
        "forks_count": 0, "stargazers_count": 0, "watchers_count": 0, "size": 100, "default_branch": "main", "open_issues_count": 0,
        "topics": [], "archived": False, "disabled": False, "visibility": "public", "pushed_at": iso(time.time() - 86400),
        "created_at": iso(time.time() - 400 * 86400), "updated_at": iso(time.time() - 86400),
    }
    value.update(entry)
    value["watchers_count"] = value["stargazers_count"]
    return value


event_ids = [31000000000]


def event(login, entry):
    """An event in the shape of "List public events for a user"."""
    event_ids[0] += 1
    value = {"id": str(event_ids[0]), "type": "PushEvent", "actor": {"login": login}, "repo": {"name": "%s/unknown" % login},
             "payload": {}, "public": True, "created_at": iso(time.time())}
    value.update(entry)
    if isinstance(value["repo"], str):
        value["repo"] = {"name": value["repo"]}
    return value


def follower(login):
    return {"login": login, "id": int(hashlib.sha256(login.encode()).hexdigest()[:7], 16), "type": "User",
            "html_url": "https://github.com/" + login}


def seed():
    now = time.time()
    users = {
        "octocat": {
            "profile": copy.deepcopy(OCTOCAT),
            "repos": [repo("octocat", {"name": "Hello-World", "language": "Ruby", "stargazers_count": 2900, "topics": ["demo"]}),
                      repo("octocat", {"name": "Spoon-Knife", "language": "HTML", "stargazers_count": 12800}),
                      repo("octocat", {"name": "linguist", "language": "Ruby", "fork": True, "stargazers_count": 600})],
            "events": [event("octocat", {"type": "PushEvent", "repo": "octocat/Hello-World", "created_at": iso(now - 3 * 86400)})],
            "followers": [follower("ada"), follower("grace")],
        },
        "margaret-example": {
            "profile": profile("margaret-example", name="Margaret Example", company="Apollo Guidance", location="Cambridge, MA",
                               bio="Software engineering, before it had a name."),
            "repos": [repo("margaret-example", {"name": "agc", "language": "Assembly", "stargazers_count": 95, "topics": ["apollo", "assembly"]}),
                      repo("margaret-example", {"name": "priority-scheduler", "language": "Rust", "stargazers_count": 40, "topics": ["rust", "scheduling"]})],
            "events": [event("margaret-example", {"type": "PushEvent", "repo": "margaret-example/agc", "created_at": iso(now - 80 * 86400)})],
            "followers": [follower("octocat")],
        },
    }
    return users


users = seed()
limits = []          # forced rate-limit answers for the next requests
codes = {}           # OAuth code -> (redirect_uri, expires)
tokens = []          # access tokens handed out
remaining = {}       # token (or "") -> requests left in the hour
reset_at = [int(time.time()) + 3600]


def etag_of(body, value):
    if value == OCTOCAT:
        return OCTOCAT_ETAG
    return 'W/"%s"' % hashlib.sha256(body).hexdigest()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "github.com"
    sys_version = ""

    def version_string(self):
        return "github.com"

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(length) if length > 0 else b""

    def record(self, status):
        entry = {"method": self.command, "path": self.path, "headers": dict(self.headers), "status": status, "t": time.time()}
        with open(log_path, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def answer(self, status, body=b"", headers=(), record=True):
        if record:
            with lock:
                self.record(status)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def rate_headers(self, left, limit, reset=None):
        return [("X-GitHub-Api-Version-Selected", "2022-11-28"), ("X-GitHub-Media-Type", "github.v3; format=json"),
                ("x-ratelimit-limit", str(limit)), ("x-ratelimit-remaining", str(left)),
                ("x-ratelimit-reset", str(reset or reset_at[0])), ("x-ratelimit-used", str(limit - left)),
                ("x-ratelimit-resource", "core"), ("X-GitHub-Request-Id", "C0DE:1A2B:3C4D5E:6F7A8B:67A0B1C2"),
                ("Access-Control-Allow-Origin", "*")]

    def json_headers(self):
        return [("Content-Type", "application/json; charset=utf-8")]

    def matches(self, etag):
        header = self.headers.get("If-None-Match")
        if not header:
            return False
        if header.strip() == "*":
            return True
        strip = lambda tag: tag.strip()[2:] if tag.strip().startswith("W/") else tag.strip()
        return any(strip(tag) == strip(etag) for tag in header.split(","))

    # REST API

    def api(self, path, query):
        token = (self.headers.get("Authorization") or "").replace("Bearer ", "").replace("token ", "")
        limit = 5000  # generous, so tests never reach it by accident; limits are forced through /_admin/limits
        with lock:
            if time.time() >= reset_at[0]:
                reset_at[0] = int(time.time()) + 3600
                remaining.clear()
            left = remaining.setdefault(token, limit - 1)
            forced = limits.pop(0) if limits else None
        if forced:
            seconds = int(forced.get("seconds", 60))
            if forced.get("kind") == "primary":
                body = json.dumps({"message": "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated "
                                              "requests get a higher rate limit. Check out the documentation for more details.)",
                                   "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}).encode()
                return self.answer(int(forced.get("status", 403)), body, self.json_headers() + self.rate_headers(0, limit, int(time.time()) + seconds))
            body = json.dumps({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                               "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}).encode()
            return self.answer(int(forced.get("status", 429)), body,
                               self.json_headers() + [("retry-after", str(seconds))] + self.rate_headers(left, limit))
        parts = path.strip("/").split("/")
        if len(parts) < 2 or parts[0] != "users" or not parts[1]:
            return self.answer(404, json.dumps(NOT_FOUND).encode(), self.json_headers() + self.rate_headers(left, limit))
        login = parts[1].lower()
        rest = "/".join(parts[2:])
        if login == "ratelimited":
            body = json.dumps({"message": "API rate limit exceeded for %s. (But here's the good news: Authenticated requests get a higher "
                                          "rate limit. Check out the documentation for more details.)" % self.client_address[0],
                               "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}).encode()
            return self.answer(403, body, self.json_headers() + self.rate_headers(0, limit, int(time.time()) + 3600))
        with lock:
            user = copy.deepcopy(users.get(login))
        known = {"": "profile", "repos": "repos", "events/public": "events", "followers": "followers"}
        if user is None or rest not in known:
            body = NOT_FOUND_USER if rest == "" else NOT_FOUND
            return self.answer(404, json.dumps(body).encode(), self.json_headers() + self.rate_headers(left, limit))
        value = user[known[rest]]
        if known[rest] in ("repos", "followers", "events"):
            per_page = min(100, int((query.get("per_page") or ["30"])[0]))
            value = value[:per_page]
        body = json.dumps(value, indent=2).encode()
        etag = etag_of(body, value)
        cache = [("ETag", etag), ("Cache-Control", "private, max-age=60, s-maxage=60"), ("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")]
        if self.matches(etag):
            return self.answer(304, b"", cache + self.rate_headers(left, limit))
        with lock:
            remaining[token] = max(0, left - 1)
        return self.answer(200, body, self.json_headers() + cache + self.rate_headers(left, limit))

    # OAuth

    def authorize(self, query):
        client_id = (query.get("client_id") or [""])[0]
        redirect_uri = (query.get("redirect_uri") or [""])[0]
        state = (query.get("state") or [""])[0]
        if client_id != CLIENT_ID or not redirect_uri:
            return self.answer(404, b"Not Found", [("Content-Type", "text/plain")])
        code = secrets.token_hex(10)
        with lock:
            codes[code] = (redirect_uri, time.time() + 600)
        location = redirect_uri + ("&" if "?" in redirect_uri else "?") + urlencode({"code": code, "state": state})
        return self.answer(302, b"", [("Location", location)])

    def access_token(self, raw):
        if "json" in (self.headers.get("Content-Type") or ""):
            fields = {key: str(value) for key, value in json.loads(raw or b"{}").items()}
        else:
            fields = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
        headers = self.json_headers()
        if fields.get("client_id") != CLIENT_ID or fields.get("client_secret") != CLIENT_SECRET:
            body = {"error": "incorrect_client_credentials", "error_description": "The client_id and/or client_secret passed are incorrect.",
                    "error_uri": "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials"}
            return self.answer(200, json.dumps(body).encode(), headers)
        with lock:
            issued = codes.pop(fields.get("code", ""), None)
        if issued is None or issued[1] < time.time() or ("redirect_uri" in fields and fields["redirect_uri"] != issued[0]):
            body = {"error": "bad_verification_code", "error_description": "The code passed is incorrect or expired.",
                    "error_uri": "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code"}
            return self.answer(200, json.dumps(body).encode(), headers)
        token = "gho_" + secrets.token_hex(18)
        with lock:
            tokens.append(token)
        return self.answer(200, json.dumps({"access_token": token, "token_type": "bearer", "scope": ""}).encode(), headers)

    # Admin

    def admin(self, method, parts, raw):
        data = json.loads(raw) if raw else {}
        done = lambda value=None: self.answer(200, json.dumps(value or {"ok": True}).encode(), self.json_headers(), record=False)
        if parts == ["limits"] and method == "POST":
            with lock:
                limits.extend([data] * int(data.get("count", 1)))
            return done()
        if parts == ["tokens"] and method == "GET":
            with lock:
                return done({"tokens": list(tokens)})
        if len(parts) >= 2 and parts[0] == "users":
            login = parts[1].lower()
            with lock:
                if len(parts) == 2 and method == "PUT":
                    user = users.setdefault(login, {"profile": profile(login), "repos": [], "events": [], "followers": []})
                    user["profile"] = dict(user["profile"], **data.get("profile", {}))
                    if "repos" in data:
                        user["repos"] = [repo(login, entry) for entry in data["repos"]]
                    if "events" in data:
                        user["events"] = [event(login, entry) for entry in data["events"]]
                    if "followers" in data:
                        user["followers"] = [follower(name) for name in data["followers"]]
                    return done()
                if len(parts) == 2 and method == "DELETE":
                    users.pop(login, None)
                    return done()
                user = users.get(login)
                if user is None:
                    return self.answer(404, json.dumps(NOT_FOUND).encode(), self.json_headers(), record=False)
                if parts[2:] == ["events"] and method == "POST":
                    user["events"].insert(0, event(login, data))
                    return done()
                if parts[2:] == ["ship"] and method == "POST":
                    first = user["repos"][0]["name"] if user["repos"] else "project"
                    tag = "v%d.0" % (len([e for e in user["events"] if e["type"] == "ReleaseEvent"]) + 1)
                    user["events"].insert(0, event(login, {"type": "ReleaseEvent", "repo": "%s/%s" % (login, first), "payload": {
                        "action": "published", "release": {"tag_name": tag, "name": "%s %s" % (first, tag),
                                                           "html_url": "https://github.com/%s/%s/releases/tag/%s" % (login, first, tag)}}}))
                    if user["repos"]:
                        user["repos"][0]["stargazers_count"] += 150
                        user["repos"][0]["watchers_count"] = user["repos"][0]["stargazers_count"]
                    user["repos"].insert(0, repo(login, {"name": "new-idea-%d" % len(user["repos"]), "language": "Swift",
                                                         "pushed_at": iso(time.time())}))
                    return done({"ok": True, "release": tag})
        return self.answer(404, json.dumps(NOT_FOUND).encode(), self.json_headers(), record=False)

    def handle_any(self):
        raw = self.read_body()
        split = urlsplit(self.path)
        parts = split.path.strip("/").split("/")
        if parts[0] == "_admin":
            return self.admin(self.command, parts[1:], raw)
        query = parse_qs(split.query)
        if self.command == "GET" and split.path == "/login/oauth/authorize":
            return self.authorize(query)
        if self.command == "POST" and split.path == "/login/oauth/access_token":
            return self.access_token(raw)
        if self.command == "GET":
            return self.api(split.path, query)
        return self.answer(404, json.dumps(NOT_FOUND).encode(), self.json_headers())

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", port), Handler).serve_forever()

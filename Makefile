# The two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := wsgi
# The official Noark 5 v5.0 XSDs for `flask archive` (README.md, "Archive export (Noark 5)").
NOARK5_SCHEMAS := $(abspath ../shared/noark5)
ifneq ($(wildcard $(NOARK5_SCHEMAS)/arkivstruktur.xsd),)
export NOARK5_SCHEMA_DIR ?= $(NOARK5_SCHEMAS)
endif

.PHONY: run test guide-images lint bench clean lock translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installed from the lock files (every transitive dependency pinned), so a fresh machine gets
# exactly what CI tested. After changing requirements*.txt: `make lock` (see README.md).
$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

# Recompile the lock files from requirements.txt and requirements-dev.txt (needs the package index).
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.dev
	$(PIP_COMPILE) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) --output-file requirements-dev.lock requirements-dev.txt

# Designsystemet CSS from the npm registry, pinned in package-lock.json; served from node_modules.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The interface texts: `make translations` extracts them from the code and templates and updates
# the .po file (new texts get an empty msgstr: write the English there; tests/test_i18n.py fails
# until you do). No source locations, sorted by msgid and no extraction date, so a new text adds
# three lines and nothing else changes.
BABEL_KEYWORDS := -k _l -k lazy_gettext -k _nav_label -k N_
translations: $(VENV)/.runtime
	pot="$$(mktemp)" && \
	$(BIN)/pybabel -q extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output --no-wrap -o "$$pot" . && \
	$(BIN)/pybabel -q update -i "$$pot" -d translations --no-wrap --no-fuzzy-matching --ignore-obsolete && \
	sed -i '/^"POT-Creation-Date: /d' translations/en/LC_MESSAGES/messages.po; \
	status=$$?; rm -f "$$pot"; exit $$status

# English interface texts, compiled from the committed .po file.
translations/en/LC_MESSAGES/messages.mo: translations/en/LC_MESSAGES/messages.po $(VENV)/.runtime
	$(BIN)/pybabel compile --use-fuzzy -d translations

run: $(VENV)/.runtime node_modules/.installed translations/en/LC_MESSAGES/messages.mo
	$(BIN)/flask db upgrade
	$(BIN)/flask demo --if-empty
	@# Binds the port first; only then prints the demo logins and the address (app/serve.py).
	@$(BIN)/flask serve --demo-login --host 127.0.0.1 --port $(PORT)

# Browser tests (tests/e2e) drive Debian's Chromium through Playwright; Playwright never downloads
# a browser here (no `playwright install`). The PDF tests (tests/test_pdf.py, tests/test_pdfa.py)
# need LibreOffice (Writer, and Impress and Calc for attachments in the meeting book), the fonts
# (Liberation, Carlito for Calibri, Caladea for Cambria) and poppler-utils (pdftotext, pdffonts):
# .ci/pdf-packages names the Debian packages that are missing, installed here with apt-get. Without
# apt-get (not Debian) nothing is installed: the PDF tests use what is there, or skip without soffice.
# pytest -n auto: one worker per core (pytest-xdist); --dist loadfile keeps a module on one worker,
# so a module's fixtures (the browser tests' live server) are made once.
test: $(VENV)/.dev node_modules/.installed translations/en/LC_MESSAGES/messages.mo
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	@missing="$$(sh .ci/pdf-packages)"; if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null; then \
	    echo "Installing for the PDF tests: $$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else echo "Not installed (no apt-get): $$missing. PDF tests skip without soffice."; fi; fi
	$(BIN)/pytest -n auto --dist loadfile

# The screenshots in docs/user-guide.md (docs/images/*.png): the secretariat's chapters, then the
# members' part (tests/e2e/member_journey.py, also the browser test of a member's journey). chromium-l10n gives the date and time
# fields their Norwegian formats in the pictures.
guide-images: $(VENV)/.dev node_modules/.installed
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	test -e /usr/lib/chromium/locales/nb.pak || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium-l10n)
	$(BIN)/python -m tests.e2e.guide_screenshots
	$(BIN)/python -m tests.e2e.member_journey
	$(BIN)/python -m tests.e2e.archivist_journey
	$(BIN)/python -m tests.paper_images

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: $(VENV)/.dev
	$(BIN)/python -m bench.meeting_page
	$(BIN)/python -m bench.agenda_edit
	$(BIN)/python -m bench.recording_save
	$(BIN)/python -m bench.docx_agenda
	$(BIN)/python -m bench.archive_export

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

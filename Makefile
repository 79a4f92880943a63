# One command per job. On a fresh machine `make book` or `make test` does all the set-up.
#
#   make book    set up, then build the site into _build/html, with the PDF edition
#   make pdf     set up, then build the PDF edition alone into _build/pdf (from the
#                chapters the last build executed: no chapter runs twice)
#   make test    set up, then run every test (they include a clean build of the book)
#   make serve   build, then preview the site on http://127.0.0.1:8000
#   make bench   the build against the seed's way, each stage's time and memory, and the
#                workbooks as a learner runs them (not a test)
#   make workbooks  regenerate the learner notebooks book/*.ipynb from the built chapters
#   make screenshots  a PNG of every built page, light and dark, in _build/screenshots
#   make clean   remove the built site

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BOOK   ?= .
OUT    ?= .

# html and latex share _build's caches, tex and browser share apt: one at a time
.NOTPARALLEL:

.PHONY: book pdf test serve bench workbooks screenshots html latex data browser tex clean

book: data tex html latex

pdf: data tex latex

test: data browser tex
	$(BIN)/python -m pytest

serve: book
	$(BIN)/python -m http.server --directory _build/html --bind 127.0.0.1 8000

bench: data tex
	cd bench && ../$(BIN)/python build.py
	cd bench && ../$(BIN)/python library.py
	cd bench && ../$(BIN)/python ten_class_seeds.py
	cd bench && ../$(BIN)/python thread_counts.py
	cd bench && ../$(BIN)/python learner.py
	@test -d _build/html && $(BIN)/python bench/site_weight.py _build/html \
	  || echo "(no built site: make book, then make bench, to see page weights)"
	@test -d _build/html && $(BIN)/python bench/pdf_routes.py \
	  || echo "(no built site: make book, then make bench, to compare the PDF's two routes)"

screenshots: $(VENV)/.installed
	$(BIN)/python scripts/screenshots.py _build/html _build/screenshots

# The workbooks carry the numbers of the built book: build it first (incremental).
workbooks: data html
	$(BIN)/python scripts/workbooks.py

# The build alone, incremental: Sphinx reads again only the pages whose source changed,
# and a chapter is executed only when its code, a fashionbook module it imports, the data
# or a pinned package changed (_config.yml's execute_notebooks: cache, and
# fashionbook/sphinx/freshness.py, which also has every page read again when the table
# of contents or the book's Sphinx extensions change); its outputs are otherwise reused
# from _build/.jupyter_cache. Any warning fails the build (-W; --keep-going reports all
# of them), and a failed build forgets what it read (_build/.doctrees), so the next build
# reads every page again and meets the same warnings: no build passes on a page read
# before. BOOK and OUT let the tests build elsewhere.
# MALLOC_ARENA_MAX=2: glibc gives each of TensorFlow's threads a memory arena of its
# own; two arenas in all keep chapter 6's kernel about 90 MB smaller (make bench).
html: $(VENV)/.installed
	MALLOC_ARENA_MAX=2 $(BIN)/jupyter-book build $(BOOK) --path-output $(OUT) -W --keep-going \
	  || { rm -rf $(OUT)/_build/.doctrees; exit 1; }

# The PDF edition: Sphinx's LaTeX builder, typeset by XeLaTeX (Unicode text, the book's
# own fonts), from the same execution cache as the site, so no chapter runs twice
# (fashionbook.sphinx.paper shapes the book for paper). A fresh folder every time:
# latexmk would also typeset any other .tex file left there. Warnings fail it, as html.
PDF := fashion-mnist-book.pdf
latex: $(VENV)/.installed
	rm -rf $(OUT)/_build/latex
	MALLOC_ARENA_MAX=2 $(BIN)/jupyter-book build $(BOOK) --path-output $(OUT) --builder pdflatex \
	  -W --keep-going || { rm -rf $(OUT)/_build/.doctrees; exit 1; }
	mkdir -p $(OUT)/_build/pdf
	cp $(OUT)/_build/latex/$(PDF) $(OUT)/_build/pdf/$(PDF)
	@if [ -d $(OUT)/_build/html ]; then cp $(OUT)/_build/latex/$(PDF) $(OUT)/_build/html/$(PDF); fi
	@$(BIN)/python scripts/pdf_report.py $(OUT)/_build/pdf/$(PDF) $(OUT)/_build/latex

# The data: already here, or Debian's package when we are root with apt, or a download.
# `python -m fashionbook` verifies every file whichever way it came.
data: $(VENV)/.installed
	@if ! $(BIN)/python -m fashionbook --no-download >/dev/null 2>&1 \
	    && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's package dataset-fashion-mnist"; \
	  apt-get install -y -q dataset-fashion-mnist \
	  || { apt-get update -q && apt-get install -y -q dataset-fashion-mnist; } \
	  || echo "apt-get could not install it: downloading the files instead"; \
	fi
	$(BIN)/python -m fashionbook

# The tests of the built site drive Debian's Chromium (never a downloaded browser).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; \
	fi
	@test -x /usr/bin/chromium || { echo "error: the site's tests need /usr/bin/chromium: sudo apt-get install chromium" >&2; exit 1; }

# The PDF's typesetting (XeLaTeX, latexmk, the FreeFont fonts Sphinx sets XeLaTeX in) and
# poppler's pdftotext/pdfinfo that its tests read it with: Debian's packages, about
# 1 minute to install on a fresh machine.
TEX_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra \
  texlive-fonts-recommended latexmk fonts-freefont-otf poppler-utils
tex:
	@if ! { command -v xelatex && command -v latexmk && command -v pdftotext \
	        && fc-list | grep -q FreeSerif; } >/dev/null 2>&1 \
	    && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get install -y -q --no-install-recommends $(TEX_PACKAGES) \
	  || { apt-get update -q && apt-get install -y -q --no-install-recommends $(TEX_PACKAGES); }; \
	fi
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v pdftotext >/dev/null \
	  || { echo "error: the PDF needs XeLaTeX, latexmk and poppler: sudo apt-get install $(TEX_PACKAGES)" >&2; exit 1; }

$(VENV)/.installed: requirements.txt binder/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

clean:
	rm -rf _build

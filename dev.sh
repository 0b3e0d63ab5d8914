#!/usr/bin/env bash
# The project's two commands, on a fresh Debian machine (root, or a user with sudo):
#
#   ./dev.sh serve    set up what the site needs, build it, serve it on http://127.0.0.1:8000
#   ./dev.sh test     set up everything, then run every test (what CI runs: .ci/run)
#   ./dev.sh test --fast   the fast tier for data edits: no browser, no Pyodide, no site build
#
# Setup is idempotent and quick when nothing changed. It installs: for `test` only, Debian's
# chromium, firefox-esr, webkit2gtk-driver (WebKitWebDriver and MiniBrowser) and xvfb (the
# browser tests in three engines), fonts-noto-cjk and poppler-utils (screenshots, PDF checks); a
# Python virtual environment in .venv with requirements.txt; and the npm packages of
# package-lock.json (the Pyodide runtime; puppeteer-core, which drives Firefox).
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_env() {
  local py="${PYTHON:-python3}"
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "dev.sh: Python 3.11 or newer is needed (set PYTHON=...)" >&2; exit 1; }
  if [ ! -x .venv/bin/python ]; then
    say "Python virtual environment in .venv"
    "$py" -m venv .venv || { apt_install python3-venv && "$py" -m venv .venv; }
  fi
  # Reinstall only when requirements.txt changed since the last install.
  local stamp=.venv/.requirements.sha256 want
  want=$(sha256sum requirements.txt | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Python packages (requirements.txt)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -r requirements.txt
    echo "$want" > "$stamp"
  fi
}

node_env() {
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.dev-lock; then
    say "npm packages (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.dev-lock
  fi
}

# The browser code (overrides/, templates/*.js): Biome's linter and formatter, pinned in
# package.json (biome.json says what and how); a lint error or an unformatted file fails the run.
lint_js() {
  say "Biome: lint and format check of the browser code"
  node_modules/.bin/biome ci --error-on-warnings
}

case "${1:-}" in
  serve)
    shift
    python_env
    node_env
    exec .venv/bin/python build.py serve "$@"
    ;;
  test)
    shift
    if [ "${1:-}" = "--fast" ]; then
      # What a data edit needs checked, in about a minute (CONTRIBUTING.md §3): the browser,
      # Pyodide and whole-site tests are left to the full run and CI.
      shift
      python_env
      node_env
      lint_js
      exec .venv/bin/python -m pytest -n auto -m "not browser and not pyodide and not site and not slow" "$@"
    fi
    apt_install chromium firefox-esr webkit2gtk-driver xvfb fonts-noto-cjk poppler-utils
    python_env
    node_env
    lint_js
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac

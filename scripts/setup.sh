#!/usr/bin/env bash
# Set up everything govinspect needs on a fresh Debian machine: system packages (nginx for the
# benchmark and its tests, chromium for JavaScript-built pages and screenshots, tesseract for OCR) and a virtualenv
# with the project and its development tools. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
need_apt=()
# the paths the tests and the demo use: another nginx or font elsewhere would leave them skipped
[ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# bulletin tests: .docx → PDF (LibreOffice), PDF text and pages (poppler), CJK glyphs
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_apt+=(fonts-noto-cjk)
command -v make >/dev/null 2>&1 || need_apt+=(make)
# Debian's python3 makes a virtualenv only with python3-venv (ensurepip)
"$PY" -c "import ensurepip" >/dev/null 2>&1 || need_apt+=(python3-venv)
# OCR of images and scanned PDFs (W-D14 and the rules fed by govinspect.snapshot.ocr): the engine
# and its simplified-Chinese model ship as Debian packages, nothing is downloaded at run time
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || need_apt+=(tesseract-ocr-chi-sim)
# PostgreSQL: the server binaries for tests/store/test_postgres.py (a throwaway cluster per run)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
# Redis: the broker of the distributed mode, for tests/distributed (a throwaway server per run)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "setup: installing system packages: ${need_apt[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: cannot install ${need_apt[*]} (not root, no sudo); tests that need them will be skipped" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# pip's own chatter goes to a log; it is shown only when the install fails.
log=.venv/setup.log
if ! { .venv/bin/python -m pip install -q --upgrade pip && \
       .venv/bin/python -m pip install -q -e ".[dev,browser,postgres,distributed]"; } >"$log" 2>&1; then
  tail -50 "$log" >&2
  echo "setup: pip install failed (full log: $log)" >&2
  exit 1
fi
echo "setup: ok ($(.venv/bin/python --version), $(.venv/bin/govinspect --version))"

#!/usr/bin/env bash
# Fresh machine → the site at http://127.0.0.1:8000 on the embedded default
# (SQLite in the project folder, tasks in-process, the real ESCO taxonomy in English and French
# from the snapshot in the repo, then the demo catalogue).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python manage.py migrate --noinput
# ~25 s the first time (docs/taxonomy.md); afterwards a no-op.
.venv/bin/python manage.py taxonomy_snapshot load
.venv/bin/python manage.py seed_demo
echo "Reconversion is at http://127.0.0.1:${PORT:-8000}/ (Ctrl-C stops it)."
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT:-8000}"

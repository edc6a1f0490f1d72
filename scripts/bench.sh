#!/usr/bin/env bash
# Sets everything up, then runs the three benchmarks and prints their numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/python benchmarks/parse.py
.venv/bin/python benchmarks/archive.py
.venv/bin/python benchmarks/crawl.py

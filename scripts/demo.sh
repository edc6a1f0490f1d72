#!/usr/bin/env bash
# Sets everything up, then runs nianbao's main job on the embedded default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/nianbao demo "$@"

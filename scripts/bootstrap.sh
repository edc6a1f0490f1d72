#!/usr/bin/env bash
# Sets up everything nianbao needs on a fresh Debian/Ubuntu machine, idempotently:
# system packages (chromium for JS-rendered portals, catdoc/antiword for .doc, a CJK font so
# pypdfium2 reads PDFs whose Chinese font is not embedded), then .venv with the project.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(chromium antiword catdoc fonts-wqy-zenhei)
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo=""; fi
    if [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; then
        echo "bootstrap: installing ${missing[*]} with apt-get" >&2
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "bootstrap: cannot install ${missing[*]} (not root, no sudo); tests needing them will skip" >&2
    fi
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
stamp=.venv/.nianbao-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    # The stock pip mis-resolves lxml[html_clean]; upgrade it first.
    echo "bootstrap: installing nianbao into .venv (log: .venv/pip-install.log)" >&2
    if ! { .venv/bin/python -m pip install --upgrade pip &&
        .venv/bin/python -m pip install -e '.[dev]'; } >.venv/pip-install.log 2>&1; then
        tail -n 40 .venv/pip-install.log >&2
        exit 1
    fi
    echo "$want" >"$stamp"
fi

# Sourced by scripts/test and scripts/build-samples: make ./.venv with graphbuild installed.
# A fresh machine needs only python3 (3.10+); everything else comes from PyPI.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${GRAPHBUILD_VENV:-$repo/.venv}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -e "$repo${GRAPHBUILD_EXTRAS:-}"

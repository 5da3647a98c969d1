# Sourced by scripts/test and scripts/build-samples: make ./.venv with graphbuild installed.
# A fresh machine needs only python3 (3.10+); everything else comes from PyPI.
# Prints one line per step (and pip's own lines), so a slow install is never silent.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv=${GRAPHBUILD_VENV:-$repo/.venv}
step() { printf '==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
if [ ! -x "$venv/bin/python" ]; then
  step "creating the virtual environment $venv"
  python3 -m venv "$venv"
fi
step "upgrading pip in $venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
step "installing graphbuild${GRAPHBUILD_EXTRAS:-} (editable) and its dependencies; pip lists what it fetches"
"$venv/bin/python" -m pip install --progress-bar off -e "$repo${GRAPHBUILD_EXTRAS:-}" \
  | grep -v '^Requirement already satisfied' || true
step "graphbuild installed: $("$venv/bin/graphbuild" --version)"

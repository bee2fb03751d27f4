#!/usr/bin/env bash
# Print the path of a Python 3.12+ interpreter: .python-version via pyenv first, then PATH.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=()
if [ -f .python-version ]; then
  wanted=$(tr -d '[:space:]' < .python-version)
  candidates+=("${PYENV_ROOT:-$HOME/.pyenv}/versions/$wanted/bin/python")
fi
for v in 3.13 3.12; do
  for d in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/$v*/bin/python; do candidates+=("$d"); done
  candidates+=("$(command -v python$v 2>/dev/null)")
done
candidates+=("$(command -v python3 2>/dev/null)")
for c in "${candidates[@]}"; do
  if [ -n "$c" ] && [ -x "$c" ] && ok "$c"; then echo "$c"; exit 0; fi
done
echo "Abadi needs Python 3.12 or newer (Django 6.1). Install it (pyenv install 3.13, or your" >&2
echo "distribution's python3.13 package) and run make again." >&2
exit 1

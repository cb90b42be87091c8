# Shared by scripts/serve and .ci/run (sourced, not executed).
# Debian packages: RUNTIME is what `rop serve` needs; TEST adds what the test suite needs.
RUNTIME_APT="python3 python3-venv python3-dev build-essential ca-certificates curl ffmpeg sox libsox-fmt-mp3"
TEST_APT="festival festvox-ru php-cli php-curl chromium postgresql postgresql-client nginx openssl"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  # Installs only what is missing; `apt-get update` only when something is.
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ] || [ "${CI:-}" = true ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    [ "${#missing[@]}" -eq 0 ] || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

python_bin() {
  for py in python3.11 python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$py"; return 0
    fi
  done
  echo "Python 3.11+ is required" >&2
  return 1
}

ensure_venv() {
  # $1: the pip extras spec, e.g. "." or ".[dev]"
  export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1
  [ -x .venv/bin/python ] || "$(python_bin)" -m venv .venv
  .venv/bin/pip install -q -e "$1"
}

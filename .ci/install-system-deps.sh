#!/usr/bin/env bash
# Installs the Debian packages JIT Vault's tests need, only those missing. Idempotent; needs root.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v gnome-keyring-daemon >/dev/null 2>&1 || needed+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || needed+=(dbus)
command -v dbus-launch >/dev/null 2>&1 || needed+=(dbus-x11)
command -v secret-tool >/dev/null 2>&1 || needed+=(libsecret-tools)
dpkg -s libsecret-1-0 >/dev/null 2>&1 || needed+=(libsecret-1-0)
dpkg -s libsecret-1-dev >/dev/null 2>&1 || needed+=(libsecret-1-dev)
command -v xvfb-run >/dev/null 2>&1 || needed+=(xvfb xauth)
# The EC certificate tests make their outside CA and PFX files with the OpenSSL command line.
command -v openssl >/dev/null 2>&1 || needed+=(openssl)
fc-list 2>/dev/null | grep -qi dejavu || needed+=(fonts-dejavu-core)
if [ ${#needed[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi

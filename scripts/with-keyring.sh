#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring (Secret Service),
# so keychain code is tested against a real OS keychain and never touches the user's own.
# Inside an existing private session (JIT_VAULT_PRIVATE_KEYRING=1) it just runs the command.
set -euo pipefail
if [ "${JIT_VAULT_PRIVATE_KEYRING:-}" = "1" ]; then exec "$@"; fi
if ! command -v gnome-keyring-daemon >/dev/null 2>&1 || ! command -v dbus-run-session >/dev/null 2>&1; then
  echo "with-keyring: gnome-keyring or dbus is missing (run: sudo bash .ci/install-system-deps.sh); keychain tests will report the keychain as unavailable." >&2
  exec "$@"
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export JIT_VAULT_PRIVATE_KEYRING=1
# XDG_DATA_HOME keeps the keyring files in the temporary folder; HOME is left alone for npm.
XDG_DATA_HOME="$keyring_home/data" XDG_CONFIG_HOME="$keyring_home/config" \
  dbus-run-session -- sh -c 'printf pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "$@"' keyring "$@"

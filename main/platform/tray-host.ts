import { execFile } from 'node:child_process';

/**
 * Whether a Linux desktop shows tray icons: Electron's Linux tray is a StatusNotifierItem, which
 * appears only where a host owns `org.kde.StatusNotifierWatcher` on the session bus (KDE, Ubuntu's
 * GNOME with its AppIndicator extension). Plain GNOME has none — its notification area was removed in
 * 3.26 (https://blogs.gnome.org/aday/2017/08/31/status-icons-and-gnome/) — so a tray app there has no
 * visible way in unless it opens a window. Asked with `dbus-send` (shipped with the D-Bus daemon on
 * every desktop distribution), bounded by a short timeout.
 *
 * @returns true/false when the bus answered; undefined when it could not be asked (no dbus-send, no bus).
 */
export function probeTrayHost(platform: NodeJS.Platform = process.platform, timeoutMs = 2_000): Promise<boolean | undefined> {
  if (platform === 'win32' || platform === 'darwin') return Promise.resolve(true);
  const args = [
    '--session',
    '--print-reply=literal',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    'string:org.kde.StatusNotifierWatcher',
  ];
  return new Promise((resolve) => {
    execFile('dbus-send', args, { timeout: timeoutMs }, (error, stdout) => {
      if (error) return resolve(undefined);
      resolve(parseNameHasOwner(stdout));
    });
  });
}

/** `dbus-send --print-reply=literal` prints "   boolean true" / "   boolean false". */
export function parseNameHasOwner(output: string): boolean | undefined {
  const match = /boolean\s+(true|false)/.exec(output);
  return match ? match[1] === 'true' : undefined;
}

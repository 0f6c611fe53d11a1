/** The part of Electron's globalShortcut the manager uses. */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/** Outcome of applying a shortcut setting. */
export type ShortcutResult = { ok: true; accelerator: string } | { ok: false; accelerator: string; message: string };

/**
 * The configurable global shortcut that opens the quick lookup from anywhere. `apply` replaces the
 * previous registration (settings change); when the OS or another application already owns the
 * combination — `register` returns false — or Electron does not understand it — `register` throws —
 * the result says so in words the settings screen and a notification can show, and the previous
 * shortcut stays released (two shortcuts for one action would surprise more than none).
 */
export class ShortcutManager {
  #current: string | undefined;

  constructor(
    private readonly globalShortcut: GlobalShortcutLike,
    private readonly onPressed: () => void,
  ) {}

  /** The accelerator registered now, if any. */
  get current(): string | undefined {
    return this.#current;
  }

  apply(accelerator: string): ShortcutResult {
    const wanted = accelerator.trim();
    if (wanted === this.#current) return { ok: true, accelerator: wanted };
    this.release();
    if (!wanted) return { ok: false, accelerator: wanted, message: 'No shortcut is set for the quick lookup.' };
    let registered: boolean;
    try {
      registered = this.globalShortcut.register(wanted, this.onPressed);
    } catch {
      return { ok: false, accelerator: wanted, message: `"${wanted}" is not a shortcut JIT Vault understands. Use a combination such as CommandOrControl+Shift+K.` };
    }
    if (!registered) {
      return { ok: false, accelerator: wanted, message: `The shortcut ${wanted} is already used by another application or by the system. Choose a different one in Settings.` };
    }
    this.#current = wanted;
    return { ok: true, accelerator: wanted };
  }

  /** Unregisters the current shortcut (quit, or before registering another). */
  release(): void {
    if (this.#current) this.globalShortcut.unregister(this.#current);
    this.#current = undefined;
  }
}

// Runs the BUILT main bundle (out/main/index.js) under plain Node with `electron` resolved to the
// Electron model (test/shell/model/electron-model.ts, through tsx): proves the bundle loads and
// starts outside vitest's transform. Prints one JSON line with what it saw, then exits.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const [, , repo] = process.argv;
const modelUrl = pathToFileURL(`${repo}/test/shell/model/electron-model.ts`).href;
const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return next(${JSON.stringify(modelUrl)}, context);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);

const model = await import('electron');
await import(pathToFileURL(`${repo}/out/main/index.js`).href);
model.fake.app.fireReady();
const deadline = Date.now() + 30_000;
while (model.fake.globalShortcut.registered.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
process.stdout.write(
  `${JSON.stringify({ handlers: model.fake.ipcMain.handlers.size, trays: model.Tray.instances.length, shortcuts: [...model.fake.globalShortcut.registered.keys()], errors: model.fake.errors })}\n`,
);
model.fake.app.quit();
const quitBy = Date.now() + 10_000;
while (!model.fake.app.quitted && Date.now() < quitBy) await new Promise((r) => setTimeout(r, 50));
process.exit(0);

// The add-on as Thunderbird installs it: dist/addon (from `npm run build`) packed into an xpi with
// web-ext's own packager (the same as `web-ext build`).
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import webExt from 'web-ext';

export const ROOT = new URL('../..', import.meta.url).pathname;
/** The built add-on (E2E_ADDON_DIR points elsewhere, e.g. at another branch's build). */
export const ADDON_DIR = process.env['E2E_ADDON_DIR'] || join(ROOT, 'dist/addon');

export async function buildXpi(outDir: string): Promise<string> {
  if (!existsSync(join(ADDON_DIR, 'manifest.json'))) throw new Error('dist/addon is not built: run npm run build first');
  const r = await webExt.cmd.build(
    { sourceDir: ADDON_DIR, artifactsDir: outDir, overwriteDest: true, filename: 'imip-agent.zip' },
    { showReadyMessage: false },
  );
  const xpi = join(outDir, 'imip-agent.xpi');
  renameSync(r.extensionPath, xpi);
  return xpi;
}

/**
 * Opens the command center in the desktop's browser when there is a desktop; on a headless
 * machine (or with OPEN_BROWSER=0, or in CI) it only prints the URL.
 */
import { spawn } from 'node:child_process';

function opener(): string | null {
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return 'explorer';
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? 'xdg-open' : null;
}

export function openInBrowser(url: string): void {
  if (process.env.OPEN_BROWSER === '0' || process.env.CI) return;
  const command = opener();
  if (command === null) return;
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // no opener installed: the printed URL is enough
  child.unref();
}

/**
 * The child process an import runs in (started by ImportJobs): the parse, the checks and the
 * commit's writes happen here, on its own database connection (SQLite) or pool (PostgreSQL), so the server's event loop
 * keeps answering while a million rows go in. Talks to the parent over IPC only.
 */
import { openImportDatabase, type ImportDatabase } from './importDatabase';
import { useImportHeap } from './importHeap';
import { runImport, type RunImportRequest } from './runImport';

export type ChildRequest = Omit<
  RunImportRequest,
  'recordAudit' | 'onProgress' | 'signal' | 'now'
> & {
  database: ImportDatabase;
};

export type ChildMessage =
  | { type: 'progress'; done: number; total: number | null }
  | { type: 'result'; result: Awaited<ReturnType<typeof runImport>> }
  | { type: 'error'; code: string; messageZh: string; messageEn: string };

const PROGRESS_INTERVAL_MS = 250;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

useImportHeap();

process.once('message', (request: ChildRequest) => {
  void (async () => {
    let opened: ReturnType<typeof openImportDatabase> | null = null;
    let last = 0;
    try {
      opened = openImportDatabase(request.database, request.dataDir);
      const result = await runImport(opened.target, {
        ...request,
        recordAudit: opened.recordAudit,
        onProgress: (done, total) => {
          const now = Date.now();
          if (now - last < PROGRESS_INTERVAL_MS && done !== total) return;
          last = now;
          process.send!({ type: 'progress', done, total } satisfies ChildMessage);
        },
      });
      await send({ type: 'result', result });
    } catch (error) {
      const withText = error as { code?: string; messageZh?: string; message?: string };
      await send({
        type: 'error',
        code: withText.code ?? 'failed',
        messageZh: withText.messageZh ?? `导入失败：${withText.message ?? String(error)}`,
        messageEn: withText.message ?? String(error),
      });
    } finally {
      await opened?.close();
      process.disconnect();
    }
  })();
});

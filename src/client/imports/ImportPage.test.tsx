import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImportJobWire } from '../../shared/imports';
import { fakeApiClient, renderPanel } from '../widgets/testing/renderPanel';
import type { ImportApi } from './importApi';
import { ImportPage } from './ImportPage';

const RESULT = {
  kind: 'registers',
  rows: 3,
  accepted: 2,
  rejected: 1,
  changes: { created: 1, updated: 0, moved: 1, unchanged: 0 },
  mapping: { name: '姓名', idNumber: '身份证' },
  batchId: null,
  dryRun: true,
  fileName: 'r.csv',
  fileSha256: 'x',
  problemCount: 1,
  problems: [
    {
      row: 3,
      column: '身份证',
      code: 'id-check-digit',
      messageZh: '公民身份号码校验码错误',
      messageEn: 'ID number check character is wrong',
      severity: 'error' as const,
    },
  ],
  hasProblemFile: true,
};

function job(state: ImportJobWire['state'], dryRun: boolean): ImportJobWire {
  return {
    id: dryRun ? 'j1' : 'j2',
    uploadId: 'u1',
    kind: 'registers',
    dryRun,
    state,
    done: state === 'running' ? 1 : 3,
    total: 3,
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: null,
    result: state === 'done' ? { ...RESULT, dryRun, batchId: dryRun ? null : 'b1' } : null,
    error: null,
  };
}

function fakeImportApi(): ImportApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    kinds: vi.fn(async () => [
      {
        name: 'registers',
        accepts: ['csv', 'xlsx'],
        fields: [
          { key: 'name', zh: '姓名', en: 'Name', required: true },
          { key: 'idNumber', zh: '公民身份号码', en: 'ID number', required: true },
        ],
      },
    ]),
    upload: vi.fn(async (kind: string, file: File) => {
      calls.push(`upload ${kind} ${file.name}`);
      return {
        uploadId: 'u1',
        fileName: file.name,
        bytes: 10,
        columns: ['姓名', '身份证'],
        sample: [['张三', '1']],
      };
    }),
    start: vi.fn(async (_uploadId: string, dryRun: boolean, mapping: Record<string, string>) => {
      calls.push(`start ${dryRun} ${JSON.stringify(mapping)}`);
      return job('running', dryRun);
    }),
    job: vi.fn(async (id: string) => job('done', id === 'j1')),
    problemFileUrl: (id: string, format: 'csv' | 'xlsx') => `/p/${id}.${format}`,
    batches: vi.fn(async () => []),
    rollback: vi.fn(),
    expiring: vi.fn(),
  };
}

describe('ImportPage', () => {
  it('uploads a file, sends the edited mapping with the dry run, shows counts and problems, then commits', async () => {
    const api = fakeImportApi();
    const { user } = renderPanel(<ImportPage api={api} onClose={() => undefined} />, {
      api: fakeApiClient({}),
    });
    await waitFor(() =>
      expect(screen.getByTestId('import-kind').textContent).toContain('人口登记'),
    );
    await user.upload(
      screen.getByTestId('import-file'),
      new File(['姓名,身份证\n张三,1'], 'r.csv', { type: 'text/csv' }),
    );
    await waitFor(() => expect(api.calls).toContain('upload registers r.csv'));
    await user.selectOptions(screen.getByTestId('import-map-idNumber'), '身份证');
    await user.click(screen.getByTestId('import-dry-run'));
    expect(api.calls).toContain('start true {"idNumber":"身份证"}');
    await waitFor(() =>
      expect(screen.getByTestId('import-summary').textContent).toContain('新增 1'),
    );
    expect(screen.getByTestId('import-summary').textContent).toContain('迁居 1');
    expect(screen.getByTestId('import-problems').textContent).toContain('公民身份号码校验码错误');
    expect(screen.getByText('下载问题清单 (XLSX)').getAttribute('href')).toBe('/p/j1.xlsx');
    await user.click(screen.getByTestId('import-commit'));
    await waitFor(() =>
      expect(screen.getByTestId('import-summary').textContent).toContain('已导入'),
    );
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_ASSESSMENT_SCHEME } from '../../domain/assessment/assessmentScheme';
import type {
  AssessmentReport,
  SchemeVersionsResponse,
  SubjectScoreWire,
} from '../../shared/assessment';
import type { Permission, SessionUser } from '../../shared/api';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { AssessmentApiError, type AssessmentApi } from './assessmentApi';
import { AssessmentPanel } from './AssessmentPanel';

/** 5 December 2026, noon in the district: last month is November. */
const NOW_MS = Date.UTC(2026, 11, 5, 4);

const INDICATORS: SubjectScoreWire['indicators'] = {
  reported: 4,
  deadlinesJudged: 4,
  deadlinesMet: 3,
  onTimeRate: 0.75,
  overdueCount: 1,
  feedbacksJudged: 4,
  reworkedIncidents: 1,
  reworkRate: 0.25,
  evaluations: 2,
  satisfaction: 4.5,
  foundByWorkers: 2,
  foundShare: 0.5,
  patrolCoverage: 0.62,
  responses: 1,
  responseMeanMs: 18 * 60_000,
  responseOnTimeShare: 1,
};

function subject(
  key: string,
  name: string,
  rank: number,
  overrides: Partial<SubjectScoreWire> = {},
) {
  return {
    key,
    name,
    nameEn: `${name} (en)`,
    rank,
    score: 90 - rank,
    baseScore: 95,
    deductionPoints: 0,
    indicators: INDICATORS,
    deductions: [],
    ...overrides,
  } satisfies SubjectScoreWire;
}

const REPORT: AssessmentReport = {
  period: {
    label: '2026-11',
    firstDay: '2026-11-01',
    lastDay: '2026-11-30',
    startMs: Date.UTC(2026, 9, 31, 16),
    endMs: Date.UTC(2026, 10, 30, 16),
  },
  complete: true,
  asOfMs: Date.UTC(2026, 10, 30, 16),
  patrolFixesFromMs: Date.UTC(2026, 10, 4, 16),
  scheme: { version: 1, effectiveFrom: '1970-01-01' },
  rankings: {
    street: [subject('350102001', '东街街道', 1)],
    community: [],
    grid: [
      subject('350102001001001', '第一网格', 1),
      subject('350102001001002', '第二网格', 2, {
        deductionPoints: 5,
        deductions: [
          { kind: 'overdue', count: 2, points: 4, incidentIds: ['INC00000007', 'INC00000009'] },
          { kind: 'rework', count: 1, points: 1, incidentIds: ['INC00000009'] },
        ],
      }),
    ],
    department: [],
    worker: [],
  },
};

const VERSIONS: SchemeVersionsResponse = {
  today: '2026-12-05',
  inForceVersion: 1,
  versions: [
    {
      version: 1,
      effectiveFrom: '1970-01-01',
      scheme: DEFAULT_ASSESSMENT_SCHEME,
      createdBy: 'system',
      createdAtMs: 0,
    },
  ],
};

function fakeApi(overrides: Partial<AssessmentApi> = {}) {
  return {
    report: vi.fn<AssessmentApi['report']>(async () => REPORT),
    exportUrl: (query) => `/api/assessment/export.xlsx?kind=${query.kind}`,
    schemes: vi.fn<AssessmentApi['schemes']>(async () => VERSIONS),
    createScheme: vi.fn<AssessmentApi['createScheme']>(),
    ...overrides,
  } satisfies AssessmentApi;
}

function signIn(permissions: Permission[]) {
  useAppStore.getState().setSession({
    username: 'leader',
    displayName: 'Leader',
    role: 'leader',
    scopes: ['350102'],
    canReveal: false,
    permissions,
    mustChangePassword: false,
  } satisfies SessionUser);
}

beforeEach(() => {
  resetStores(useAppStore, useIncidentStore);
});

describe('AssessmentPanel', () => {
  it('scores last month by default and ranks each level in Chinese', async () => {
    signIn(['tracking.read']);
    const api = fakeApi();
    const { user } = renderPanel(<AssessmentPanel api={api} nowMs={NOW_MS} />, {
      api: fakeApiClient({}),
    });
    expect(await screen.findByText('东街街道')).toBeTruthy();
    expect(api.report).toHaveBeenCalledWith({ kind: 'month', month: '2026-11' }, expect.anything());
    expect(screen.getByTestId('assessment-meta').textContent).toContain('方案 v1');
    await user.click(screen.getByRole('tab', { name: /网格\s*2/ }));
    const rows = within(screen.getByTestId('assessment-ranking')).getAllByRole('row');
    expect(rows.slice(1).map((row) => row.getAttribute('data-subject'))).toEqual([
      '350102001001001',
      '350102001001002',
    ]);
    expect(rows[2]!.textContent).toContain('−5');
    expect(screen.getByTestId('assessment-export').getAttribute('href')).toContain('kind=month');
    // Nobody without user management sees the scheme's editor.
    expect(screen.queryByRole('button', { name: '考核方案' })).toBeNull();
  });

  it('drills down to the deductions and opens an incident behind one in the drawer', async () => {
    signIn(['tracking.read']);
    // Grids of the same name in several communities read with their community's name.
    useAppStore.getState().setGrids([
      {
        code: '350102001001',
        parentCode: '350102001',
        level: 3,
        name: '温里社区',
        nameEn: 'Wenli',
        center: { lon: 119.3, lat: 26.08 },
        polygon: { type: 'Polygon', coordinates: [] },
      },
    ]);
    const { user } = renderPanel(<AssessmentPanel api={fakeApi()} nowMs={NOW_MS} />, {
      api: fakeApiClient({}),
    });
    await screen.findByText('东街街道');
    await user.click(screen.getByRole('tab', { name: /网格\s*2/ }));
    await user.click(screen.getByRole('button', { name: '温里社区 · 第二网格' }));
    const detail = screen.getByTestId('assessment-detail');
    expect(detail.querySelector('h3')?.textContent).toBe('温里社区 · 第二网格 的扣分明细');
    expect(detail.textContent).toContain('超期：2 次，扣 4 分');
    expect(detail.textContent).toContain('返工：1 次，扣 1 分');
    await user.click(within(detail).getAllByRole('button', { name: '打开事件 INC00000009' })[0]!);
    expect(useIncidentStore.getState().selectedIncidentId).toBe('INC00000009');
  });

  it('asks again for another period and shows a refusal in the chosen language', async () => {
    signIn(['tracking.read']);
    const api = fakeApi({
      report: vi.fn<AssessmentApi['report']>(async (query) => {
        if (query.kind === 'quarter') {
          throw new AssessmentApiError('the period has not begun', {
            zh: '该期间尚未开始，无法考核',
            en: 'the period has not begun: there is nothing to assess yet',
          });
        }
        return REPORT;
      }),
    });
    const { user } = renderPanel(<AssessmentPanel api={api} nowMs={NOW_MS} />, {
      api: fakeApiClient({}),
      language: 'en',
    });
    await screen.findByText('东街街道 (en)');
    await user.click(screen.getByRole('radio', { name: 'Quarter' }));
    expect(api.report).toHaveBeenLastCalledWith(
      { kind: 'quarter', quarter: '2026-Q4' },
      expect.anything(),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'the period has not begun: there is nothing to assess yet',
    );
  });

  it('lets an administrator save the edited scheme as a new version from tomorrow', async () => {
    signIn(['tracking.read', 'users.manage']);
    const createScheme = vi
      .fn<AssessmentApi['createScheme']>()
      .mockRejectedValueOnce(
        new AssessmentApiError('bad', { zh: 'scheme.weights.on_time：应不小于 0', en: 'bad' }),
      )
      .mockImplementationOnce(async (request) => ({
        version: 2,
        effectiveFrom: request.effectiveFrom,
        scheme: request.scheme,
        createdBy: 'admin',
        createdAtMs: NOW_MS,
      }));
    const api = fakeApi({ createScheme });
    const { user } = renderPanel(<AssessmentPanel api={api} nowMs={NOW_MS} />, {
      api: fakeApiClient({}),
    });
    await screen.findByText('东街街道');
    await user.click(screen.getByRole('button', { name: '考核方案' }));
    const editor = await screen.findByTestId('assessment-scheme-editor');
    expect(editor.textContent).toContain('v1：1970-01-01 起生效（system）');
    const overdue = within(editor.querySelector('[data-rule="overdue"]') as HTMLElement);
    fireEvent.change(overdue.getByLabelText('每次扣分'), { target: { value: '5' } });
    await user.click(within(editor).getByRole('button', { name: '保存为新版本' }));
    expect((await within(editor).findByRole('alert')).textContent).toContain('weights.on_time');
    await user.click(within(editor).getByRole('button', { name: '保存为新版本' }));
    await waitFor(() => expect(createScheme).toHaveBeenCalledTimes(2));
    const request = createScheme.mock.calls[1]![0];
    expect(request.effectiveFrom).toBe('2026-12-06');
    expect(request.scheme.deductions.overdue).toEqual({ pointsEach: 5, maxPoints: 20 });
    expect(request.scheme.weights).toEqual(DEFAULT_ASSESSMENT_SCHEME.weights);
    expect((await within(editor).findByRole('status')).textContent).toBe(
      '已保存 v2，自 2026-12-06 起生效',
    );
  });
});

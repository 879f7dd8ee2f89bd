import { act, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INCIDENT_CATEGORIES } from '../../domain/incidents/incidentCategories';
import { ApiRequestError, type ApiClient } from '../feeds/apiClient';
import type { IncidentIntakeCheck } from '../../shared/incidents';
import { useAppStore } from '../shell/appStore';
import { fakeApiClient, renderPanel, resetStores } from '../widgets/testing/renderPanel';
import { ReportForm } from './ReportForm';
import { FIXTURE_GRID, incidentDetail } from './incidentDetailFixture';
import { useIncidentStore } from './incidentStore';

const DEFAULT_CATEGORY = 'city_appearance';
const PLACE = { lon: 119.301234, lat: 26.081234 };
const IN_GRID: IncidentIntakeCheck = {
  gridCode: FIXTURE_GRID.code,
  inScope: true,
  possibleDuplicates: [],
};

const store = () => useIncidentStore.getState();

/** What the globe does on a click while the form waits for a place. */
function pickOnGlobe(place: { lon: number; lat: number }): void {
  act(() => {
    store().updateReportDraft({ place });
    store().setPickingPlace(false);
  });
}

function renderForm(
  methods: {
    incidentIntakeCheck?: ApiClient['incidentIntakeCheck'];
    createIncident?: ApiClient['createIncident'];
  } = {},
) {
  const incidentIntakeCheck = vi.fn(methods.incidentIntakeCheck ?? (async () => IN_GRID));
  const createIncident = vi.fn<ApiClient['createIncident']>(
    methods.createIncident ??
      (async () => ({ incident: incidentDetail(), possibleDuplicates: [] })),
  );
  act(() => store().openReportForm(DEFAULT_CATEGORY));
  const rendered = renderPanel(<ReportForm />, {
    api: fakeApiClient({ incidentIntakeCheck, createIncident }),
  });
  return { ...rendered, incidentIntakeCheck, createIncident };
}

const description = () => screen.getByTestId('report-description') as HTMLTextAreaElement;
const category = () => screen.getByTestId('report-category') as HTMLSelectElement;

beforeEach(() => {
  resetStores(useAppStore, useIncidentStore);
  useAppStore.getState().setGrids([FIXTURE_GRID]);
});

describe('ReportForm', () => {
  it('opens waiting for a place on the globe; its button leaves and re-enters pick mode', async () => {
    const { user } = renderForm();

    expect(screen.getByText('请在三维视图中点击事件地点')).toBeTruthy();
    expect(store().pickingPlace).toBe(true);

    await user.click(screen.getByRole('button', { name: '正在选点…' }));
    expect(store().pickingPlace).toBe(false);

    await user.click(screen.getByRole('button', { name: '重新选点' }));
    expect(store().pickingPlace).toBe(true);
  });

  it('shows the place picked on the globe and the grid the server finds there', async () => {
    const { incidentIntakeCheck } = renderForm();

    pickOnGlobe(PLACE);

    expect(screen.getByTestId('report-place').textContent).toBe('119.30123, 26.08123');
    expect(screen.getByRole('button', { name: '重新选点' })).toBeTruthy();
    expect((await screen.findByTestId('report-grid')).textContent).toBe(
      `所在网格：${FIXTURE_GRID.name}`,
    );
    expect(incidentIntakeCheck).toHaveBeenCalledWith(
      { categoryCode: DEFAULT_CATEGORY, ...PLACE },
      expect.any(AbortSignal),
    );
  });

  it('asks for a place and sends nothing when none was picked', async () => {
    const { user, createIncident } = renderForm();

    await user.type(description(), '路灯不亮');
    await user.click(screen.getByTestId('report-submit'));

    expect(screen.getByTestId('report-error').textContent).toBe('请先在地图上选择事件地点');
    expect(description().value).toBe('路灯不亮');
    expect(createIncident).not.toHaveBeenCalled();
  });

  it('asks for a description and sends nothing when it is blank, keeping the place', async () => {
    const { user, createIncident } = renderForm();
    pickOnGlobe(PLACE);
    await screen.findByTestId('report-grid');

    await user.type(description(), '   ');
    await user.click(screen.getByTestId('report-submit'));

    expect(screen.getByTestId('report-error').textContent).toBe('请填写事件描述');
    expect(screen.getByTestId('report-place').textContent).toBe('119.30123, 26.08123');
    expect(createIncident).not.toHaveBeenCalled();
  });

  it('always has a category: every category offered, no empty choice, the default chosen', () => {
    renderForm();

    const options = [...category().options].map((option) => option.value);
    expect(options).toEqual(INCIDENT_CATEGORIES.map((entry) => entry.code));
    expect(category().value).toBe(DEFAULT_CATEGORY);
    expect(screen.getByText('按类别默认（一般）')).toBeTruthy();
  });

  it('checks the place again for another category, whose default priority it then names', async () => {
    const { user, incidentIntakeCheck } = renderForm();
    pickOnGlobe(PLACE);
    await screen.findByTestId('report-grid');

    await user.selectOptions(category(), 'emergency');

    expect(incidentIntakeCheck).toHaveBeenLastCalledWith(
      { categoryCode: 'emergency', ...PLACE },
      expect.any(AbortSignal),
    );
    expect(screen.getByText('按类别默认（特急）')).toBeTruthy();
  });

  it('sends category, place, trimmed description, priority and source, then opens the new incident', async () => {
    const created = incidentDetail({ id: 'INC-NEW', categoryCode: 'emergency' });
    const { user, createIncident } = renderForm({
      createIncident: async () => ({ incident: created, possibleDuplicates: [] }),
    });
    pickOnGlobe(PLACE);
    await user.selectOptions(category(), 'emergency');
    await user.selectOptions(screen.getByLabelText(/^紧急程度/), 'high');
    await user.selectOptions(screen.getByLabelText(/^来源/), 'hotline');
    await user.type(description(), '  燃气泄漏气味  ');
    await screen.findByTestId('report-grid');

    await user.click(screen.getByTestId('report-submit'));

    expect(createIncident).toHaveBeenCalledWith({
      categoryCode: 'emergency',
      ...PLACE,
      description: '燃气泄漏气味',
      source: 'hotline',
      priority: 'high',
    });
    await waitFor(() => expect(store().reportDraft).toBeNull());
    expect(store().selectedIncidentId).toBe('INC-NEW');
    expect(store().incidents['INC-NEW']?.categoryCode).toBe('emergency');
  });

  it('shows a refused report in Chinese and keeps what was typed', async () => {
    const { user } = renderForm({
      createIncident: async () => {
        throw new ApiRequestError({ statusCode: 400, error: 'Bad Request', message: 'lon' });
      },
    });
    pickOnGlobe(PLACE);
    await screen.findByTestId('report-grid');
    await user.type(description(), '井盖缺失');

    await user.click(screen.getByTestId('report-submit'));

    expect((await screen.findByTestId('report-error')).textContent).toBe('请求无效：lon');
    expect(description().value).toBe('井盖缺失');
    expect(store().reportDraft).not.toBeNull();
  });

  it('refuses before sending a place outside the district', async () => {
    const { user, createIncident } = renderForm({
      incidentIntakeCheck: async () => ({ gridCode: null, inScope: false, possibleDuplicates: [] }),
    });
    pickOnGlobe(PLACE);
    await user.type(description(), '河道漂浮物');

    expect((await screen.findByTestId('report-refusal')).textContent).toBe(
      '该地点不在本区范围内，不能上报',
    );
    expect((screen.getByTestId('report-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(createIncident).not.toHaveBeenCalled();
  });

  it('refuses before sending a place outside the user’s scope', async () => {
    renderForm({ incidentIntakeCheck: async () => ({ ...IN_GRID, inScope: false }) });
    pickOnGlobe(PLACE);

    expect((await screen.findByTestId('report-refusal')).textContent).toBe(
      '该地点不在您的管辖范围内，不能上报',
    );
  });

  it('lists open incidents of the category close by, and opens one on click', async () => {
    const nearby = incidentDetail({ id: 'INC-NEAR', description: '东门垃圾桶满' });
    const { user } = renderForm({
      incidentIntakeCheck: async () => ({
        ...IN_GRID,
        possibleDuplicates: [{ incident: nearby, distanceM: 35 }],
      }),
    });
    pickOnGlobe(PLACE);

    await user.click(
      await screen.findByRole('button', { name: '35 米外 · 待受理 · 东门垃圾桶满' }),
    );

    expect(store().selectedIncidentId).toBe('INC-NEAR');
  });

  it('closes on cancel without sending', async () => {
    const { user, createIncident } = renderForm();

    await user.click(screen.getByRole('button', { name: '取消' }));

    expect(store().reportDraft).toBeNull();
    expect(screen.queryByTestId('report-form')).toBeNull();
    expect(createIncident).not.toHaveBeenCalled();
  });
});

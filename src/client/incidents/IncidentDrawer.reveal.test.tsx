import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../feeds/apiClient';
import { useAppStore } from '../shell/appStore';
import { useTrackingStore } from '../tracking/trackingStore';
import { resetStores } from '../widgets/testing/renderPanel';
import { FIXTURE_GRID, FIXTURE_INCIDENT_ID, incidentDetail } from './incidentDetailFixture';
import { useIncidentStore } from './incidentStore';
import { openIncidentDrawer } from './openIncidentDrawer';

const MASKED = '楼道堆物，联系人 *******5678';
const ORIGINAL = '楼道堆物，联系人 13912345678';
const REASON = '回访报告人核实堆物位置';

function signIn(canReveal: boolean): void {
  useAppStore.getState().setSession({
    username: canReveal ? 'dispatcher' : 'viewer',
    displayName: canReveal ? '调度员' : '访客',
    role: canReveal ? 'dispatcher' : 'viewer',
    scopes: ['350102'],
    canReveal,
    permissions: canReveal ? ['identifiers.reveal'] : [],
    mustChangePassword: false,
  });
}

beforeEach(() => {
  resetStores(useAppStore, useIncidentStore, useTrackingStore);
  useAppStore.getState().setGrids([FIXTURE_GRID]);
});

describe('IncidentDrawer reveal of masked text', () => {
  it('asks for a purpose and a real reason, then shows the original text', async () => {
    signIn(true);
    const { user, sent } = await openIncidentDrawer(
      incidentDetail({ description: MASKED, textMasked: true }),
      () => ({
        revealIncidentText: vi.fn<ApiClient['revealIncidentText']>(async (incidentId) => ({
          incidentId,
          description: ORIGINAL,
          notes: [''],
          auditId: 42,
        })),
      }),
    );
    expect(screen.getByTestId('incident-text-masked').textContent).toContain('已脱敏');
    await user.click(screen.getByTestId('incident-reveal'));
    const submit = screen.getByTestId('reveal-submit');
    await user.type(screen.getByTestId('reveal-reason'), 'aaaaaaaaaa');
    await user.selectOptions(screen.getByTestId('reveal-purpose'), 'case_handling');
    expect(submit).toHaveProperty('disabled', true);
    expect(screen.getByTestId('reveal-dialog').textContent).toContain('重复的字符');
    await user.clear(screen.getByTestId('reveal-reason'));
    await user.type(screen.getByTestId('reveal-reason'), REASON);
    expect(submit).toHaveProperty('disabled', false);
    await user.click(submit);

    expect(sent.revealIncidentText).toHaveBeenCalledWith(
      FIXTURE_INCIDENT_ID,
      'case_handling',
      REASON,
    );
    await waitFor(() =>
      expect(screen.getByTestId('incident-description').textContent).toBe(ORIGINAL),
    );
    expect(screen.queryByTestId('incident-reveal')).toBeNull();
  });

  it('offers no reveal to a role without the permission, and none when nothing was masked', async () => {
    signIn(false);
    await openIncidentDrawer(incidentDetail({ description: MASKED, textMasked: true }));
    expect(screen.getByTestId('incident-text-masked')).toBeTruthy();
    expect(screen.queryByTestId('incident-reveal')).toBeNull();
  });

  it('shows no masking hint for text without personal data', async () => {
    signIn(true);
    await openIncidentDrawer(incidentDetail());
    expect(screen.queryByTestId('incident-text-masked')).toBeNull();
  });
});

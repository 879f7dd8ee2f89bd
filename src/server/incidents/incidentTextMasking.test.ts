import { describe, expect, it } from 'vitest';
import type { Incident } from '../../domain/incidents/incident';
import { toDeviceTask } from './dispatchService';
import { incidentTextWasMasked, maskFeedEvent, maskIncidentText } from './incidentTextMasking';

const TEXT = '联系 13800138000 或 a.person@example.org';
const MASKED = '联系 *******8000 或 ****************.org';

function incidentDetail(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC00000001',
    categoryCode: 'street_order',
    priority: 'normal',
    source: 'hotline',
    location: { lon: 119.3, lat: 26.08 },
    gridCode: '350102001001001',
    description: '小区东门垃圾满溢',
    state: 'dispatched',
    department: null,
    assigneeUsername: 'worker:1',
    reportedAtMs: 1_000,
    dispatchedAtMs: 2_000,
    dueAtMs: 3_000,
    evaluationScore: null,
    escalations: [],
    history: [
      {
        action: 'report',
        fromState: null,
        toState: 'reported',
        actor: { username: 'hotline01', role: 'dispatcher' },
        atMs: 1_000,
        note: '',
        attachments: [],
      },
    ],
    ...overrides,
  };
}

describe('incident text masking', () => {
  it('sends a worker phone its task with the description masked', () => {
    const task = toDeviceTask({ ...incidentDetail(), description: TEXT });
    expect(task.description).toBe(MASKED);
  });

  it('masks a feed event: the snapshot description and the transition note', () => {
    const detail = incidentDetail({ description: TEXT });
    const event = maskFeedEvent({
      sequence: 1,
      incident: detail,
      transition: { ...detail.history[0]!, note: `回电 ${'13800138000'}` },
      escalation: null,
    });
    expect(event.incident.description).toBe(MASKED);
    expect(event.transition?.note).toBe('回电 *******8000');
  });

  it('says whether anything was masked', () => {
    const plain = incidentDetail();
    expect(incidentTextWasMasked(plain, maskIncidentText(plain))).toBe(false);
    const personal = incidentDetail({ description: TEXT });
    expect(incidentTextWasMasked(personal, maskIncidentText(personal))).toBe(true);
  });
});

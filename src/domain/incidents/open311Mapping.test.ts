import { hasOpen311Attributes } from './open311Attributes';
import { describe, expect, it } from 'vitest';
import { INCIDENT_STATES, type Incident } from './incident';
import { INCIDENT_CATEGORIES } from './incidentCategories';
import {
  categoryCodeForServiceCode,
  formatOpen311Datetime,
  toOpen311ServiceRequest,
  toOpen311Services,
  toOpen311Status,
  toOpen311StatusNotes,
} from './open311Mapping';
import { HOUR_MS, incidentIn, T0_MS } from './incidentFixtures.test-helper';

describe('Open311 mapping', () => {
  it('is open until the case is closed or rejected', () => {
    const statuses = Object.fromEntries(
      INCIDENT_STATES.map((state) => [state, toOpen311Status(state)]),
    );
    expect(statuses).toEqual({
      reported: 'open',
      registered: 'open',
      rejected: 'closed',
      dispatched: 'open',
      handling: 'open',
      feedback: 'open',
      closed: 'closed',
      evaluated: 'closed',
      archived: 'closed',
    });
  });

  it('has a distinct status note per state in both languages', () => {
    for (const locale of ['zh', 'en'] as const) {
      const notes = INCIDENT_STATES.map((state) => toOpen311StatusNotes(state, locale));
      expect(new Set(notes).size).toBe(INCIDENT_STATES.length);
    }
    expect(toOpen311StatusNotes('feedback', 'zh')).toBe('已处置，等待核查');
  });

  it('lists every category as a service with a unique code that maps back', () => {
    const services = toOpen311Services('en');
    expect(services).toHaveLength(INCIDENT_CATEGORIES.length);
    expect(new Set(services.map((service) => service.service_code)).size).toBe(services.length);
    for (const service of services) {
      expect(service).toMatchObject({
        metadata: hasOpen311Attributes(service.keywords),
        type: 'realtime',
      });
      expect(categoryCodeForServiceCode(service.service_code)).toBe(service.keywords);
    }
    expect(toOpen311Services('zh').find((service) => service.keywords === 'dispute')).toMatchObject(
      {
        service_name: '矛盾纠纷',
        group: '社会治理',
      },
    );
    expect(services.find((service) => service.keywords === 'safety_hazard')?.metadata).toBe(true);
    expect(categoryCodeForServiceCode('nope')).toBeNull();
  });

  it('formats datetimes in China Standard Time', () => {
    expect(formatOpen311Datetime(Date.UTC(2026, 10, 27, 1, 0, 0))).toBe(
      '2026-11-27T09:00:00+08:00',
    );
    expect(formatOpen311Datetime(Date.UTC(2026, 11, 31, 20, 30, 5))).toBe(
      '2027-01-01T04:30:05+08:00',
    );
  });

  it('maps a dispatched incident with the deadline as expected time', () => {
    const incident = incidentIn('handling', T0_MS, 'emergency');
    const request = toOpen311ServiceRequest(incident, 'en');
    expect(request).toMatchObject({
      service_request_id: 'INC-1',
      status: 'open',
      status_notes: 'Being handled',
      service_name: 'Emergency',
      service_code: 'CM04',
      agency_responsible: 'city_management',
      requested_datetime: formatOpen311Datetime(T0_MS),
      updated_datetime: formatOpen311Datetime(T0_MS + 3 * 60_000),
      expected_datetime: formatOpen311Datetime(T0_MS + 2 * 60_000 + HOUR_MS),
      lat: 26.08,
      long: 119.3,
    });
  });

  it('has no expected time before dispatch nor once closed', () => {
    expect(toOpen311ServiceRequest(incidentIn('registered'), 'en').expected_datetime).toBeNull();
    expect(toOpen311ServiceRequest(incidentIn('closed'), 'zh')).toMatchObject({
      status: 'closed',
      status_notes: '已核查结案',
      expected_datetime: null,
    });
  });

  it("publishes a citizen's own words and photo, but nothing a worker wrote", () => {
    const photo = { name: 'p.jpg', mime: 'image/jpeg', url: 'https://example.org/p.jpg' };
    const base = incidentIn('reported');
    const first = base.history[0];
    if (first === undefined) throw new Error('no report');
    const withPhoto: Incident = {
      ...base,
      description: 'Bin overflowing at the gate',
      history: [
        { ...first, attachments: [{ name: 'a.pdf', mime: 'application/pdf', url: '/x' }, photo] },
      ],
    };
    expect(toOpen311ServiceRequest({ ...withPhoto, source: 'citizen' }, 'en')).toMatchObject({
      description: 'Bin overflowing at the gate',
      media_url: photo.url,
    });
    expect(toOpen311ServiceRequest({ ...withPhoto, source: 'worker' }, 'en')).toMatchObject({
      description: '',
      media_url: '',
    });
  });
});

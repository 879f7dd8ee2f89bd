/**
 * A GeoReport v2 client for the conformance tests: calls an endpoint in a format, and reads the
 * answer back as plain records whatever the format (XML through happy-dom's DOMParser, which
 * also reports a document that is not well-formed), so one expectation checks both formats.
 */
import { Window } from 'happy-dom';
import { expect } from 'vitest';
import { OPEN311_PATH } from '../../../shared/incidents';
import { startTestServer, TEST_DISTRICT_SIZE, type TestServer } from '../../testing/testServer';

export type Format = 'json' | 'xml';
export const FORMATS: readonly Format[] = ['json', 'xml'];
/** No extension (XML, the default), then each format by name. */
export const EVERY_FORMAT: ReadonlyArray<Format | undefined> = [undefined, ...FORMATS];
/** The key of the one partner platform ("12345") the test server knows. */
export const PARTNER_KEY = 'partner-key-12345-for-tests';
export type Fields = Record<string, string>;

export interface Open311Answer {
  status: number;
  contentType: string;
  text: string;
  /** JSON as parsed; XML as the document element (null when not XML). */
  json: unknown;
  xml: Element | null;
}

const window = new Window();

/** The test district's server with a partner platform, and an admin's session token. */
export async function startOpen311TestServer(): Promise<{ server: TestServer; admin: string }> {
  const server = await startTestServer(TEST_DISTRICT_SIZE, {
    open311Partners: [{ name: '12345', apiKey: PARTNER_KEY }],
  });
  return { server, admin: await server.login('admin') };
}

export function parseXml(text: string): Element {
  const document = new window.DOMParser().parseFromString(text, 'text/xml');
  const root = document.documentElement;
  if (root === null || document.getElementsByTagName('parsererror').length > 0) {
    throw new Error(`not well-formed XML: ${text.slice(0, 200)}`);
  }
  return root as unknown as Element;
}

/** `path` after /open311/v2, without extension; `format` undefined: no extension at all. */
export async function callOpen311(
  server: TestServer,
  method: string,
  path: string,
  format: Format | undefined,
  form?: Fields,
): Promise<Open311Answer> {
  const [route, query] = path.split('?');
  const url = `${server.baseUrl}${OPEN311_PATH}${route}${format === undefined ? '' : `.${format}`}`;
  const response = await fetch(query === undefined ? url : `${url}?${query}`, {
    method,
    ...(form === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(form).toString(),
        }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    contentType,
    text,
    json: contentType.startsWith('application/json') ? JSON.parse(text) : undefined,
    xml: contentType.startsWith('text/xml') ? parseXml(text) : null,
  };
}

function childElements(element: Element): Element[] {
  return Array.from(element.children);
}

/** An element's children as a record of texts (nested lists are left to the caller). */
export function recordOf(element: Element): Fields {
  return Object.fromEntries(
    childElements(element).map((child) => [child.tagName, child.textContent ?? '']),
  );
}

/**
 * The answer's list as records of texts: JSON values turned to text (null → ''), XML items
 * under `rootTag`, each an `itemTag`. The same expectation then holds for both formats.
 */
export function listOf(answer: Open311Answer, rootTag: string, itemTag: string): Fields[] {
  if (answer.xml !== null) {
    expect(answer.xml.tagName).toBe(rootTag);
    const items = childElements(answer.xml);
    for (const item of items) expect(item.tagName).toBe(itemTag);
    return items.map(recordOf);
  }
  expect(Array.isArray(answer.json)).toBe(true);
  return (answer.json as Array<Record<string, unknown>>).map((item) =>
    Object.fromEntries(
      Object.entries(item)
        .filter(([, value]) => typeof value !== 'object' || value === null)
        .map(([key, value]) => [key, value === null ? '' : String(value)]),
    ),
  );
}

export function expectFormat(answer: Open311Answer, format: Format | undefined): void {
  const expected = format === 'json' ? 'application/json' : 'text/xml';
  expect(answer.contentType.startsWith(expected), `${answer.contentType}: ${answer.text}`).toBe(
    true,
  );
}

/** The specification's error list, with this status as the HTTP status and each code. */
export function expectErrors(
  answer: Open311Answer,
  format: Format | undefined,
  status: number,
): Fields[] {
  expect(answer.status, answer.text).toBe(status);
  expectFormat(answer, format);
  const errors = listOf(answer, 'errors', 'error');
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(Object.keys(error).sort()).toEqual(['code', 'description']);
    expect(error.code).toBe(String(status));
    expect(error.description).not.toBe('');
  }
  return errors;
}

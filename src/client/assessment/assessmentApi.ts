/**
 * The assessment routes from the browser (same origin: the session cookie authenticates). The
 * XLSX export is a link, so the browser downloads it with the cookie.
 */
import {
  ASSESSMENT_API_PATH,
  ASSESSMENT_EXPORT_API_PATH,
  ASSESSMENT_SCHEMES_API_PATH,
  type AssessmentQuery,
  type AssessmentReport,
  type CreateSchemeVersionRequest,
  type SchemeVersionWire,
  type SchemeVersionsResponse,
} from '../../shared/assessment';

/** A refusal with the server's words in both languages when it gave them. */
export class AssessmentApiError extends Error {
  constructor(
    message: string,
    readonly messages: { zh: string; en: string } | null,
  ) {
    super(message);
    this.name = 'AssessmentApiError';
  }
}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    const refusal = body as { message?: string; messages?: { zh: string; en: string } } | null;
    throw new AssessmentApiError(
      refusal?.message ?? `${response.status} ${text}`,
      refusal?.messages ?? null,
    );
  }
  return body as T;
}

export function assessmentQueryString(query: AssessmentQuery): string {
  const params = new URLSearchParams(query as unknown as Record<string, string>);
  return params.toString();
}

export type Fetch = typeof fetch;

export function assessmentApi(fetchImpl: Fetch = (input, init) => fetch(input, init)) {
  return {
    report: async (query: AssessmentQuery, signal?: AbortSignal) =>
      answer<AssessmentReport>(
        await fetchImpl(`${ASSESSMENT_API_PATH}?${assessmentQueryString(query)}`, {
          credentials: 'same-origin',
          ...(signal === undefined ? {} : { signal }),
        }),
      ),
    exportUrl: (query: AssessmentQuery) =>
      `${ASSESSMENT_EXPORT_API_PATH}?${assessmentQueryString(query)}`,
    schemes: async () =>
      answer<SchemeVersionsResponse>(
        await fetchImpl(ASSESSMENT_SCHEMES_API_PATH, { credentials: 'same-origin' }),
      ),
    createScheme: async (request: CreateSchemeVersionRequest) =>
      answer<SchemeVersionWire>(
        await fetchImpl(ASSESSMENT_SCHEMES_API_PATH, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(request),
        }),
      ),
  };
}

export type AssessmentApi = ReturnType<typeof assessmentApi>;

/**
 * The assessment (考核): a period's scores and ranks inside the caller's scope, the same as an
 * XLSX workbook, and the scoring scheme's versions (admins add one; none is ever changed). Reads
 * and exports are audited, as is every new version.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { districtDayOf } from '../../../domain/assessment/assessmentPeriod';
import {
  schemeInForce,
  validateAssessmentScheme,
  type AssessmentScheme,
} from '../../../domain/assessment/assessmentScheme';
import { API_PREFIX } from '../../../shared/api';
import {
  AREA_SCORE_API_PATH,
  ASSESSMENT_API_PATH,
  ASSESSMENT_EXPORT_API_PATH,
  ASSESSMENT_SCHEMES_API_PATH,
  type AssessmentQuery,
  type SchemeVersionsResponse,
} from '../../../shared/assessment';
import type { AssessmentRepository } from '../../assessment/assessmentRepository';
import {
  nameSubjects,
  runAssessment,
  toAssessmentReport,
  type AssessmentContext,
  type AssessmentCaller,
} from '../../assessment/assessmentQueries';
import { readAreaScore } from '../../assessment/areaScore';
import { writeAssessmentWorkbook } from '../../assessment/assessmentWorkbook';
import { permissionsOf } from '../../auth/roles';
import { LocalizedError } from '../../registry/accessErrors';
import { callerOf } from '../authentication';
import {
  AreaScoreQuerySchema,
  AreaScoreSchema,
  AssessmentQuerySchema,
  AssessmentReportSchema,
  CreateSchemeVersionSchema,
  SchemeVersionSchema,
  SchemeVersionsSchema,
} from '../assessmentSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export interface AssessmentRouteOptions extends RouteOptions {
  store: AssessmentRepository;
  positionRetentionDays: number;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_RESPONSE = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
const AUDIT_ACTION_EXPORT = 'export_assessment';
const AUDIT_ACTION_NEW_SCHEME = 'create_assessment_scheme';
const apiPath = (path: string) => path.slice(API_PREFIX.length);

type RawQuery = {
  kind: 'month' | 'quarter' | 'custom';
  month?: string;
  quarter?: string;
  from?: string;
  to?: string;
};

/** The period fields the kind needs, or a 400 naming the missing one. */
function toAssessmentQuery(raw: RawQuery): AssessmentQuery {
  const missing = (field: string): never => {
    throw new LocalizedError(400, {
      zh: `期间类型 ${raw.kind} 需要参数 ${field}`,
      en: `querystring/${field}: a ${raw.kind} period needs ${field}`,
    });
  };
  switch (raw.kind) {
    case 'month':
      return { kind: 'month', month: raw.month ?? missing('month') };
    case 'quarter':
      return { kind: 'quarter', quarter: raw.quarter ?? missing('quarter') };
    case 'custom':
      return { kind: 'custom', from: raw.from ?? missing('from'), to: raw.to ?? missing('to') };
  }
}

export const assessmentRoutes: FastifyPluginAsyncTypebox<AssessmentRouteOptions> = async (
  app,
  { context, store, positionRetentionDays },
) => {
  const streets = context.gridStreets;
  app.addHook('preHandler', () => context.gridsAndBasemap.load());
  const assessmentContext = async (): Promise<AssessmentContext> => {
    const [workers, departments, grids] = await Promise.all([
      context.tracking.listWorkers(),
      context.users.listDepartments(),
      context.registry.listGrids(),
    ]);
    return {
      store,
      listGrids: () => grids,
      streets,
      listWorkers: () => workers,
      listDepartments: () => departments,
      audit: context.audit,
      nowMs: context.now().getTime(),
      positionRetentionDays,
    };
  };
  const assessmentCaller = (request: Parameters<typeof callerOf>[0]): AssessmentCaller => {
    const caller = callerOf(request);
    return { ...caller, canReveal: permissionsOf(caller.role).canReveal };
  };
  const reportFor = async (request: Parameters<typeof callerOf>[0], query: RawQuery) => {
    const caller = assessmentCaller(request);
    const assessment = await assessmentContext();
    const run = await runAssessment(assessment, caller, toAssessmentQuery(query));
    return toAssessmentReport(run, nameSubjects(assessment, caller));
  };

  app.get(
    apiPath(ASSESSMENT_API_PATH),
    {
      schema: {
        summary:
          'Assessment (考核) of a month, quarter or custom period inside the caller scope: scores, ranks and deductions with their incidents per street, community, grid, department and worker; audited',
        tags: ['assessment'],
        security: SESSION_SECURITY,
        querystring: AssessmentQuerySchema,
        response: { 200: AssessmentReportSchema, 409: PRIVATE_ERRORS[400], ...PRIVATE_ERRORS },
      },
    },
    async (request) => reportFor(request, request.query),
  );

  app.get(
    apiPath(AREA_SCORE_API_PATH),
    {
      schema: {
        summary:
          "One area's score for a month (default: the last one) with its rank among its siblings, deductions as counts and the next level down; aggregates only, allowed on the leader wall and the tour",
        tags: ['assessment'],
        security: SESSION_SECURITY,
        querystring: AreaScoreQuerySchema,
        response: { 200: AreaScoreSchema, 409: PRIVATE_ERRORS[400], ...PRIVATE_ERRORS },
      },
    },
    async (request) =>
      readAreaScore(
        await assessmentContext(),
        assessmentCaller(request),
        request.query.gridCode ?? null,
        request.query.month ?? null,
      ),
  );

  app.get(
    apiPath(ASSESSMENT_EXPORT_API_PATH),
    {
      schema: {
        summary:
          'The assessment report as XLSX: one sheet per ranking and a deductions sheet listing incident numbers; audited',
        tags: ['assessment'],
        security: SESSION_SECURITY,
        querystring: AssessmentQuerySchema,
        response: { 200: FILE_RESPONSE, 409: PRIVATE_ERRORS[400], ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const report = await reportFor(request, request.query);
      const workbook = await writeAssessmentWorkbook(report);
      await context.audit.recordAudit({
        at: context.now().toISOString(),
        username: callerOf(request).username,
        action: AUDIT_ACTION_EXPORT,
        targetType: 'export',
        targetId: report.period.label,
        fields: JSON.stringify({ format: 'xlsx', scheme: report.scheme.version }),
        reason: '',
      });
      const fileName = `assessment-${report.period.label.replace('..', '_')}.xlsx`;
      return reply
        .headers({
          'content-type': XLSX_TYPE,
          'content-disposition': `attachment; filename="${fileName}"`,
        })
        .send(workbook);
    },
  );

  app.get(
    apiPath(ASSESSMENT_SCHEMES_API_PATH),
    {
      schema: {
        summary: 'Versions of the assessment scoring scheme and the one in force today',
        tags: ['assessment'],
        security: SESSION_SECURITY,
        response: { 200: SchemeVersionsSchema, ...PRIVATE_ERRORS },
      },
    },
    async (): Promise<SchemeVersionsResponse> => {
      const today = districtDayOf(context.now().getTime());
      const versions = await store.listSchemeVersions();
      return {
        today,
        inForceVersion: schemeInForce(versions, today)?.version ?? null,
        versions,
      };
    },
  );

  app.post(
    apiPath(ASSESSMENT_SCHEMES_API_PATH),
    {
      schema: {
        summary:
          'A new version of the scoring scheme, in force from a day after today (versions are never changed); audited',
        tags: ['assessment'],
        security: SESSION_SECURITY,
        body: CreateSchemeVersionSchema,
        response: { 201: SchemeVersionSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { effectiveFrom } = request.body;
      const scheme = request.body.scheme as AssessmentScheme;
      const nowMs = context.now().getTime();
      const today = districtDayOf(nowMs);
      if (districtDayOf(Date.parse(`${effectiveFrom}T00:00:00+08:00`)) !== effectiveFrom) {
        throw new LocalizedError(400, {
          zh: 'effectiveFrom：不是有效日期',
          en: 'body/effectiveFrom: not a real date',
        });
      }
      if (effectiveFrom <= today) {
        // A period that has begun keeps the scheme it began with.
        throw new LocalizedError(400, {
          zh: `effectiveFrom：新版本最早自 ${today} 的次日起生效，已开始的期间沿用原方案`,
          en: `body/effectiveFrom: a new version takes effect after today (${today}); periods already begun keep their scheme`,
        });
      }
      const problems = validateAssessmentScheme(scheme);
      if (problems.length > 0) {
        throw new LocalizedError(400, {
          zh: problems.map((problem) => `scheme.${problem.field}：${problem.zh}`).join('；'),
          en: problems
            .map((problem) => `body/scheme/${problem.field.replaceAll('.', '/')}: ${problem.en}`)
            .join('; '),
        });
      }
      const created = await store.addSchemeVersion({
        effectiveFrom,
        scheme,
        createdBy: caller.username,
        createdAtMs: nowMs,
      });
      await context.audit.recordAudit({
        at: new Date(nowMs).toISOString(),
        username: caller.username,
        action: AUDIT_ACTION_NEW_SCHEME,
        targetType: 'assessment_scheme',
        targetId: String(created.version),
        fields: JSON.stringify({ effectiveFrom, scheme }),
        reason: '',
      });
      return reply.code(201).send(created);
    },
  );
};

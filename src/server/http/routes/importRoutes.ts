/**
 * The import routes of the admin page "数据导入": kinds, upload (streamed, size-limited), dry run
 * and commit as jobs in a child process, progress polling, problem file download, batches and
 * rollback. Admin only (mayImport).
 */
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { CrsError, parseCrs, type Crs } from '../../../domain/geo/crs';
import { API_PREFIX } from '../../../shared/api';
import {
  IMPORT_BATCHES_API_PATH,
  IMPORT_JOBS_API_PATH,
  IMPORT_KINDS_API_PATH,
  IMPORT_PROBLEMS_ON_WIRE,
  IMPORT_UPLOADS_API_PATH,
  type ImportJobWire,
} from '../../../shared/imports';
import { ImportJobError, type ImportJob, type ImportJobs } from '../../imports/importJobs';
import { findImportKind, importKinds } from '../../imports/importKinds';
import { mayImport } from '../../imports/mayImport';
import { ForbiddenError } from '../../registry/accessErrors';
import type { ImportBatches } from '../../imports/importBatches';
import { RollbackRefused } from '../../store/registerImportStore';
import { callerOf } from '../authentication';
import {
  BatchParams,
  ImportBatchSchema,
  ImportJobSchema,
  ImportKindSchema,
  JobParams,
  ProblemFileQuery,
  StartJobBody,
  UploadPreviewSchema,
  UploadQuery,
} from '../importSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

export interface ImportRouteOptions extends RouteOptions {
  jobs: ImportJobs;
  batches: ImportBatches;
}

function routePath(fullPath: string): string {
  return fullPath.slice(API_PREFIX.length);
}

function importer(request: FastifyRequest): string {
  const caller = callerOf(request);
  if (!mayImport(caller.role))
    throw new ForbiddenError('数据导入仅限管理员 (imports are for administrators only)');
  return caller.username;
}

function wireOf(job: ImportJob): ImportJobWire {
  const result = job.result;
  return {
    ...job,
    result:
      result === null
        ? null
        : {
            kind: result.kind,
            rows: result.rows,
            accepted: result.accepted,
            rejected: result.rejected,
            changes: result.changes,
            mapping: result.mapping,
            batchId: result.batchId,
            dryRun: result.dryRun,
            fileName: result.fileName,
            fileSha256: result.fileSha256,
            problemCount: result.problems.length,
            problems: result.problems.slice(0, IMPORT_PROBLEMS_ON_WIRE),
            hasProblemFile: result.errorFile !== null,
          },
  };
}

const ERRORS = { ...PRIVATE_ERRORS, 409: PRIVATE_ERRORS[400], 413: PRIVATE_ERRORS[400] };

export const importRoutes: FastifyPluginAsyncTypebox<ImportRouteOptions> = async (
  app,
  { context, jobs, batches },
) => {
  // The upload body is the file itself, handed on as a stream (never buffered here).
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) =>
    done(null, payload),
  );

  app.get(
    routePath(IMPORT_KINDS_API_PATH),
    {
      schema: {
        summary:
          'Import kinds available on this server, with the fields a column mapping may name (admin)',
        tags: ['imports'],
        security: SESSION_SECURITY,
        response: { 200: Type.Array(ImportKindSchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      importer(request);
      return importKinds().map((kind) => ({
        name: kind.name,
        accepts: [...kind.accepts],
        fields: [...kind.fields],
      }));
    },
  );

  app.post(
    routePath(IMPORT_UPLOADS_API_PATH),
    {
      schema: {
        summary:
          'Upload a file to import (body: the file, application/octet-stream); answers its first rows (admin)',
        tags: ['imports'],
        security: SESSION_SECURITY,
        querystring: UploadQuery,
        response: { 201: UploadPreviewSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = importer(request);
      const kind = findImportKind(request.query.kind);
      if (kind === null) {
        throw new ImportJobError(
          400,
          `导入类型“${request.query.kind}”暂不可用`,
          `import kind "${request.query.kind}" is not available`,
        );
      }
      const ending = request.query.name.split('.').pop()!.toLowerCase();
      if (!kind.accepts.includes(ending)) {
        throw new ImportJobError(
          400,
          `“${kind.name}”导入不接受 .${ending} 文件（可用：${kind.accepts.join('、')}）`,
          `"${kind.name}" imports do not take .${ending} files (use ${kind.accepts.join(', ')})`,
        );
      }
      if (typeof (request.body as Readable | undefined)?.pipe !== 'function') {
        throw new ImportJobError(
          415,
          '请以 application/octet-stream 上传文件',
          'send the file as application/octet-stream',
        );
      }
      const preview = await jobs.receive(
        request.body as Readable,
        kind.name,
        request.query.name,
        actor,
      );
      return reply.status(201).send(preview);
    },
  );

  app.post(
    routePath(IMPORT_JOBS_API_PATH),
    {
      schema: {
        summary:
          'Start a dry run (preview) or a commit of an uploaded file; runs in a child process (admin)',
        tags: ['imports'],
        security: SESSION_SECURITY,
        body: StartJobBody,
        response: { 202: ImportJobSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = importer(request);
      let crs: Crs = 'wgs84';
      try {
        if (request.body.crs !== undefined) crs = parseCrs(request.body.crs);
      } catch (error) {
        if (error instanceof CrsError)
          throw new ImportJobError(400, `坐标系无效：${error.message}`, error.message);
        throw error;
      }
      const job = jobs.start({
        uploadId: request.body.uploadId,
        dryRun: request.body.dryRun,
        ...(request.body.mapping === undefined ? {} : { mapping: request.body.mapping }),
        crs,
        actor,
      });
      return reply.status(202).send(wireOf(job));
    },
  );

  app.get(
    `${routePath(IMPORT_JOBS_API_PATH)}/:jobId`,
    {
      schema: {
        summary:
          'An import job: progress while it runs, then its summary and first problems (admin)',
        tags: ['imports'],
        security: SESSION_SECURITY,
        params: JobParams,
        response: { 200: ImportJobSchema, ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      importer(request);
      return wireOf(jobs.job(request.params.jobId));
    },
  );

  app.get(
    `${routePath(IMPORT_JOBS_API_PATH)}/:jobId/problems`,
    {
      schema: {
        summary:
          'The complete problem list of an import job as CSV or XLSX (row, column, reason zh/en) (admin)',
        tags: ['imports'],
        security: SESSION_SECURITY,
        params: JobParams,
        querystring: ProblemFileQuery,
        response: {
          200: Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', format: 'binary' }),
          ...PRIVATE_ERRORS,
        },
      },
    },
    async (request, reply) => {
      importer(request);
      const format = request.query.format ?? 'csv';
      const path = await jobs.problemFile(request.params.jobId, format);
      const job = jobs.job(request.params.jobId);
      const name = `${job.kind}-problems.${format}`;
      return reply
        .header(
          'content-type',
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(createReadStream(path));
    },
  );

  app.get(
    routePath(IMPORT_BATCHES_API_PATH),
    {
      schema: {
        summary:
          'Committed import batches, newest first, with their counts and rollback state (admin)',
        tags: ['imports'],
        security: SESSION_SECURITY,
        response: { 200: Type.Array(ImportBatchSchema), ...PRIVATE_ERRORS },
      },
    },
    async (request) => {
      importer(request);
      return batches.listBatches();
    },
  );

  app.post(
    `${routePath(IMPORT_BATCHES_API_PATH)}/:batchId/rollback`,
    {
      schema: {
        summary:
          'Roll back the newest import batch still in force, in one transaction; audited (admin)',
        tags: ['imports'],
        security: SESSION_SECURITY,
        params: BatchParams,
        response: { 200: ImportBatchSchema, ...ERRORS },
      },
    },
    async (request) => {
      const actor = importer(request);
      const at = context.now().toISOString();
      let batch;
      try {
        batch = await batches.rollback(request.params.batchId, actor, at);
      } catch (error) {
        if (error instanceof RollbackRefused) {
          throw new ImportJobError(
            error.code === 'batch-unknown' ? 404 : 409,
            error.messageZh,
            error.message,
          );
        }
        throw error;
      }
      await context.audit.recordAudit({
        at,
        username: actor,
        action: 'import_rollback',
        targetType: 'import',
        targetId: batch.id,
        fields: JSON.stringify({
          kind: batch.kind,
          file: batch.fileName,
          sha256: batch.fileSha256,
          changes: batch.changes,
        }),
        reason: '',
      });
      return batch;
    },
  );
};

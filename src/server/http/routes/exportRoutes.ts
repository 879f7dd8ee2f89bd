/**
 * Exports of filtered lists to CSV or XLSX: residents (ID number and phone masked, as on every
 * screen) and units, inside the caller's scope. Every export is audited (who, what, filter, rows).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PERSON_TAGS } from '../../../domain/registry';
import { writeTable, type ExportFormat } from '../../exports/tableExport';
import type { ExportRows } from '../../exports/exportRows';
import { callerOf } from '../authentication';
import { GRID_CODE_PATTERN } from '../requestSchemas';
import { PRIVATE_ERRORS, SESSION_SECURITY, type RouteOptions } from '../serverContext';

const ExportQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
  grid: Type.Optional(Type.String({ pattern: GRID_CODE_PATTERN })),
  tag: Type.Optional(Type.Union(PERSON_TAGS.map((tag) => Type.Literal(tag)))),
});

const RESIDENT_HEADER = [
  '网格 Grid',
  '房屋地址 Address',
  '房号 Room',
  '姓名 Name',
  '性别 Sex',
  // The birth year only: a full birth date beside the masked ID's last four rebuilds the ID.
  '出生年份 Birth year',
  '公民身份号码 ID number',
  '联系电话 Phone',
  '与户主关系 Relation',
  '人员类别 Category',
  '标签 Tags',
];
const UNIT_HEADER = [
  '网格 Grid',
  '楼栋 Building',
  '房屋地址 Address',
  '楼层 Floor',
  '房号 Room',
  '用途 Use',
  '面积 m²',
  '户数 Households',
  '人数 Residents',
];
const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const FILE_RESPONSE = Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', format: 'binary' });

export const exportRoutes: FastifyPluginAsyncTypebox<
  RouteOptions & { exportRows: ExportRows }
> = async (app, { context, exportRows }) => {
  /** Writes the file, audits the export, and answers a stream that removes the file when read. */
  async function exported(
    name: string,
    format: ExportFormat,
    write: (path: string) => Promise<number>,
    audit: { username: string; action: string; filter: object },
  ) {
    const dir = await mkdtemp(join(tmpdir(), 'gcc-export-'));
    const path = join(dir, `${name}.${format}`);
    const rows = await write(path);
    await context.audit.recordAudit({
      at: context.now().toISOString(),
      username: audit.username,
      action: audit.action,
      targetType: 'export',
      targetId: name,
      fields: JSON.stringify({ format, ...audit.filter, rows }),
      reason: '',
    });
    const stream = createReadStream(path);
    stream.once('close', () => void rm(dir, { recursive: true, force: true }));
    return stream;
  }

  function headers(name: string, format: ExportFormat): Record<string, string> {
    return {
      'content-type': CONTENT_TYPE[format],
      'content-disposition': `attachment; filename="${name}.${format}"`,
    };
  }

  app.get(
    '/exports/residents',
    {
      schema: {
        summary:
          'Residents in the caller scope (optionally one grid, one tag) as CSV or XLSX; identifiers masked; audited',
        tags: ['registry'],
        security: SESSION_SECURITY,
        querystring: ExportQuery,
        response: { 200: FILE_RESPONSE, ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const format = request.query.format ?? 'csv';
      const filter = { grid: request.query.grid ?? null, tag: request.query.tag ?? null };
      const stream = await exported(
        'residents',
        format,
        (path) =>
          writeTable(
            path,
            format,
            '居民 Residents',
            RESIDENT_HEADER,
            (async function* () {
              const residents = exportRows.maskedResidents({ ...filter, scopes: caller.scopes });
              for await (const r of residents) {
                yield [
                  r.gridCode,
                  r.address,
                  r.roomLabel,
                  r.name,
                  r.sex,
                  r.birthYear,
                  r.idNumberMasked,
                  r.phoneMasked,
                  r.relation,
                  r.category,
                  r.tags,
                ];
              }
            })(),
          ),
        { username: caller.username, action: 'export_residents', filter },
      );
      return reply.headers(headers('residents', format)).send(stream);
    },
  );

  app.get(
    '/exports/units',
    {
      schema: {
        summary:
          'Units in the caller scope (optionally one grid) with household and resident counts, as CSV or XLSX; audited',
        tags: ['registry'],
        security: SESSION_SECURITY,
        querystring: ExportQuery,
        response: { 200: FILE_RESPONSE, ...PRIVATE_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const format = request.query.format ?? 'csv';
      const grid = request.query.grid ?? null;
      const stream = await exported(
        'units',
        format,
        (path) =>
          writeTable(
            path,
            format,
            '房屋 Units',
            UNIT_HEADER,
            exportRows.unitRows(grid, caller.scopes),
          ),
        { username: caller.username, action: 'export_units', filter: { grid } },
      );
      return reply.headers(headers('units', format)).send(stream);
    },
  );
};

/** TypeBox schemas of the import routes (the OpenAPI document is generated from these). */
import { Type } from '@sinclair/typebox';

const Changes = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  moved: Type.Integer(),
  unchanged: Type.Integer(),
});

export const ImportKindSchema = Type.Object({
  name: Type.String(),
  accepts: Type.Array(Type.String()),
  fields: Type.Array(
    Type.Object({
      key: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      required: Type.Boolean(),
    }),
  ),
});

export const UploadQuery = Type.Object({
  kind: Type.String({
    minLength: 1,
    maxLength: 32,
    description: 'grids, buildings, registers or rentals',
  }),
  name: Type.String({
    minLength: 1,
    maxLength: 255,
    description: 'the file name, with its extension',
  }),
});

export const UploadPreviewSchema = Type.Object({
  uploadId: Type.String(),
  fileName: Type.String(),
  bytes: Type.Integer(),
  columns: Type.Array(Type.String()),
  sample: Type.Array(Type.Array(Type.String())),
});

export const StartJobBody = Type.Object({
  uploadId: Type.String({ minLength: 1, maxLength: 64 }),
  dryRun: Type.Boolean(),
  crs: Type.Optional(Type.String({ maxLength: 32 })),
  mapping: Type.Optional(
    Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 255 })),
  ),
});

const Problem = Type.Object({
  row: Type.Union([Type.Integer(), Type.Null()]),
  column: Type.Optional(Type.String()),
  feature: Type.Optional(Type.String()),
  code: Type.String(),
  messageZh: Type.String(),
  messageEn: Type.String(),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
});

export const ImportJobSchema = Type.Object({
  id: Type.String(),
  uploadId: Type.String(),
  kind: Type.String(),
  dryRun: Type.Boolean(),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  done: Type.Integer(),
  total: Type.Union([Type.Integer(), Type.Null()]),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([
    Type.Object({
      kind: Type.String(),
      rows: Type.Integer(),
      accepted: Type.Integer(),
      rejected: Type.Integer(),
      changes: Changes,
      mapping: Type.Record(Type.String(), Type.String()),
      batchId: Type.Union([Type.String(), Type.Null()]),
      dryRun: Type.Boolean(),
      fileName: Type.String(),
      fileSha256: Type.String(),
      problemCount: Type.Integer(),
      problems: Type.Array(Problem),
      hasProblemFile: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  error: Type.Union([
    Type.Object({ code: Type.String(), messageZh: Type.String(), messageEn: Type.String() }),
    Type.Null(),
  ]),
});

export const JobParams = Type.Object({ jobId: Type.String({ maxLength: 64 }) });
export const ProblemFileQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
});
export const BatchParams = Type.Object({ batchId: Type.String({ maxLength: 64 }) });

export const ImportBatchSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  fileName: Type.String(),
  fileSha256: Type.String(),
  actor: Type.String(),
  createdAt: Type.String(),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  changes: Changes,
  rolledBackAt: Type.Union([Type.String(), Type.Null()]),
  rolledBackBy: Type.Union([Type.String(), Type.Null()]),
});

/**
 * The admin page "数据导入": drop a file, choose its kind, check the column mapping against the
 * file's first rows, dry run (what would change and every problem), commit with a progress bar,
 * download the problem file, and roll back a batch. Shown to admins only (mayImportOnClient).
 */
import { useCallback, useEffect, useState, type DragEvent } from 'react';
import type {
  ImportBatchWire,
  ImportJobWire,
  ImportKindInfo,
  UploadPreviewWire,
} from '../../shared/imports';
import { useI18n } from '../shell/i18n';
import { importApi, type ImportApi } from './importApi';

const POLL_MS = 500;

export function ImportPage({
  api = importApi(),
  onClose,
}: {
  api?: ImportApi;
  onClose: () => void;
}) {
  const { t, language } = useI18n();
  const [kinds, setKinds] = useState<ImportKindInfo[]>([]);
  const [kind, setKind] = useState('registers');
  const [preview, setPreview] = useState<UploadPreviewWire | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [job, setJob] = useState<ImportJobWire | null>(null);
  const [batches, setBatches] = useState<ImportBatchWire[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refreshBatches = useCallback(() => {
    api.batches().then(setBatches, (failure: Error) => setError(failure.message));
  }, [api]);

  useEffect(() => {
    api.kinds().then(setKinds, (failure: Error) => setError(failure.message));
    refreshBatches();
  }, [api, refreshBatches]);

  useEffect(() => {
    if (job === null || job.state !== 'running') return;
    const timer = window.setTimeout(() => {
      api.job(job.id).then(
        (next) => {
          setJob(next);
          if (next.state === 'done' && next.result !== null) {
            setMapping(next.result.mapping);
            if (!next.dryRun) refreshBatches();
          }
        },
        (failure: Error) => setError(failure.message),
      );
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [api, job, refreshBatches]);

  const upload = (file: File) => {
    setError(null);
    setJob(null);
    setBusy(true);
    api
      .upload(kind, file)
      .then(
        (uploaded) => {
          setPreview(uploaded);
          setMapping({});
        },
        (failure: Error) => setError(failure.message),
      )
      .finally(() => setBusy(false));
  };

  const start = (dryRun: boolean) => {
    if (preview === null) return;
    setError(null);
    api
      .start(preview.uploadId, dryRun, mapping)
      .then(setJob, (failure: Error) => setError(failure.message));
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file !== undefined) upload(file);
  };

  const fields = kinds.find((entry) => entry.name === kind)?.fields ?? [];
  const result = job?.result ?? null;
  const percent =
    job === null || job.total === null || job.total === 0
      ? null
      : Math.round((100 * job.done) / job.total);

  return (
    <div
      className="import-page"
      role="dialog"
      aria-label={t('import.title')}
      data-testid="import-page"
    >
      <header className="import-header">
        <h2>{t('import.title')}</h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('import.close')}
        </button>
      </header>
      <label>
        {t('import.kind')}{' '}
        <select
          value={kind}
          onChange={(event) => setKind(event.target.value)}
          data-testid="import-kind"
        >
          {kinds.map((entry) => (
            <option key={entry.name} value={entry.name}>
              {t(`import.kind.${entry.name}` as 'import.kind.registers')}
            </option>
          ))}
        </select>
      </label>
      <div
        className="import-drop"
        data-testid="import-drop"
        onDragOver={(event) => event.preventDefault()}
        onDrop={onDrop}
      >
        {busy ? t('import.uploading') : t('import.drop')}
        <input
          type="file"
          accept={(kinds.find((entry) => entry.name === kind)?.accepts ?? ['csv', 'xlsx'])
            .map((ending) => `.${ending}`)
            .join(',')}
          data-testid="import-file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file !== undefined) upload(file);
          }}
        />
      </div>
      {error !== null && (
        <p className="import-error" role="alert">
          {error}
        </p>
      )}
      {preview !== null && (
        <section>
          <h3>{t('import.mapping')}</h3>
          <table className="import-mapping">
            <tbody>
              {fields.map((field) => (
                <tr key={field.key}>
                  <th>
                    {language === 'zh' ? field.zh : field.en}
                    {field.required ? ' *' : ''}
                  </th>
                  <td>
                    <select
                      value={mapping[field.key] ?? ''}
                      data-testid={`import-map-${field.key}`}
                      onChange={(event) =>
                        setMapping({ ...mapping, [field.key]: event.target.value })
                      }
                    >
                      <option value="">{t('import.auto')}</option>
                      {preview.columns.map((column) => (
                        <option key={column} value={column}>
                          {column}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="import-sample">
                    {preview.sample[0]?.[preview.columns.indexOf(mapping[field.key] ?? '')] ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="button"
            data-testid="import-dry-run"
            onClick={() => start(true)}
          >
            {t('import.dryRun')}
          </button>{' '}
          <button
            type="button"
            className="button"
            data-testid="import-commit"
            disabled={result === null || !result.dryRun || result.accepted === 0}
            onClick={() => start(false)}
          >
            {t('import.commit')}
          </button>
        </section>
      )}
      {job !== null && job.state === 'running' && (
        <progress data-testid="import-progress" max={100} value={percent ?? undefined}>
          {percent ?? ''}
        </progress>
      )}
      {job?.error && (
        <p role="alert">{language === 'zh' ? job.error.messageZh : job.error.messageEn}</p>
      )}
      {result !== null && (
        <section data-testid="import-summary">
          <h3>{result.dryRun ? t('import.previewHeading') : t('import.committedHeading')}</h3>
          <p>
            {t('import.counts', {
              rows: result.rows,
              accepted: result.accepted,
              rejected: result.rejected,
              created: result.changes.created,
              updated: result.changes.updated,
              moved: result.changes.moved,
              unchanged: result.changes.unchanged,
            })}
          </p>
          {result.hasProblemFile && job !== null && (
            <p>
              <a href={api.problemFileUrl(job.id, 'xlsx')}>{t('import.problemsXlsx')}</a>{' '}
              <a href={api.problemFileUrl(job.id, 'csv')}>{t('import.problemsCsv')}</a>
            </p>
          )}
          {result.problems.length > 0 && (
            <table className="import-problems" data-testid="import-problems">
              <thead>
                <tr>
                  <th>{t('import.row')}</th>
                  <th>{t('import.column')}</th>
                  <th>{t('import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {result.problems.map((problem, index) => (
                  <tr key={index} className={`import-${problem.severity}`}>
                    <td>{problem.row ?? '–'}</td>
                    <td>{problem.column ?? ''}</td>
                    <td>{language === 'zh' ? problem.messageZh : problem.messageEn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <section>
        <h3>{t('import.batches')}</h3>
        <ul data-testid="import-batches">
          {batches.map((batch) => (
            <li key={batch.id}>
              {batch.createdAt.slice(0, 16).replace('T', ' ')} · {batch.fileName} · {batch.actor} ·{' '}
              {t('import.batchCounts', { accepted: batch.accepted, rejected: batch.rejected })}
              {batch.rolledBackAt === null ? (
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() =>
                    api
                      .rollback(batch.id)
                      .then(refreshBatches, (failure: Error) => setError(failure.message))
                  }
                >
                  {t('import.rollback')}
                </button>
              ) : (
                <span> · {t('import.rolledBack')}</span>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { importFields, MAX_IMPORT_BYTES, requiredImportFields, routes, type ImportField, type ImportMapping, type ImportReport } from '@samla/shared';
import { call, toApiError, type ApiError } from '../api';
import { OrganisationsShell } from '../features/admin/organisations/OrganisationsShell';
import { CopyLink } from '../features/admin/organisations/CopyLink';
import '../features/admin/organisations/organisations.css';
import '../features/membership/membership.css';
import { useAuth } from '../features/auth/AuthContext';
import { newItemId } from '../features/space/itemId';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { currentLocale } from '../i18n';
import { apiErrorMessage } from '../i18n/errors';
import { useSocketEvent } from '../realtime/RealtimeProvider';

/** Sends the file as the request body; the answer is the import report. `importId` names its progress events. */
function upload(file: File, dryRun: boolean, mapping: ImportMapping | null, importId?: string): Promise<ImportReport> {
  const query = { dryRun: dryRun ? 'true' : 'false', mapping: mapping ? JSON.stringify(mapping) : undefined, importId } as const;
  return call(routes.organisations.import, { query, body: file });
}

interface Progress {
  done: number;
  total: number;
}

/**
 * The spoken status moves on only by a tenth of the file and at most once a second (and at the end), so
 * that a screen reader is not talked over; the bar follows every event.
 */
const sayNext = (next: Progress, said: { progress: Progress; at: number } | null, now: number): boolean =>
  !said || next.done === next.total || (next.done - said.progress.done >= next.total / 10 && now - said.at >= 1000);

/** How far a running import is (`progress`, from the server's `import:progressed`) and what was last said of it. */
function ImportProgress({ progress, said }: { progress: Progress | null; said: Progress | null }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(currentLocale(i18n));
  const rows = (p: Progress) => ({ done: number.format(p.done), total: number.format(p.total) });
  return (
    <div className="import-progress">
      {progress && (
        <>
          <span id="import-progress-label">{t('orgImport.progressLabel')}</span>
          <progress aria-labelledby="import-progress-label" max={progress.total} value={progress.done} aria-valuetext={t('orgImport.rows', rows(progress))} />
          <span aria-hidden="true">{t('orgImport.rows', rows(progress))}</span>
        </>
      )}
      <p role="status" aria-live="polite">
        {said ? t('orgImport.importingRows', rows(said)) : t('orgImport.importing')}
      </p>
    </div>
  );
}

/** Coordinators: bring in today's member list from a CSV or .xlsx file, with a dry run first. */
export default function AdminImportPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('orgImport.title'));
  return (
    <OrganisationsShell>
    <h1>{t('orgImport.title')}</h1>
    <p className="lead">{t('orgImport.intro')}</p>
    <Importer />
    </OrganisationsShell>
  );
}

function Importer() {
  const { t } = useTranslation();
  const { sessionEnded } = useAuth();
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'dry' | 'import' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(true);
  const importId = useRef<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const said = useRef<{ progress: Progress; at: number } | null>(null);
  // Opens the tab's socket with the page, so that it is connected by the time the import starts.
  useSocketEvent('import:progressed', (p) => {
    if (p.importId !== importId.current) return;
    const next = { done: p.done, total: p.total };
    const now = performance.now();
    if (sayNext(next, said.current, now)) said.current = { progress: next, at: now };
    setProgress(next);
  });

  async function run(f: File, dryRun: boolean, m: ImportMapping | null) {
    setBusy(dryRun ? 'dry' : 'import');
    setError(null);
    importId.current = dryRun ? null : newItemId();
    said.current = null;
    setProgress(null);
    try {
      const r = await upload(f, dryRun, m, importId.current ?? undefined);
      setReport(r);
      setMapping(r.mapping);
    } catch (err) {
      const e = toApiError(err);
      if (e.code === 'unauthenticated') sessionEnded();
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const missing = mapping ? requiredImportFields.filter((f) => !mapping[f]) : [];
  const done = report && !report.dryRun;
  return (
    <>
      <div className="field">
        <label htmlFor="import-file">{t('orgImport.file')}</label>
        <p id="import-file-hint" className="field__hint field__hint--above">
          {t('orgImport.fileHint', { mb: MAX_IMPORT_BYTES / 1024 / 1024 })}
        </p>
        <input
          id="import-file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby="import-file-hint"
          onChange={(e) => {
            const f = e.target.files?.[0] ?? null;
            setFile(f);
            setReport(null);
            setMapping(null);
            if (f) void run(f, true, null);
          }}
        />
      </div>
      <div className="form-error" role="alert">
        {error && (error.code === 'invalid_file' ? t('orgImport.badFile', { why: error.message }) : apiErrorMessage(t, error))}
      </div>
      {busy === 'dry' && (
        <p role="status" aria-live="polite">
          {t('orgImport.checking')}
        </p>
      )}
      {busy === 'import' && <ImportProgress progress={progress} said={said.current?.progress ?? null} />}

      {report && mapping && !done && (
        <section className="org-section" aria-labelledby="import-mapping">
          <h2 id="import-mapping">{t('orgImport.mapping')}</h2>
          <p className="small muted">{t('orgImport.mappingHint')}</p>
          <div className="mapping-grid">
            {importFields.map((f) => (
              <div className="field" key={f}>
                <label htmlFor={`map-${f}`}>
                  {t(`orgImport.field.${f}`)}
                  {!requiredImportFields.includes(f) && <span className="field__optional"> {t('apply.optional')}</span>}
                </label>
                <select id={`map-${f}`} value={mapping[f] ?? ''} onChange={(e) => setMapping({ ...mapping, [f]: e.target.value || undefined })}>
                  <option value="">{t('orgImport.noColumn')}</option>
                  {report.headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          {missing.length > 0 && <p className="form-error">{t('orgImport.missingColumns', { fields: missing.map((f) => t(`orgImport.field.${f}`)).join(', ') })}</p>}
          <div className="row-actions org-section">
            <button type="button" className="button" disabled={!!busy || !file || missing.length > 0} onClick={() => file && void run(file, true, mapping)}>
              {t('orgImport.dryRunAgain')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={!!busy || !file || missing.length > 0 || report.counts.create + report.counts.update === 0}
              onClick={() => file && void run(file, false, mapping)}
            >
              {t('orgImport.import', { count: report.counts.create + report.counts.update })}
            </button>
          </div>
        </section>
      )}

      {report && (
        <section className="org-section" aria-labelledby="import-result">
          <h2 id="import-result" tabIndex={-1}>
            {report.dryRun ? t('orgImport.dryRunResult') : t('orgImport.doneResult')}
          </h2>
          <div role="status">
          <ul className="import-counts">
            <li>{t(report.dryRun ? 'orgImport.willCreate' : 'orgImport.created', { count: report.counts.create })}</li>
            <li>{t(report.dryRun ? 'orgImport.willUpdate' : 'orgImport.updated', { count: report.counts.update })}</li>
            <li>{t('orgImport.unchanged', { count: report.counts.unchanged })}</li>
            <li>{t('orgImport.refused', { count: report.counts.refuse })}</li>
          </ul>
          </div>
          <div className="field field--check org-filters">
            <input id="import-only-problems" type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />
            <label htmlFor="import-only-problems">{t('orgImport.onlyProblems')}</label>
          </div>
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('orgImport.rowsLabel')}>
            <table className="org-table org-table--stack">
              <thead>
                <tr>
                  <th scope="col">{t('orgImport.line')}</th>
                  <th scope="col">{t('organisations.col.name')}</th>
                  <th scope="col">{t('organisations.col.orgNumber')}</th>
                  <th scope="col">{t('orgImport.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows
                  .filter((r) => !onlyProblems || r.outcome === 'refuse' || r.outcome === 'update')
                  .map((r) => (
                    <tr key={r.line}>
                      <td data-label={t('orgImport.line')}>{r.line}</td>
                      <td data-label={t('organisations.col.name')} className="org-table__name">
                        {r.name || '–'}
                      </td>
                      <td data-label={t('organisations.col.orgNumber')} className="org-table__nowrap">
                        {r.orgNumber || '–'}
                      </td>
                      <td data-label={t('orgImport.outcome')}>
                        <strong>{t(`orgImport.outcomes.${r.outcome}`)}</strong>
                        {r.problems.length > 0 && <div>{r.problems.map((p) => t(`orgImport.problem.${p}`)).join('; ')}</div>}
                        {r.changes.length > 0 && <div className="small">{t('orgImport.changes', { fields: r.changes.map((f) => t(`orgImport.field.${f as ImportField}`)).join(', ') })}</div>}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          {done && report.invitations.length > 0 && (
            <div className="org-section">
              <h3>{t('orgImport.invitations', { count: report.invitations.length })}</h3>
              {report.invitations.map((i) => (
                <CopyLink key={i.organisationId} id={`imp-${i.organisationId}`} label={`${i.organisationName} – ${i.email}`} link={i.link} emailed={i.emailed} />
              ))}
            </div>
          )}
        </section>
      )}
    </>
  );
}

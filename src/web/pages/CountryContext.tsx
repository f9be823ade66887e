// Country context (administrators): the table of published reports behind the contextual country indicator
// of the screening. Adding, changing or retiring a row makes a new version of the table.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, FormGroup, Label, Tag, TextInput } from '@trussworks/react-uswds';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Field, Pager, pageOf, ScrollTable } from '../admin/shared.tsx';
import { ApiError, get, post, put } from '../api/client.ts';
import type { Body, Item, Res } from '../api/types.ts';
import { ErrorSummary, formatDate, LoadError, Loading, PageHeading } from '../components/common.tsx';

type CountryTable = Res<'/admin/country-context', 'get'>;
type CountryRow = Item<CountryTable['rows']>;

const PAGE_SIZE = 20;

function invalid(detail: string, errors: { field: string; message: string }[]) {
  return new ApiError({ status: 422, code: 'invalid_input', detail, errors });
}

export default function CountryContextPage() {
  const table = useQuery({
    queryKey: ['country-context'],
    queryFn: () => get<CountryTable>('/admin/country-context'),
  });
  const [editing, setEditing] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [showRetired, setShowRetired] = useState(false);
  const rows = table.data?.rows ?? [];
  const [country, setCountry] = useState('');
  const wanted = country.trim().toUpperCase();
  const visible = rows.filter((r) => showRetired || !r.retiredAt).filter((r) => !wanted || r.iso2 === wanted);
  const safePage = Math.min(page, Math.max(0, Math.ceil(visible.length / PAGE_SIZE) - 1));
  const editRow = rows.find((r) => r.id === editing) ?? null;
  return (
    <>
      <PageHeading title="Country context" />
      <Alert type="info" headingLevel="h2" heading="How this table is used" slim={false}>
        <p className="margin-top-0">
          The screening uses these rows <strong>only for the contextual country indicator</strong>: it notes
          that a published report describes a pattern of misuse of INTERPOL channels by the country that asked
          for the notice. The indicator is context for the reviewer. It never blocks or clears a case on its
          own.
        </p>
        <p className="margin-bottom-0">
          Every change makes a new version of the table. Cases already screened keep the version they used
          until they are screened again: ask the system operator to run <code>redline rescreen --all</code>{' '}
          after a change so that existing cases are re-screened with the new version.
        </p>
      </Alert>
      {table.isPending ? <Loading what="the country-context table" /> : null}
      {table.error ? <LoadError error={table.error} /> : null}
      {table.data ? (
        <section aria-labelledby="rows-heading">
          <h2 id="rows-heading">Rows in version {table.data.version}</h2>
          <FormGroup>
            <Label htmlFor="cc-filter-country">Show only this country</Label>
            <div className="usa-hint" id="cc-filter-country-hint">
              A two-letter code, for example TR. Leave empty to see every country.
            </div>
            <TextInput
              id="cc-filter-country"
              name="country"
              type="text"
              className="maxw-card"
              aria-describedby="cc-filter-country-hint"
              value={country}
              onChange={(e) => {
                setCountry(e.target.value);
                setPage(0);
              }}
            />
          </FormGroup>
          <Checkbox
            id="cc-show-retired"
            name="showRetired"
            label="Show retired rows too"
            checked={showRetired}
            onChange={(e) => {
              setShowRetired(e.target.checked);
              setPage(0);
            }}
          />
          <ScrollTable label="Country-context rows" caption="Country-context rows, by country and year">
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Report</th>
                <th scope="col">Year</th>
                <th scope="col">Statement</th>
                <th scope="col">Link</th>
                <th scope="col">Status</th>
                <th scope="col">Last changed</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {pageOf(visible, safePage, PAGE_SIZE).map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.iso2}</th>
                  <td>{r.report}</td>
                  <td>{r.reportYear}</td>
                  <td className="maxw-mobile-lg">{r.statement}</td>
                  <td>
                    <a href={r.url} target="_blank" rel="noreferrer noopener">
                      Open the report
                      <span className="usa-sr-only">
                        {' '}
                        for {r.iso2} {r.reportYear} (opens in a new tab)
                      </span>
                    </a>
                  </td>
                  <td>
                    {r.retiredAt ? (
                      <>
                        <Tag className="bg-base-dark">Retired</Tag>
                        {r.retiredReason ? <div className="font-body-2xs">{r.retiredReason}</div> : null}
                      </>
                    ) : r.verified ? (
                      <Tag className="bg-green">In use, verified</Tag>
                    ) : (
                      <Tag className="bg-gold text-ink">In use, not verified</Tag>
                    )}
                  </td>
                  <td>
                    {formatDate(r.updatedAt)}
                    <div className="font-body-2xs">{r.updatedBy}</div>
                  </td>
                  <td>
                    <Button
                      type="button"
                      unstyled
                      aria-label={`Change or retire the ${r.iso2} ${r.reportYear} row`}
                      onClick={() => setEditing(r.id)}
                    >
                      Change or retire
                    </Button>
                  </td>
                </tr>
              ))}
              {visible.length === 0 ? (
                <tr>
                  <td colSpan={8}>No rows match.</td>
                </tr>
              ) : null}
            </tbody>
          </ScrollTable>
          <Pager page={safePage} pageSize={PAGE_SIZE} total={visible.length} onPage={setPage} what="rows" />
        </section>
      ) : null}
      {editRow ? <EditRow key={editRow.id} row={editRow} onClose={() => setEditing(null)} /> : null}
      <AddRow />
    </>
  );
}

function AddRow() {
  const qc = useQueryClient();
  const empty = { iso2: '', reportYear: '', report: '', statement: '', url: '', compiledFrom: '', note: '' };
  const [v, setV] = useState(empty);
  const [verified, setVerified] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof typeof empty) => (value: string) => setV((o) => ({ ...o, [k]: value }));
  const m = useMutation({
    mutationFn: () => {
      const errors = [];
      if (!/^[A-Za-z]{2}$/.test(v.iso2.trim()))
        errors.push({ field: 'iso2', message: 'Enter a two-letter country code, for example TR.' });
      if (!/^\d{4}$/.test(v.reportYear.trim()))
        errors.push({ field: 'reportYear', message: 'Enter the year the report covers, for example 2023.' });
      if (!v.report.trim()) errors.push({ field: 'report', message: 'Enter the name of the report.' });
      if (!v.statement.trim())
        errors.push({ field: 'statement', message: 'Enter what the report says about misuse of INTERPOL.' });
      if (!/^https?:\/\/\S+$/.test(v.url.trim()))
        errors.push({ field: 'url', message: 'Enter the full link, starting with https://.' });
      if (errors.length) throw invalid('The row was not added.', errors);
      return post<Res<'/admin/country-context', 'post'>>('/admin/country-context', {
        iso2: v.iso2.trim().toUpperCase(),
        reportYear: Number(v.reportYear.trim()),
        report: v.report.trim(),
        statement: v.statement.trim(),
        url: v.url.trim(),
        ...(v.compiledFrom.trim() ? { compiledFrom: v.compiledFrom.trim() } : {}),
        verified,
        note: v.note.trim() || null,
      } satisfies Body<'/admin/country-context', 'post'>);
    },
    onMutate: () => setDone(null),
    onSuccess: (r) => {
      setDone(
        `The ${v.iso2.toUpperCase()} ${v.reportYear} row is added. The table is now version ${r.version}.`,
      );
      setV(empty);
      setVerified(false);
      void qc.invalidateQueries({ queryKey: ['country-context'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <section aria-labelledby="add-heading" className="margin-top-4">
      <h2 id="add-heading">Add a row</h2>
      <ErrorSummary error={m.error} heading="The row was not added" />
      {done ? (
        <Alert type="success" headingLevel="h3" heading="Row added" slim={false} role="status">
          {done} Remember: existing cases use the new version only after <code>redline rescreen --all</code>.
        </Alert>
      ) : null}
      <Form onSubmit={submit} className="maxw-tablet" noValidate>
        <Field
          path="iso2"
          label="Country code"
          hint="The two-letter ISO 3166 code of the country, for example TR."
          required
          error={m.error}
          value={v.iso2}
          onChange={set('iso2')}
        />
        <Field
          path="reportYear"
          label="Report year"
          hint="The year the report covers, for example 2023."
          required
          inputMode="numeric"
          error={m.error}
          value={v.reportYear}
          onChange={set('reportYear')}
        />
        <Field
          path="report"
          label="Report"
          hint="The title of the published report."
          required
          error={m.error}
          value={v.report}
          onChange={set('report')}
        />
        <Field
          path="statement"
          label="Statement"
          hint="What the report says about the country’s use of INTERPOL channels, quoted or closely summarised."
          required
          multiline
          error={m.error}
          value={v.statement}
          onChange={set('statement')}
        />
        <Field
          path="url"
          label="Link to the report"
          hint="The full address, starting with https://."
          required
          type="url"
          error={m.error}
          value={v.url}
          onChange={set('url')}
        />
        <Field
          path="compiledFrom"
          label="Compiled from (optional)"
          hint="Where the statement was taken from, for example the section or page."
          error={m.error}
          value={v.compiledFrom}
          onChange={set('compiledFrom')}
        />
        <Checkbox
          id="f-verified"
          name="verified"
          label="I have checked the statement against the report"
          checked={verified}
          onChange={(e) => setVerified(e.target.checked)}
        />
        <Field
          path="note"
          label="Reason for the change (optional)"
          hint="Recorded with the new version of the table."
          error={m.error}
          value={v.note}
          onChange={set('note')}
        />
        <Button type="submit">{m.isPending ? 'Adding…' : 'Add row'}</Button>
      </Form>
    </section>
  );
}

function EditRow({ row, onClose }: { row: CountryRow; onClose: () => void }) {
  const qc = useQueryClient();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const [v, setV] = useState({
    report: row.report,
    statement: row.statement,
    url: row.url,
    compiledFrom: row.compiledFrom,
    note: '',
    retiredReason: '',
  });
  const [verified, setVerified] = useState(row.verified);
  const [done, setDone] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (value: string) => setV((o) => ({ ...o, [k]: value }));
  const m = useMutation({
    mutationFn: (what: 'change' | 'retire' | 'restore') => {
      if (what === 'retire') {
        if (!v.retiredReason.trim())
          throw invalid('The row was not retired.', [
            { field: 'retiredReason', message: 'Say why the row is retired, for example a newer report.' },
          ]);
        return put<Res<'/admin/country-context/{id}', 'put'>>(`/admin/country-context/${row.id}`, {
          retired: true,
          retiredReason: v.retiredReason.trim(),
          note: v.note.trim() || null,
        });
      }
      if (what === 'restore')
        return put<Res<'/admin/country-context/{id}', 'put'>>(`/admin/country-context/${row.id}`, {
          retired: false,
          note: v.note.trim() || null,
        });
      const errors = [];
      if (!v.report.trim()) errors.push({ field: 'edit.report', message: 'Enter the name of the report.' });
      if (!v.statement.trim()) errors.push({ field: 'edit.statement', message: 'Enter the statement.' });
      if (!/^https?:\/\/\S+$/.test(v.url.trim()))
        errors.push({ field: 'edit.url', message: 'Enter the full link, starting with https://.' });
      if (errors.length) throw invalid('The row was not changed.', errors);
      return put<Res<'/admin/country-context/{id}', 'put'>>(`/admin/country-context/${row.id}`, {
        report: v.report.trim(),
        statement: v.statement.trim(),
        url: v.url.trim(),
        compiledFrom: v.compiledFrom.trim(),
        verified,
        note: v.note.trim() || null,
      });
    },
    onMutate: () => setDone(null),
    onSuccess: (r, what) => {
      setDone(
        `${what === 'retire' ? 'Row retired' : what === 'restore' ? 'Row back in use' : 'Row changed'}. The table is now version ${r.version}. Existing cases use it after redline rescreen --all.`,
      );
      void qc.invalidateQueries({ queryKey: ['country-context'] });
    },
  });
  // Server field errors for a change name the plain field; this form's inputs carry the "edit." prefix.
  const error =
    m.error instanceof ApiError
      ? new ApiError({
          ...m.error.problem,
          errors: m.error.fields.map((f) => {
            const name = f.field.replace(/^body\./, '');
            return {
              field: name === 'retiredReason' || name.startsWith('edit.') ? name : `edit.${name}`,
              message: f.message,
            };
          }),
        })
      : m.error;
  return (
    <section aria-labelledby="edit-heading" className="margin-top-4 border-top-1px border-base-lighter">
      <h2 id="edit-heading" ref={headingRef} tabIndex={-1}>
        Change the {row.iso2} {row.reportYear} row
      </h2>
      <ErrorSummary error={error} heading="The change was not made" />
      {done ? (
        <Alert type="success" headingLevel="h3" heading="Saved" slim={false} role="status">
          {done}
        </Alert>
      ) : null}
      <Form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate('change');
        }}
        className="maxw-tablet"
      >
        <Field
          path="edit.report"
          label="Report"
          required
          error={error}
          value={v.report}
          onChange={set('report')}
        />
        <Field
          path="edit.statement"
          label="Statement"
          required
          multiline
          error={error}
          value={v.statement}
          onChange={set('statement')}
        />
        <Field
          path="edit.url"
          label="Link to the report"
          required
          type="url"
          error={error}
          value={v.url}
          onChange={set('url')}
        />
        <Field
          path="edit.compiledFrom"
          label="Compiled from (optional)"
          error={error}
          value={v.compiledFrom}
          onChange={set('compiledFrom')}
        />
        <Checkbox
          id="f-edit-verified"
          name="verified"
          label="I have checked the statement against the report"
          checked={verified}
          onChange={(e) => setVerified(e.target.checked)}
        />
        <Field
          path="edit.note"
          label="Reason for the change (optional)"
          hint="Recorded with the new version of the table."
          error={error}
          value={v.note}
          onChange={set('note')}
        />
        <Button type="submit">Save changes</Button>
        <Button type="button" outline onClick={onClose}>
          Close without saving
        </Button>
      </Form>
      {row.retiredAt ? (
        <>
          <h3>Bring the row back into use</h3>
          <p>This row is retired, so the screening ignores it. You can bring it back into use.</p>
          <Button type="button" onClick={() => m.mutate('restore')}>
            Bring back into use
          </Button>
        </>
      ) : (
        <Form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            m.mutate('retire');
          }}
          className="maxw-tablet"
        >
          <h3>Retire the row</h3>
          <p>
            A retired row stays in the history but the screening no longer uses it, for example when a newer
            report replaces it.
          </p>
          <Field
            path="retiredReason"
            label="Why is the row retired?"
            required
            error={error}
            value={v.retiredReason}
            onChange={set('retiredReason')}
          />
          <Button type="submit" secondary>
            Retire row
          </Button>
        </Form>
      )}
    </section>
  );
}

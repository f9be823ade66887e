// The wording check as the person types (D10: a notice is not an arrest warrant). The text goes to
// POST /wording-check (nothing is stored); each finding shows the words, why they are a problem, and a
// finished, neutral rewording that one button applies. `WordingFindings` is what every free-text field of
// the application shows under its text area (the case forms' `Field` and the intake's narrative).
import { Button } from '@trussworks/react-uswds';
import { useEffect, useState } from 'react';
import { post } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { fieldId } from '../components/common.tsx';
import { type Errors, TextAreaField } from './fields.tsx';

type WordingCheck = Res<'/wording-check', 'post'>;
export type WordingFinding = Item<WordingCheck['findings']>;

/** The findings of the wording check for `value`, checked again 600 ms after the last change. */
function useWordingCheck(value: string, path: string) {
  const [findings, setFindings] = useState<WordingFinding[]>([]);
  const [checked, setChecked] = useState('');
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!value.trim()) {
      setFindings([]);
      setChecked('');
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      post<WordingCheck>('/wording-check', { text: value, field: path })
        .then((r) => {
          if (cancelled) return;
          setFindings(r.findings);
          setChecked(value);
          setFailed(false);
        })
        .catch(() => {
          if (!cancelled) setFailed(true);
        });
    }, 600);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [value, path]);
  return { findings, current: checked === value, failed };
}

/**
 * The wording check of one text field: a live status line and each finding with its rewording. `compact`
 * (the case forms) leaves out the heading and says nothing while the field is empty.
 */
export function WordingFindings({
  path,
  value,
  onChange,
  compact = false,
}: {
  path: string;
  value: string;
  onChange: (v: string) => void;
  compact?: boolean;
}) {
  const { findings, current, failed } = useWordingCheck(value, path);
  const apply = (f: WordingFinding) => {
    // Apply only when the words are still where the check found them; otherwise replace the first match.
    if (value.slice(f.start, f.end) === f.excerpt)
      onChange(value.slice(0, f.start) + f.suggestion + value.slice(f.end));
    else if (value.includes(f.excerpt)) onChange(value.replace(f.excerpt, f.suggestion));
  };
  const headingId = `${fieldId(path)}-wording-heading`;
  const status = failed
    ? 'The wording check could not run just now. It runs again when you change the text.'
    : !value.trim()
      ? compact
        ? ''
        : 'As you type, Redline checks that the text does not treat the notice as an arrest warrant.'
      : !current
        ? 'Checking the wording…'
        : findings.length === 0
          ? 'No wording problems found.'
          : `${findings.length} wording ${findings.length === 1 ? 'problem' : 'problems'} found. Review ${findings.length === 1 ? 'it' : 'them'} below.`;
  const body = (
    <>
      <p role="status" aria-live="polite" className={compact ? 'usa-hint margin-y-05' : 'margin-top-0'}>
        {status}
      </p>
      {current && findings.length > 0 ? (
        <ul className="usa-list usa-list--unstyled">
          {findings.map((f) => (
            <li
              key={`${f.fingerprint}:${f.start}`}
              className="border-left-05 border-secondary padding-left-2 margin-bottom-2"
            >
              <p className="margin-y-05">
                <strong>“{f.excerpt}”</strong>{' '}
                <span className="text-base">
                  (characters {f.start + 1} to {f.end}, rule {f.ruleId})
                </span>
              </p>
              <p className="margin-y-05">{f.explanation}</p>
              {f.suggestion ? (
                <>
                  <p className="margin-y-05">
                    Say instead: <strong>“{f.suggestion}”</strong>
                  </p>
                  <Button type="button" outline onClick={() => apply(f)}>
                    Use “{f.suggestion}”
                  </Button>
                </>
              ) : (
                <p className="margin-y-05">Replace it with the actual fact from the record.</p>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
  if (compact)
    return (
      <div className="rl-wording-check" data-wording-check={path}>
        {body}
      </div>
    );
  return (
    <section aria-labelledby={headingId} className="margin-top-2" data-wording-check={path}>
      <h3 id={headingId} className="font-heading-sm margin-bottom-1">
        Wording check
      </h3>
      {body}
    </section>
  );
}

/** A text area with its wording check below it (the intake's narrative, the case's texts). */
export function WordingCheckedText({
  path,
  label,
  hint,
  value,
  onChange,
  errors,
}: {
  path: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  errors: Errors;
}) {
  return (
    <div>
      <TextAreaField
        path={path}
        label={label}
        hint={hint}
        value={value}
        onChange={onChange}
        errors={errors}
      />
      <WordingFindings path={path} value={value} onChange={onChange} />
    </div>
  );
}

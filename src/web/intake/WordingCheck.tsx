// A text area whose wording is checked as the officer types (D10: a notice is not an arrest warrant).
// The text goes to POST /wording-check (nothing is stored); each finding shows the words, why they are a
// problem, and a compliant rewording that one button applies.
import { Button } from '@trussworks/react-uswds';
import { useEffect, useState } from 'react';
import { post } from '../api/client.ts';
import type { Item, Res } from '../api/types.ts';
import { type Errors, TextAreaField } from './fields.tsx';

type WordingCheck = Res<'/wording-check', 'post'>;
export type WordingFinding = Item<WordingCheck['findings']>;

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

  const apply = (f: WordingFinding) => {
    // Apply only when the words are still where the check found them; otherwise replace the first match.
    if (value.slice(f.start, f.end) === f.excerpt)
      onChange(value.slice(0, f.start) + f.suggestion + value.slice(f.end));
    else if (value.includes(f.excerpt)) onChange(value.replace(f.excerpt, f.suggestion));
  };

  const current = checked === value;
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
      <section aria-labelledby={`${path}-wording-heading`} className="margin-top-2">
        <h3 id={`${path}-wording-heading`} className="font-heading-sm margin-bottom-1">
          Wording check
        </h3>
        <p role="status" aria-live="polite" className="margin-top-0">
          {failed
            ? 'The wording check could not run just now. It runs again when you change the text.'
            : !value.trim()
              ? 'As you type, Redline checks that the text does not treat the notice as an arrest warrant.'
              : !current
                ? 'Checking the wording…'
                : findings.length === 0
                  ? 'No wording problems found.'
                  : `${findings.length} wording ${findings.length === 1 ? 'problem' : 'problems'} found. Review ${findings.length === 1 ? 'it' : 'them'} below.`}
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
      </section>
    </div>
  );
}

// The list of documents INTERPOL Washington provided, one row each (title, kind, language), used by the
// liaison's answer screen and by an officer recording an answer received by another channel.
import { Button, Fieldset } from '@trussworks/react-uswds';
import type { ReactNode } from 'react';

export interface DocRow {
  key: number;
  title: string;
  kind: string;
  language: string;
}

export const firstDocRow = (): DocRow[] => [{ key: 1, title: '', kind: '', language: '' }];

/**
 * The rows as the API takes them, in order, so that the server's `documents.N` errors name row N + 1. A form
 * left with its single empty row sends no documents; an empty row among filled ones is sent, and the server
 * asks for its title (the user fills it in or removes it).
 */
export function documentsBody(
  docs: DocRow[],
): Array<{ title: string; kind: string; language: string | null }> {
  if (docs.every((d) => !d.title.trim() && !d.kind.trim() && !d.language.trim())) return [];
  return docs.map((d) => ({
    title: d.title.trim(),
    kind: d.kind.trim(),
    language: d.language.trim() || null,
  }));
}

/** How a row's input is drawn: each form keeps its own field component and error display. */
export type RenderField = (f: {
  path: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
}) => ReactNode;

export function DocumentRows({
  docs,
  setDocs,
  pathPrefix,
  field,
}: {
  docs: DocRow[];
  setDocs: (docs: DocRow[]) => void;
  /** Prefix of the error paths, so that `documents.0.title` from the server lands on its input. */
  pathPrefix: string;
  field: RenderField;
}) {
  const update = (key: number, patch: Partial<DocRow>) =>
    setDocs(docs.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  return (
    <Fieldset legend="Documents provided">
      <span className="usa-hint">
        One row per document. Title and kind are required for each document you list.
      </span>
      {docs.map((d, i) => {
        const path = (k: string) => `${pathPrefix}documents.${i}.${k}`;
        return (
          <div key={d.key} className="border-left-05 border-base-light padding-left-2 margin-top-2">
            <h3 className="margin-y-1 font-sans-sm">Document {i + 1}</h3>
            {field({
              path: path('title'),
              label: `Title of document ${i + 1}`,
              value: d.title,
              onChange: (v) => update(d.key, { title: v }),
            })}
            {field({
              path: path('kind'),
              label: `Kind of document ${i + 1}`,
              hint: 'For example: arrest warrant, judgment, extradition request.',
              value: d.kind,
              onChange: (v) => update(d.key, { kind: v }),
            })}
            {field({
              path: path('language'),
              label: `Language of document ${i + 1}`,
              hint: 'For example: fr, es, en.',
              value: d.language,
              onChange: (v) => update(d.key, { language: v }),
            })}
            {docs.length > 1 ? (
              <Button
                type="button"
                unstyled
                className="margin-top-1"
                onClick={() => setDocs(docs.filter((x) => x.key !== d.key))}
              >
                Remove document {i + 1}
              </Button>
            ) : null}
          </div>
        );
      })}
      <Button
        type="button"
        outline
        className="margin-top-2"
        onClick={() =>
          setDocs([
            ...docs,
            { key: Math.max(0, ...docs.map((x) => x.key)) + 1, title: '', kind: '', language: '' },
          ])
        }
      >
        Add another document
      </Button>
    </Fieldset>
  );
}

// The case's progress through its safeguards: one chip per applicable gate in a grid that wraps, so that
// eleven gates or more fit at 1,280 px and at 320 px. Each chip says its state in words (not by colour
// alone) and links to the gate's section below.
import type { GateEvaluation } from './data.ts';

type StepState = 'met' | 'current' | 'todo';

const STATE_TEXT: Record<StepState, string> = {
  met: 'Met',
  current: 'Next to do',
  todo: 'Not met yet',
};

export function Steps({ ev }: { ev: GateEvaluation }) {
  const applicable = ev.gates.filter((g) => g.status !== 'not_applicable');
  const firstUnmet = applicable.findIndex((g) => g.status === 'unmet');
  const met = applicable.filter((g) => g.status === 'met').length;
  return (
    <section aria-labelledby="steps-h" className="margin-y-3">
      <h2 id="steps-h" className="font-heading-md margin-bottom-1">
        Progress: {met} of {applicable.length} safeguards met
      </h2>
      <ol className="rl-steps">
        {applicable.map((g, i) => {
          const state: StepState = g.status === 'met' ? 'met' : i === firstUnmet ? 'current' : 'todo';
          return (
            <li
              key={g.gate}
              className={`rl-step rl-step--${state}`}
              aria-current={state === 'current' ? 'step' : undefined}
            >
              <a href={`#gate-${g.gate}`} className="rl-step__link">
                <span className="rl-step__n" aria-hidden="true">
                  {state === 'met' ? '✓' : i + 1}
                </span>
                <span className="rl-step__title">{g.title}</span>
                <span className="rl-step__state">
                  <span className="usa-sr-only">Step {i + 1}: </span>
                  {STATE_TEXT[state]}
                </span>
              </a>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

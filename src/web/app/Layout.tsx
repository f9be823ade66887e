import { useQuery } from '@tanstack/react-query';
import {
  Button,
  GovBanner,
  Header,
  Identifier,
  IdentifierGov,
  IdentifierIdentity,
  IdentifierLink,
  IdentifierLinkItem,
  IdentifierLinks,
  IdentifierMasthead,
  NavMenuButton,
  PrimaryNav,
  Search,
  Title,
} from '@trussworks/react-uswds';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { get } from '../api/client.ts';
import { type Res, ROLE_LABELS } from '../api/types.ts';
import { HandlingMarking } from '../components/common.tsx';
import { IDLE_WARNING_MS, useSession } from '../session/session.tsx';
import { SCREENS, screensFor } from './nav.ts';
import { OfficeName } from './offices.tsx';
import { identityText, type SiteView, useSite } from './site.ts';

/** Pages of wide data tables: laid out up to 1,400 pixels wide, so their columns show on a wide screen. */
const WIDE_PAGES: ReadonlySet<string> = new Set(['/audit']);

export function Layout() {
  const session = useSession();
  const [expanded, setExpanded] = useState(false);
  const location = useLocation();
  // Close the mobile menu whenever the page changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => setExpanded(false), [location.pathname]);

  const items = screensFor(session.user?.role).map((s) => (
    <NavLink key={s.path} to={s.path} end={s.path === '/'} className="usa-nav__link">
      <span>{s.label}</span>
    </NavLink>
  ));
  const user = session.user;
  const site = useSite().data;
  const mayFindCases = !!user && (SCREENS.cases.roles as readonly string[]).includes(user.role);
  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        Skip to main content
      </a>
      <SiteBanner site={site} />
      <div className={`usa-overlay ${expanded ? 'is-visible' : ''}`} />
      <Header basic>
        <div className="usa-nav-container">
          <div className="usa-navbar">
            <Title>
              <NavLink to="/" title="Redline home">
                Redline
              </NavLink>
            </Title>
            <NavMenuButton onClick={() => setExpanded((e) => !e)} label="Menu" />
          </div>
          <PrimaryNav
            items={items}
            mobileExpanded={expanded}
            onToggleMobileNav={() => setExpanded((e) => !e)}
          >
            {user ? (
              <div className="usa-nav__secondary">
                <p className="margin-y-05 font-body-2xs">
                  Signed in as <strong>{user.displayName}</strong> ({ROLE_LABELS[user.role]}
                  {user.officeId ? (
                    <>
                      , <OfficeName code={user.officeId} />
                    </>
                  ) : null}
                  )
                </p>
                <NotificationsLink />
                <NavLink to="/account" className="margin-right-2">
                  Your account
                </NavLink>
                <Button type="button" unstyled onClick={() => session.signOut()}>
                  Sign out
                </Button>
              </div>
            ) : null}
          </PrimaryNav>
        </div>
      </Header>
      {mayFindCases ? <CaseSearch /> : null}
      <HandlingMarking />
      <main
        id="main-content"
        className={`${WIDE_PAGES.has(location.pathname) ? 'grid-container-widescreen' : 'grid-container'} rl-main`}
      >
        <Outlet />
      </main>
      <SessionTimeoutWarning />
      <Identifier>
        <IdentifierMasthead aria-label="Agency identifier">
          <IdentifierIdentity domain={site?.siteAddress ?? ''}>
            {site ? identityText(site) : 'Redline'}
          </IdentifierIdentity>
        </IdentifierMasthead>
        <nav aria-label="Important links">
          <IdentifierLinks>
            {[
              ...(user
                ? [
                    <IdentifierLinkItem key="rules">
                      <IdentifierLink asCustom={NavLink} to={SCREENS.rules.path}>
                        Who may do what
                      </IdentifierLink>
                    </IdentifierLinkItem>,
                  ]
                : []),
              <IdentifierLinkItem key="api">
                <IdentifierLink href="/api/docs">API documentation</IdentifierLink>
              </IdentifierLinkItem>,
              <IdentifierLinkItem key="a11y">
                <IdentifierLink href="https://www.section508.gov/">Accessibility support</IdentifierLink>
              </IdentifierLinkItem>,
              ...(site?.privacyPolicyUrl
                ? [
                    <IdentifierLinkItem key="privacy">
                      <IdentifierLink href={site.privacyPolicyUrl}>Privacy policy</IdentifierLink>
                    </IdentifierLinkItem>,
                  ]
                : []),
            ]}
          </IdentifierLinks>
        </nav>
        {site?.banner === 'official' ? (
          <IdentifierGov aria-label="U.S. government information and services">
            Looking for U.S. government information and services? Visit USA.gov
          </IdentifierGov>
        ) : null}
      </Identifier>
    </>
  );
}

/**
 * The header's link to the notifications with the unread count, read again on each page and when the
 * window regains focus. Not on a timer: a request the user did not cause would count as activity and keep
 * an idle session from timing out.
 */
function NotificationsLink() {
  const count = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => get<Res<'/notifications/unread-count', 'get'>>('/notifications/unread-count'),
  });
  const unread = count.data?.unread ?? 0;
  return (
    <NavLink to="/notifications" className="margin-right-2" data-testid="notifications-link">
      Notifications
      {unread > 0 ? (
        <span className="usa-tag bg-secondary-dark margin-left-05">
          {unread}
          <span className="usa-sr-only"> unread</span>
        </span>
      ) : null}
    </NavLink>
  );
}

/**
 * The banner at the top of every page, as the site's configuration says: the USWDS "official website"
 * banner only for a configured official installation; a demonstration says that it is not one.
 */
function SiteBanner({ site }: { site: SiteView | undefined }) {
  if (site?.banner === 'official')
    return <GovBanner aria-label="Official website of the United States government" />;
  if (site?.banner !== 'demonstration') return null;
  return (
    <section className="usa-banner rl-demo-banner" aria-label="Demonstration site">
      <div className="usa-banner__header">
        <div className="usa-banner__inner">
          <p className="usa-banner__header-text">
            <strong>Demonstration.</strong> This is not an official government website. The people and cases
            are fictional; do not enter real personal data.
          </p>
        </div>
      </div>
    </section>
  );
}

/**
 * Finds cases from the header: by the person's name (any spelling or script), A-number, notice number or
 * case number. The words go to the case list in the page's state, never into the address bar (a name is
 * personal data).
 */
function CaseSearch() {
  const navigate = useNavigate();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = (e.currentTarget.querySelector('input')?.value ?? '').trim();
    if (!q) return;
    navigate('/cases', { state: { q } });
    e.currentTarget.reset();
  };
  return (
    <div className="rl-case-search grid-container">
      <Search
        size="small"
        onSubmit={submit}
        placeholder="Name or number"
        label="Find a case by name, A-number, notice number or case number"
        inputId="header-case-search"
        buttonAriaLabel="Find cases"
      />
    </div>
  );
}

/**
 * Warns before the idle limit, with a way to stay signed in; the session provider signs out when the limit
 * passes. Rendered only while it applies, with focus moved to its first button and kept inside it.
 */
function SessionTimeoutWarning() {
  const session = useSession();
  const [now, setNow] = useState(Date.now());
  const stayRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, []);
  const left = session.idleExpiresAt === null ? null : session.idleExpiresAt - now;
  const warn = left !== null && left > 0 && left <= IDLE_WARNING_MS;
  useEffect(() => {
    if (!warn) return;
    const t = window.setTimeout(() => stayRef.current?.focus(), 0);
    return () => window.clearTimeout(t);
  }, [warn]);
  if (!warn) return null;
  const minutes = Math.max(1, Math.ceil((left ?? 0) / 60_000));
  return (
    <div
      className="usa-modal-wrapper is-visible"
      role="dialog"
      aria-modal="true"
      aria-labelledby="session-timeout-heading"
      aria-describedby="session-timeout-text"
      onKeyDown={(e) => {
        // Keep keyboard focus inside the dialog.
        if (e.key !== 'Tab') return;
        const buttons = Array.from(e.currentTarget.querySelectorAll('button'));
        const first = buttons[0];
        const last = buttons[buttons.length - 1];
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last?.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first?.focus();
        }
      }}
    >
      <div className="usa-modal-overlay">
        <div className="usa-modal">
          <div className="usa-modal__content">
            <div className="usa-modal__main">
              <h2 className="usa-modal__heading" id="session-timeout-heading">
                Your session is about to end
              </h2>
              <div className="usa-prose">
                <p id="session-timeout-text">
                  You have been inactive. For security, you will be signed out in about {minutes} minute
                  {minutes === 1 ? '' : 's'}. Anything you have not saved will be lost.
                </p>
              </div>
              <div className="usa-modal__footer">
                <ul className="usa-button-group">
                  <li className="usa-button-group__item">
                    <button
                      ref={stayRef}
                      type="button"
                      className="usa-button"
                      onClick={() => session.stayActive()}
                    >
                      Stay signed in
                    </button>
                  </li>
                  <li className="usa-button-group__item">
                    <button
                      type="button"
                      className="usa-button usa-button--unstyled padding-105 text-center"
                      onClick={() => session.signOut()}
                    >
                      Sign out now
                    </button>
                  </li>
                </ul>
              </div>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

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
  Title,
} from '@trussworks/react-uswds';
import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { ROLE_LABELS } from '../api/types.ts';
import { HandlingMarking } from '../components/common.tsx';
import { IDLE_WARNING_MS, useSession } from '../session/session.tsx';
import { screensFor } from './nav.ts';

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
  return (
    <>
      <a className="usa-skipnav" href="#main-content">
        Skip to main content
      </a>
      <GovBanner aria-label="Official website of the United States government" />
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
                  {user.officeId ? `, ${user.officeId}` : ''})
                </p>
                <Button type="button" unstyled onClick={() => session.signOut()}>
                  Sign out
                </Button>
              </div>
            ) : null}
          </PrimaryNav>
        </div>
      </Header>
      <HandlingMarking />
      <main id="main-content" className="grid-container rl-main">
        <Outlet />
      </main>
      <SessionTimeoutWarning />
      <Identifier>
        <IdentifierMasthead aria-label="Agency identifier">
          <IdentifierIdentity domain="redline.ice.gov">
            Redline is an official application of U.S. Immigration and Customs Enforcement, an agency of the
            U.S. Department of Homeland Security.
          </IdentifierIdentity>
        </IdentifierMasthead>
        <nav aria-label="Important links">
          <IdentifierLinks>
            <IdentifierLinkItem>
              <IdentifierLink href="/api/docs">API documentation</IdentifierLink>
            </IdentifierLinkItem>
            <IdentifierLinkItem>
              <IdentifierLink href="https://www.section508.gov/">Accessibility support</IdentifierLink>
            </IdentifierLinkItem>
            <IdentifierLinkItem>
              <IdentifierLink href="https://www.dhs.gov/privacy">Privacy policy</IdentifierLink>
            </IdentifierLinkItem>
          </IdentifierLinks>
        </nav>
        <IdentifierGov aria-label="U.S. government information and services">
          Looking for U.S. government information and services? Visit USA.gov
        </IdentifierGov>
      </Identifier>
    </>
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

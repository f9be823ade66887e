import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import './styles.css';

// The counsel portal (/portal) is a separate application for the person and their counsel: it never
// loads the agency's session or screens.
const PortalApp = lazy(() => import('./portal/PortalApp.tsx'));
const inPortal = window.location.pathname === '/portal' || window.location.pathname.startsWith('/portal/');

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      {inPortal ? (
        <Suspense fallback={null}>
          <PortalApp />
        </Suspense>
      ) : (
        <App />
      )}
    </StrictMode>,
  );

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Alert } from '@trussworks/react-uswds';
import { lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { ApiError } from '../api/client.ts';
import { prefetchCasePage } from '../case/data.ts';
import { Loading, PageHeading } from '../components/common.tsx';
import { SignInPage } from '../pages/SignIn.tsx';
import { SessionProvider, useSession } from '../session/session.tsx';
import { Layout } from './Layout.tsx';
import { canSee, type ScreenId } from './nav.ts';

// Screens load on demand so the first page stays small.
const HomePage = lazy(() => import('../pages/Home.tsx'));
const CaseListPage = lazy(() => import('../pages/CaseList.tsx'));
const NewCasePage = lazy(() => import('../pages/NewCase.tsx'));
const loadCasePage = () => import('../pages/CasePage.tsx');
const CasePage = lazy(loadCasePage);
const NoticePage = lazy(() => import('../pages/NoticePage.tsx'));
const ReviewPage = lazy(() => import('../pages/Review.tsx'));
const FactsPage = lazy(() => import('../pages/Facts.tsx'));
const ChargesPage = lazy(() => import('../pages/Charges.tsx'));
const ApprovalPage = lazy(() => import('../pages/Approval.tsx'));
const LiaisonQueuePage = lazy(() => import('../pages/LiaisonQueue.tsx'));
const LiaisonRespondPage = lazy(() => import('../pages/LiaisonRespond.tsx'));
const DashboardPage = lazy(() => import('../pages/Dashboard.tsx'));
const TrainingPage = lazy(() => import('../pages/Training.tsx'));
const UsersPage = lazy(() => import('../pages/Users.tsx'));
const ImportPage = lazy(() => import('../pages/Import.tsx'));
const EmailDeliveryPage = lazy(() => import('../pages/EmailDelivery.tsx'));
const StatusFeedPage = lazy(() => import('../pages/StatusFeed.tsx'));
const PolicyPage = lazy(() => import('../pages/Policy.tsx'));
const CountryContextPage = lazy(() => import('../pages/CountryContext.tsx'));
const AuditPage = lazy(() => import('../pages/Audit.tsx'));
const RescreenPage = lazy(() => import('../pages/Rescreen.tsx'));
const AccountPage = lazy(() => import('../pages/Account.tsx'));
const WhoMayDoWhatPage = lazy(() => import('../pages/WhoMayDoWhat.tsx'));
const PacketTranslationsPage = lazy(() => import('../pages/PacketTranslations.tsx'));
const NotificationsPage = lazy(() => import('../pages/Notifications.tsx'));
const RereviewPage = lazy(() => import('../pages/Rereview.tsx'));
const OversightReportPage = lazy(() => import('../pages/OversightReport.tsx'));
const OversightReferralsPage = lazy(() => import('../pages/OversightReferrals.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      // Never retry a refusal or a missing record; retry a network blip once.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 1,
    },
  },
});

// A direct load of a case page (a link from an e-mail, a bookmark, a reload) is the common way in: start its
// code and its reads now, alongside the session check, instead of one after the other. A read made without a
// session fails with 401 and is made again once the user has signed in.
const directCase = /^\/cases\/([0-9a-f-]{36})$/.exec(window.location.pathname)?.[1];
if (directCase) {
  void loadCasePage();
  prefetchCasePage(queryClient, directCase);
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}

function Shell() {
  const session = useSession();
  if (session.status === 'loading') return <Loading what="Redline" />;
  if (session.status !== 'signed-in')
    return (
      <Routes>
        <Route element={<Layout />}>
          <Route path="*" element={<SignInPage />} />
        </Route>
      </Routes>
    );
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="/" element={<Screen id="home" el={<HomePage />} />} />
        <Route path="/cases" element={<Screen id="cases" el={<CaseListPage />} />} />
        <Route path="/cases/new" element={<Screen id="newCase" el={<NewCasePage />} />} />
        <Route path="/cases/:id" element={<Screen id="cases" el={<CasePage />} />} />
        <Route path="/cases/:id/review" element={<Screen id="cases" el={<ReviewPage />} />} />
        <Route path="/cases/:id/facts" element={<Screen id="cases" el={<FactsPage />} />} />
        <Route path="/cases/:id/charges" element={<Screen id="cases" el={<ChargesPage />} />} />
        <Route path="/cases/:id/approval" element={<Screen id="approval" el={<ApprovalPage />} />} />
        <Route path="/notices/:id" element={<Screen id="cases" el={<NoticePage />} />} />
        <Route path="/liaison" element={<Screen id="liaison" el={<LiaisonQueuePage />} />} />
        <Route path="/liaison/requests/:id" element={<Screen id="liaison" el={<LiaisonRespondPage />} />} />
        <Route path="/dashboard" element={<Screen id="dashboard" el={<DashboardPage />} />} />
        <Route path="/training" element={<Screen id="training" el={<TrainingPage />} />} />
        <Route
          path="/packet-translations"
          element={<Screen id="packetTranslations" el={<PacketTranslationsPage />} />}
        />
        <Route path="/admin/users" element={<Screen id="users" el={<UsersPage />} />} />
        <Route path="/admin/policy" element={<Screen id="policy" el={<PolicyPage />} />} />
        <Route
          path="/admin/country-context"
          element={<Screen id="countryContext" el={<CountryContextPage />} />}
        />
        <Route path="/admin/import" element={<Screen id="legacyImport" el={<ImportPage />} />} />
        <Route
          path="/admin/email-delivery"
          element={<Screen id="emailDelivery" el={<EmailDeliveryPage />} />}
        />
        <Route path="/liaison/status-feed" element={<Screen id="statusFeed" el={<StatusFeedPage />} />} />
        <Route path="/audit" element={<Screen id="audit" el={<AuditPage />} />} />
        <Route path="/rereview" element={<Screen id="rereview" el={<RereviewPage />} />} />
        <Route path="/reports/oversight" element={<Screen id="report" el={<OversightReportPage />} />} />
        <Route
          path="/oversight/referrals"
          element={<Screen id="oversightReferrals" el={<OversightReferralsPage />} />}
        />
        <Route path="/rescreen" element={<Screen id="rescreen" el={<RescreenPage />} />} />
        <Route path="/account" element={<Screen id="account" el={<AccountPage />} />} />
        <Route path="/who-may-do-what" element={<Screen id="rules" el={<WhoMayDoWhatPage />} />} />
        <Route path="/notifications" element={<Screen id="notifications" el={<NotificationsPage />} />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

/**
 * A screen for the roles allowed to see it. Others get a plain explanation; the server refuses the data
 * anyway, so this is about clarity, not protection.
 */
function Screen({ id, el }: { id: ScreenId; el: ReactNode }) {
  const session = useSession();
  if (!canSee(session.user?.role, id)) return <NoAccess />;
  return <Suspense fallback={<Loading />}>{el}</Suspense>;
}

export function NoAccess() {
  return (
    <>
      <PageHeading title="You do not have access to this page" />
      <Alert type="warning" headingLevel="h2" heading="Not available for your role">
        Your role does not include this page. If you need it for your work, ask your supervisor or an
        administrator. <a href="/">Go to your home page</a>.
      </Alert>
    </>
  );
}

function NotFound() {
  return (
    <>
      <PageHeading title="Page not found" />
      <p>
        There is no page at this address. <a href="/">Go to your home page</a>.
      </p>
    </>
  );
}

import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { CenteredLoader } from './components/CenteredLoader';
import { AccessRequestsPage } from './pages/AccessRequestsPage';
import { AccountPage } from './pages/AccountPage';
import { AuditPage } from './pages/AuditPage';
import { InvitePage } from './pages/InvitePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RecordingsPage } from './pages/RecordingsPage';
import { ResourcesPage } from './pages/ResourcesPage';
import { SessionsPage } from './pages/SessionsPage';
import { RequireSession } from './session/RequireSession';
import { HOME_PATH } from './session/loginState';

// xterm.js is most of the bundle: load it only with the pages that draw a terminal.
const TerminalPage = lazy(() => import('./pages/TerminalPage').then((m) => ({ default: m.TerminalPage })));
const PlayerPage = lazy(() => import('./pages/PlayerPage').then((m) => ({ default: m.PlayerPage })));
const DesktopPage = lazy(() => import('./pages/DesktopPage').then((m) => ({ default: m.DesktopPage })));

export function App() {
  return (
    <Suspense fallback={<CenteredLoader label="Loading…" />}>
      <Routes>
        <Route path="/" element={<Navigate to={HOME_PATH} replace />} />
        <Route path="/web" element={<Navigate to={HOME_PATH} replace />} />
        <Route path="/web/login" element={<LoginPage />} />
        <Route path="/web/invite/:token" element={<InvitePage />} />
        <Route element={<RequireSession />}>
          <Route path="/web/terminal/:node/:login" element={<TerminalPage />} />
          <Route path="/web/desktop/:desktop/:login" element={<DesktopPage />} />
          <Route element={<AppLayout />}>
            <Route path="/web/resources" element={<ResourcesPage />} />
            <Route path="/web/sessions" element={<SessionsPage />} />
            <Route path="/web/requests" element={<AccessRequestsPage />} />
            <Route path="/web/audit" element={<AuditPage />} />
            <Route path="/web/recordings" element={<RecordingsPage />} />
            <Route path="/web/recordings/:id" element={<PlayerPage />} />
            <Route path="/web/account" element={<AccountPage />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}

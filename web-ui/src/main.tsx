import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { SessionProvider } from './session/SessionContext';
import { theme } from './theme';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// No ColorSchemeScript: it is an inline <script>, which the CSP (script-src 'self') refuses.
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      {/* Plain (non-transition) navigations commit together with the session state they go with,
          so leaving on a 401 or a log-out never renders a logged-in page without its session. */}
      <BrowserRouter useTransitions={false}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);

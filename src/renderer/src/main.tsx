// The base and theme layers first: component and feature stylesheets, imported by their modules, follow them.
import './styles/theme.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/forms.css';
import './styles/page.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getClient } from './api/client';
import { askOpeningCallsEarly } from './app/opening-calls';

// Connects to the host and asks for what the first screen shows now, so the handshake and the host's answers
// overlap the first render instead of following it.
getClient();
askOpeningCallsEarly();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getClient } from './api/client';
import './styles/theme.css';
import './styles/app.css';

// Connects to the host now, so the handshake overlaps the first render instead of following it.
getClient();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

/** The renderer's root. Everything reaches the host through `getClient()` (see api/client.ts). */
import { AppFrame } from './app/app-frame';

export function App() {
  return <AppFrame />;
}

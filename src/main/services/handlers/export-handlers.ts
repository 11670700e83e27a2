import { InvalidInputError } from '#shared/errors';
import type { DomainHandlers } from './types';

const NO_DIALOGS =
  'The browser version has no file dialogs: type an absolute path on the machine running `npm run serve`, or download the export';

export const exportHandlers: DomainHandlers<
  'export.results' | 'export.dataset' | 'host.chooseSavePath' | 'host.chooseFolder'
> = ({ exports, dialogs }) => ({
  'export.results': async (input, { session }) => ({ jobId: await exports.startResults(session, input) }),
  'export.dataset': async (input, { session }) => ({ jobId: await exports.startDataset(session, input) }),
  'host.chooseSavePath': async (input) => {
    if (!dialogs) throw new InvalidInputError(NO_DIALOGS);
    return { path: await dialogs.chooseSavePath(input) };
  },
  'host.chooseFolder': async (input) => {
    if (!dialogs) throw new InvalidInputError(NO_DIALOGS);
    return { path: await dialogs.chooseFolder(input) };
  },
});

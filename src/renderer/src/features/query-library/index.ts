/** The query library, mounted in the query builder: its header actions and the panel beside it. */
export { QueryLibraryActions } from './library-actions';
export { QueryLibraryPanel } from './library-panel';

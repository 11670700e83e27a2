/** What other features use from the results: the panel to mount, and the calls that start and stop runs. */
export { QueryRunPanel, type QueryRunPanelProps } from './query-run-panel';
export { cancelQuery, type RunOptions, type RunStatus, runQuery, useQueryRun } from './query-run-store';

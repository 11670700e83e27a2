/** What other features use from exports: the toolbar buttons that open the export dialogs. */
export { ExportButtons, type ExportButtonsProps } from './export-buttons';

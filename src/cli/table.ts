/** The table renderer moved to src/text-table.ts (the backtest uses it too and never imports the CLI). */
export { renderTable } from '../text-table.js';

import { capturedShareSuite } from './captured-suite.js';

// The Nano house; every other shipped backtest config is in captured-other.test.ts.
capturedShareSuite(['config/backtest-nano.yaml']);

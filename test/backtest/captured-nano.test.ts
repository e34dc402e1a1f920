import { capturedShareSuite } from './captured-suite.js';

// The Nano house in its three windows; its generated variants are in captured-variants.test.ts.
capturedShareSuite(['config/backtest-nano.yaml'], { windows: true, variants: false });
